/**
 * Hover text for a layer: its input and output shapes, and for windowed layers, per axis, the
 * rule with this layer's numbers, the pad split, a diagram of the windows over the padded input
 * and a one-line cross-framework note. Pure: LayerResults in, markdown out.
 */
import type { AnalysisResult, Diagnostic, LayerResult, Position, Range, Tensor, Windowing } from '../analysis/types.js';
import { renderWindowDiagram } from '../engine/diagram.js';
import { crossFrameworkNote } from '../engine/explain.js';
import { isKnown, formatDim } from '../engine/dim.js';
import { axisText, describePadding, windowStarts, type AxisResult } from '../engine/window.js';
import { formatShape, type ShapeFormat } from '../analysis/format.js';
import { costLine } from './format.js';

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

export function rangeContains(range: Range, p: Position): boolean {
  return !before(p, range.start) && !before(range.end, p);
}

function rangeSize(r: Range): number {
  return (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character);
}

/**
 * The layers the position is in: the innermost layer range holding it, with every other layer
 * sharing that exact range (one helper called several times).
 */
export function layersAt(layers: readonly LayerResult[], p: Position): LayerResult[] {
  let best: LayerResult | null = null;
  for (const l of layers) {
    if (rangeContains(l.range, p) && (best === null || rangeSize(l.range) < rangeSize(best.range))) best = l;
  }
  if (best === null) return [];
  const r = best.range;
  return layers.filter(
    (l) =>
      l.range.start.line === r.start.line &&
      l.range.start.character === r.start.character &&
      l.range.end.line === r.end.line &&
      l.range.end.character === r.end.character,
  );
}

/**
 * The error diagnostics of each layer, each given to the innermost layer whose range holds it
 * (a nested call's error is its own, not the enclosing call's).
 */
export function errorsByLayer(result: AnalysisResult): Map<LayerResult, Diagnostic[]> {
  const out = new Map<LayerResult, Diagnostic[]>();
  for (const d of result.diagnostics) {
    if (d.severity !== 'error') continue;
    let best: LayerResult | null = null;
    for (const l of result.layers) {
      // Diagnostics are the document's; a layer whose code is in an imported file has none here.
      if (l.file === undefined && rangeContains(l.range, d.range.start) && rangeContains(l.range, d.range.end) && (best === null || rangeSize(l.range) < rangeSize(best.range))) best = l;
    }
    if (best === null) continue;
    const list = out.get(best);
    if (list) list.push(d);
    else out.set(best, [d]);
  }
  return out;
}

/**
 * For an axis without padding whose windows all lie inside the input (dilation 1), how many input
 * cells at the end no window reads; null for any other axis, which gets a picture.
 */
function unreadCells(axis: AxisResult): number | null {
  const starts = windowStarts(axis);
  if (!starts || !isKnown(axis.input) || axis.padBefore !== 0 || axis.padAfter !== 0 || axis.window.dilation > 1) return null;
  const end = starts.first + (starts.count - 1) * starts.step + axis.extent;
  return end <= axis.input ? axis.input - end : null;
}

function axisLabel(names: readonly string[], i: number): string {
  return names[i] ?? `axis ${i}`;
}

function pad(n: number | null): string {
  return n === null ? '?' : String(n);
}

/** The widest a diagram line may be: a hover in a half-width split editor shows ~50 columns. */
const DIAGRAM_COLUMNS = 50;

/**
 * Axes with identical blocks are shown once under a joint label (`H, W`): a square conv reads as
 * one explanation, not two copies.
 */
function joinAxes(names: readonly string[], blocks: readonly ((label: string) => string)[]): string[] {
  const groups: { labels: string[]; render: (label: string) => string; key: string }[] = [];
  blocks.forEach((render, i) => {
    const key = render('');
    const same = groups.find((g) => g.key === key);
    if (same) same.labels.push(axisLabel(names, i));
    else groups.push({ labels: [axisLabel(names, i)], render, key });
  });
  return groups.map((g) => g.render(g.labels.join(', ')));
}

/** The per-axis part of a hover, as markdown blocks. */
export function windowingMarkdown(w: Windowing): string[] {
  switch (w.kind) {
    case 'window':
      return joinAxes(
        w.axisNames,
        w.axes.map((axis) => (label: string) => {
          const k = axis.window;
          const params = [`kernel ${k.kernel}`, `stride ${k.stride}`, ...(k.dilation > 1 ? [`dilation ${k.dilation}`] : []), describePadding(axis.padding)];
          const head = `**${label}** (${params.join(', ')}) → ${formatDim(axis.output)}`;
          const note = crossFrameworkNote(axis);
          const noteLines = note ? ['', `*${note}*`] : [];
          const unread = unreadCells(axis);
          const text = axisText(axis);
          // No padding and every window inside the input: nothing to draw.
          if (unread !== null) {
            const tail = unread > 0 ? ` · the last ${unread} input cell${unread === 1 ? ' is' : 's are'} never read` : '';
            return [`${head}, no padding: \`${text.computation}\`${tail}`, ...noteLines].join('\n');
          }
          // The answer first (the pad split and its arithmetic), then the rule with the numbers,
          // the picture and the porting note.
          const lines = [`${head}: pad ${pad(axis.padBefore)} before, ${pad(axis.padAfter)} after`];
          if (text.padRule) lines.push(`\`${text.padRule}\``);
          lines.push(`\`${text.formula}\`: \`${text.computation}\``);
          const block = [lines.join('  \n')];
          const diagram = renderWindowDiagram(axis, DIAGRAM_COLUMNS);
          if (diagram) block.push('```text', diagram, '```');
          return [...block, ...noteLines].join('\n');
        }),
      );
    case 'transpose':
      return joinAxes(
        w.axisNames,
        w.axes.map((axis) => (label: string) => {
          const k = axis.window;
          const crop =
            axis.cropBefore === null || axis.cropAfter === null
              ? ''
              : ` · crops ${axis.cropBefore} before, ${axis.cropAfter} after the full ${k.stride}·(I−1)+${axis.extent} result`;
          return [
            `**${label}** (transposed, kernel ${k.kernel}, stride ${k.stride}${k.dilation > 1 ? `, dilation ${k.dilation}` : ''}): \`${axis.formula}\``,
            '',
            `\`${axis.computation}\`${crop}`,
          ].join('\n');
        }),
      );
    case 'pad':
      return [joinAxes(w.axisNames, w.pads.map((p) => (label: string) => `**${label}**: pad ${p.before} before, ${p.after} after`)).join('  \n')];
  }
}

/** `data: (1, 3, 224, 224)` → `conv1: (1, 64, 112, 112)`: the layer's tensors on one line. */
function ioLine(layer: LayerResult, format: ShapeFormat): string {
  const tensors = (ts: readonly Tensor[]) => ts.map((t) => `\`${t.name}: ${formatShape(t.shape, format, t.tail)}\``).join(', ');
  return `${tensors(layer.inputs) || '(no input)'} → ${tensors(layer.outputs) || '(no output)'}`;
}

const MAX_CALLS = 6;

/**
 * `Concatenated on axis 1: `64 + 128 + 32 + 32 = 256``: for a concatenation (Caffe `Concat`, Keras
 * `Concatenate`, `tf.concat`, …) whose sizes are all known, the axis where the output differs from
 * the inputs and the sum it is; null otherwise.
 */
function concatLine(layer: LayerResult): string | null {
  const out = layer.outputs.length === 1 ? layer.outputs[0]!.shape : null;
  if (!/concat/i.test(layer.type) || layer.inputs.length < 2 || !out || !out.every(isKnown)) return null;
  const ins = layer.inputs.map((t) => t.shape);
  if (!ins.every((s): s is readonly number[] => s !== null && s.length === out.length && s.every(isKnown))) return null;
  const axes = out.map((_, i) => i).filter((i) => ins.some((s) => s[i] !== out[i]));
  if (axes.length !== 1) return null;
  const axis = axes[0]!;
  const parts = ins.map((s) => s[axis]!);
  if (parts.reduce((a, b) => a + b, 0) !== out[axis]) return null;
  return `Concatenated on axis ${axis}: \`${parts.join(' + ')} = ${String(out[axis])}\``;
}

/** Markdown for the layers under the cursor (one layer, or one helper layer's several calls). */
export function hoverMarkdown(layers: readonly LayerResult[], format: ShapeFormat): string | null {
  const first = layers[0];
  if (!first) return null;
  const named = first.name ? `**${first.name}** · \`${first.type}\`` : `\`${first.type}\``;
  // A fork layer type: say whose source the rule follows, since forks of one name differ.
  const title = first.fork ? `${named} (fork: ${first.fork})` : named;
  const sections: string[] = [];
  if (layers.length === 1) {
    const cost = costLine(first);
    const concat = concatLine(first);
    sections.push([cost ? `${title} · ${cost}` : title, '', ioLine(first, format), ...(concat ? ['', concat] : [])].join('\n'));
  } else {
    const calls = layers.slice(0, MAX_CALLS).map((l, i) => {
      const io = [...l.inputs.map((t) => formatShape(t.shape, format, t.tail)), '→', ...l.outputs.map((t) => formatShape(t.shape, format, t.tail))];
      return `${i + 1}. \`${io.join(' ')}\``;
    });
    if (layers.length > MAX_CALLS) calls.push(`… and ${layers.length - MAX_CALLS} more`);
    sections.push([`${title}, built ${layers.length} times:`, '', ...calls].join('\n'));
  }
  // Windowing details once per distinct computation.
  const details: string[] = [];
  const seen = new Set<string>();
  for (const layer of layers) {
    if (!layer.windowing) continue;
    const blocks = windowingMarkdown(layer.windowing);
    const key = blocks.join('\n');
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > 3) break;
    if (layers.length > 1) {
      const inShape = layer.inputs[0] ? formatShape(layer.inputs[0].shape, format, layer.inputs[0].tail) : '?';
      details.push(`On input \`${inShape}\`:`);
    }
    details.push(...blocks);
  }
  return [sections.join('\n\n'), ...(details.length > 0 ? [details.join('\n\n')] : [])].join('\n\n---\n\n');
}
