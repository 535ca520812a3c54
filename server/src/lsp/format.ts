/**
 * Pure text formatting for the language server's views: shapes, counts, inlay-hint labels and
 * tooltips, and the model summary table. No LSP or tree-sitter types here.
 */
import { formatCount, formatShape, type ShapeFormat } from '../analysis/format.js';
import { summaryTable } from '../analysis/summary.js';
import type { AnalysisResult, Diagnostic, LayerResult, Position, Tensor } from '../analysis/types.js';

/** `950`, `34.9K`, `61.0M`, `1.2G`: three significant-ish digits for hints and tables. */
export function formatCompact(n: number): string {
  const abs = Math.abs(n);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [scale, suffix] of units) {
    if (abs >= scale) {
      const v = n / scale;
      return `${Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)}${suffix}`;
    }
  }
  return String(Math.round(n));
}

/** The outputs of one layer: a lone shape, or `name: shape` pairs when it has several tops. */
export function formatOutputs(outputs: readonly Tensor[], format: ShapeFormat): string {
  if (outputs.length === 1) return formatShape(outputs[0]!.shape, format, outputs[0]!.tail);
  return outputs.map((t) => `${t.name}: ${formatShape(t.shape, format, t.tail)}`).join(', ');
}

/**
 * Layers grouped by where their hint goes, in document order. Several layers share an anchor when
 * a Python helper that builds them is called several times; they keep their order in the group.
 */
export function groupByAnchor(layers: readonly LayerResult[]): { anchor: Position; layers: LayerResult[] }[] {
  // A stable sort by anchor (rows mostly come in document order: then none), then one group per run of equal anchors.
  const order = (a: LayerResult, b: LayerResult): number => a.anchor.line - b.anchor.line || a.anchor.character - b.anchor.character;
  let inOrder = true;
  for (let i = 1; i < layers.length && inOrder; i++) inOrder = order(layers[i - 1]!, layers[i]!) <= 0;
  const sorted = inOrder ? layers : [...layers].sort(order);
  const groups: { anchor: Position; layers: LayerResult[] }[] = [];
  for (const layer of sorted) {
    const last = groups[groups.length - 1];
    if (last && last.anchor.line === layer.anchor.line && last.anchor.character === layer.anchor.character) last.layers.push(layer);
    else groups.push({ anchor: layer.anchor, layers: [layer] });
  }
  return groups;
}

function distinct<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

export interface HintOptions {
  readonly format: ShapeFormat;
  readonly showParams: boolean;
}

/**
 * The label for the layers at one anchor: `→ (None, 112, 112, 64)`, or the distinct shapes of a
 * helper's calls joined: `→ (None, 112, 112, 64) | (None, 56, 56, 128)`. Null when no layer has
 * an output to show.
 */
export function hintLabel(layers: readonly LayerResult[], options: HintOptions): string | null {
  // One layer at the anchor (every Caffe layer, most Keras ones): its outputs, no joining.
  if (layers.length === 1) {
    const layer = layers[0]!;
    if (layer.outputs.length === 0) return null;
    const label = `→ ${formatOutputs(layer.outputs, options.format)}`;
    return options.showParams ? label + paramsSuffix(layer.params) : label;
  }
  const withOutputs = layers.filter((l) => l.outputs.length > 0);
  if (withOutputs.length === 0) return null;
  const shapes = distinct(withOutputs.map((l) => formatOutputs(l.outputs, options.format)));
  const label = `→ ${shapes.join(' | ')}`;
  if (!options.showParams) return label;
  // Only when the calls agree on the count.
  const params = distinct(withOutputs.map((l) => l.params));
  return label + paramsSuffix(params.length === 1 ? params[0]! : null);
}

/** ` · 34.9K params` for a positive count, else nothing. */
function paramsSuffix(params: number | null): string {
  return params !== null && params > 0 ? ` · ${formatCompact(params)} params` : '';
}

function layerTitle(layer: LayerResult): string {
  if (layer.name && layer.defaultName) return `\`${layer.type}\` · Keras' default name \`${layer.name}\``;
  return layer.name ? `**${layer.name}** · \`${layer.type}\`` : `\`${layer.type}\``;
}

/** Params and MACs as a line, e.g. `Params: 34,944 · MACs: 105.4M (105,415,200)`. */
export function costLine(layer: LayerResult): string | null {
  const parts: string[] = [];
  if (layer.params !== null) parts.push(`Params: ${formatCount(layer.params)}`);
  if (layer.macs !== null) parts.push(`MACs: ${formatCompact(layer.macs)}${layer.macs >= 1000 ? ` (${formatCount(layer.macs)})` : ''}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Markdown tooltip for the layers at one anchor; their errors (why the hint is marked ✗) first. */
export function hintTooltip(layers: readonly LayerResult[], format: ShapeFormat, errors: readonly Diagnostic[] = []): string {
  const why = distinct(errors.map((d) => d.message)).map((m) => `✗ ${m}`);
  const blocks = layers.slice(0, 8).map((layer, i) => {
    const lines = [layers.length > 1 ? `${layerTitle(layer)} (call ${i + 1} of ${layers.length})` : layerTitle(layer)];
    for (const input of layer.inputs) lines.push(`- in \`${input.name}\`: ${formatShape(input.shape, format, input.tail)}`);
    for (const output of layer.outputs) lines.push(`- out \`${output.name}\`: ${formatShape(output.shape, format, output.tail)}`);
    const cost = costLine(layer);
    if (cost) lines.push(`- ${cost}`);
    return lines.join('\n');
  });
  if (layers.length > 8) blocks.push(`… and ${layers.length - 8} more calls`);
  return [...why, ...blocks].join('\n\n');
}

/** The model summary document: a title line, the shared summary table, and a diagnostics count. */
export function summaryText(result: AnalysisResult, title: string, format: ShapeFormat): string {
  const framework = result.language === 'prototxt' ? 'Caffe' : 'Keras/TensorFlow';
  const out = [`${title} (${framework}): ${result.layers.length} layer${result.layers.length === 1 ? '' : 's'}`, '', summaryTable(result, format.style)];
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors + warnings > 0) out.push(`Diagnostics: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return out.join('\n') + '\n';
}
