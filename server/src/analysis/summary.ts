/**
 * The model summary table, like Keras' model.summary(): one row per layer output (layer, output
 * shape, params, MACs), then totals. A Python file gets one table per model it builds (each with a
 * `Model: name` title and its own totals), a prototxt one table for its net. The CLI prints it;
 * the editor shows it in a document.
 */
import { formatCount, formatMagnitude, formatShape, shapeFormat, type ShapeFormat, type ShapeStyle } from './format.js';
import type { AnalysisResult, LayerResult, ModelSummary } from './types.js';

/** `conv1 (layers.Conv2D)` for a name the code gave; Keras' default name in brackets after the type: `layers.Conv2D [conv2d_1]`. */
function label(l: LayerResult): string {
  const repeats = l.repeats ? ` ×${l.repeats}` : '';
  // Rows a custom layer or nested model applied, under its row as Keras' expand_nested prints them.
  const indent = l.depth ? `${'  '.repeat(l.depth - 1)}└ ` : '';
  if (l.name === null) return indent + l.type + repeats;
  return indent + (l.defaultName ? `${l.type} [${l.name}]` : `${l.name} (${l.type})`) + repeats;
}

/** The params a model's rows add up to, or null when one of them is unknown. */
export function modelParams(model: ModelSummary): { known: number; unknown: number } {
  const counted = model.layers.filter((l) => !l.composite);
  return { known: counted.reduce((s, l) => s + (l.params ?? 0), 0), unknown: counted.filter((l) => l.params === null).length };
}

/** `Model: resnet50 (entry point ResNet50, line 142)`. */
function title(m: ModelSummary): string {
  const where = `line ${m.range.start.line + 1}`;
  return `Model: ${m.name} (${m.entry !== null && m.entry !== m.name ? `entry point ${m.entry}, ` : ''}${where})`;
}

/** `Total params: 9,408 (9.41 K), plus 1 layer unknown`. */
function total(what: string, layers: readonly LayerResult[], pick: (l: LayerResult) => number | null): string {
  const sum = layers.reduce((s, l) => s + (pick(l) ?? 0), 0);
  const unknown = layers.filter((l) => pick(l) === null).length;
  const plus = unknown ? `, plus ${unknown} layer${unknown === 1 ? '' : 's'} unknown` : '';
  // A total JavaScript cannot hold exactly is not printed rounded.
  if (!Number.isSafeInteger(sum)) return `Total ${what}: unknown (over 2^53)${plus}`;
  return `Total ${what}: ${formatCount(sum)} (${formatMagnitude(sum)})${plus}`;
}

export function summaryTable(result: AnalysisResult, style: ShapeStyle = 'tuple'): string {
  if (!result.models) return table(result.layers, shapeFormat(result.language, style));
  if (result.models.length === 0) return 'No model: no layer is applied in this file.';
  return result.models.map((m) => `${title(m)}\n${table(m.layers, shapeFormat(result.language, style))}`).join('\n\n');
}

function table(layers: readonly LayerResult[], format: ShapeFormat): string {
  // Calls of user functions and models (composite) show what they return; their layers have rows
  // of their own, so they count nothing (a custom layer's or model's call shows its rows' params).
  const rows = layers.flatMap((l) =>
    (l.outputs.length > 0 ? l.outputs : [null]).map((t, i) => [
      i === 0 ? label(l) : '',
      t === null ? '-' : (l.outputs.length > 1 ? `${t.name}: ` : '') + formatShape(t.shape, format, t.tail),
      i > 0 || (l.composite && l.params === null) ? '' : formatCount(l.params),
      i > 0 || l.composite ? '' : formatCount(l.macs),
    ]),
  );
  const header = ['Layer (type)', 'Output shape', 'Params', 'MACs'];
  // A reduce, not Math.max(...rows): a spread of 200,000 rows overflows the call stack.
  const widths = header.map((h, c) => rows.reduce((w, r) => Math.max(w, r[c]!.length), h.length));
  const line = (r: readonly string[]) => r.map((cell, c) => (c >= 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('   ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b + 3, -3));
  const counted = layers.filter((l) => !l.composite);
  return [line(header), rule, ...rows.map(line), rule, total('params', counted, (l) => l.params), total('MACs', counted, (l) => l.macs)].join('\n');
}
