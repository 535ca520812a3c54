/**
 * Pure text formatting for the language server's views: shapes, counts, inlay-hint labels and
 * tooltips, and the model summary table. No LSP or tree-sitter types here.
 */
import { formatCount, formatMagnitude, formatShape as sharedFormatShape, type ShapeStyle } from '../analysis/format.js';
import type { AnalysisResult, LayerResult, Position, Shape, Tensor } from '../analysis/types.js';

export type { ShapeStyle };

/** A shape as the user reads it (the CLI's spelling): `(None, 112, 112, 64)` or `1×64×112×112`. */
export function formatShape(shape: Shape | null, style: ShapeStyle): string {
  return sharedFormatShape(shape, style);
}

/** `34,944`. */
export function formatExact(n: number): string {
  return formatCount(n);
}

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
export function formatOutputs(outputs: readonly Tensor[], style: ShapeStyle): string {
  if (outputs.length === 1) return formatShape(outputs[0]!.shape, style);
  return outputs.map((t) => `${t.name}: ${formatShape(t.shape, style)}`).join(', ');
}

function positionKey(p: Position): string {
  return `${p.line}:${p.character}`;
}

/**
 * Layers grouped by where their hint goes, in document order. Several layers share an anchor when
 * a Python helper that builds them is called several times.
 */
export function groupByAnchor(layers: readonly LayerResult[]): { anchor: Position; layers: LayerResult[] }[] {
  const groups = new Map<string, { anchor: Position; layers: LayerResult[] }>();
  for (const layer of layers) {
    const key = positionKey(layer.anchor);
    const group = groups.get(key);
    if (group) group.layers.push(layer);
    else groups.set(key, { anchor: layer.anchor, layers: [layer] });
  }
  return [...groups.values()].sort((a, b) => a.anchor.line - b.anchor.line || a.anchor.character - b.anchor.character);
}

function distinct<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

export interface HintOptions {
  readonly style: ShapeStyle;
  readonly showParams: boolean;
}

/**
 * The label for the layers at one anchor: `→ (None, 112, 112, 64)`, or the distinct shapes of a
 * helper's calls joined: `→ (None, 112, 112, 64) | (None, 56, 56, 128)`. Null when no layer has
 * an output to show.
 */
export function hintLabel(layers: readonly LayerResult[], options: HintOptions): string | null {
  const withOutputs = layers.filter((l) => l.outputs.length > 0);
  if (withOutputs.length === 0) return null;
  const shapes = distinct(withOutputs.map((l) => formatOutputs(l.outputs, options.style)));
  let label = `→ ${shapes.join(' | ')}`;
  if (options.showParams) {
    const params = distinct(withOutputs.map((l) => l.params));
    if (params.length === 1 && params[0] !== null && params[0] !== undefined && params[0] > 0) {
      label += ` · ${formatCompact(params[0])} params`;
    }
  }
  return label;
}

function layerTitle(layer: LayerResult): string {
  return layer.name ? `**${layer.name}** · \`${layer.type}\`` : `\`${layer.type}\``;
}

/** Params and MACs as a line, e.g. `Params: 34,944 · MACs: 105.4M (105,415,200)`. */
export function costLine(layer: LayerResult): string | null {
  const parts: string[] = [];
  if (layer.params !== null) parts.push(`Params: ${formatExact(layer.params)}`);
  if (layer.macs !== null) parts.push(`MACs: ${formatCompact(layer.macs)}${layer.macs >= 1000 ? ` (${formatExact(layer.macs)})` : ''}`);
  return parts.length > 0 ? parts.join(' · ') : null;
}

/** Markdown tooltip for the layers at one anchor. */
export function hintTooltip(layers: readonly LayerResult[], style: ShapeStyle): string {
  const blocks = layers.slice(0, 8).map((layer, i) => {
    const lines = [layers.length > 1 ? `${layerTitle(layer)} (call ${i + 1} of ${layers.length})` : layerTitle(layer)];
    for (const input of layer.inputs) lines.push(`- in \`${input.name}\`: ${formatShape(input.shape, style)}`);
    for (const output of layer.outputs) lines.push(`- out \`${output.name}\`: ${formatShape(output.shape, style)}`);
    const cost = costLine(layer);
    if (cost) lines.push(`- ${cost}`);
    return lines.join('\n');
  });
  if (layers.length > 8) blocks.push(`… and ${layers.length - 8} more calls`);
  return blocks.join('\n\n');
}

/** A plain-text table; the last column is right-aligned with the numeric ones. */
function table(header: readonly string[], rows: readonly (readonly string[])[], numeric: readonly boolean[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A call of a user function or model (LayerResult.composite): its layers have entries of their own. */
export function isComposite(layer: LayerResult): boolean {
  return 'composite' in layer && layer.composite === true;
}

/**
 * The model summary: one row per layer (layer, type, output, params, MACs), then totals. Params
 * and MACs of repeated helper calls all count, as they are separate layers in the model.
 */
export function summaryText(result: AnalysisResult, title: string, style: ShapeStyle): string {
  const rows = result.layers.map((l) => [
    l.name ?? '',
    l.type,
    l.outputs.length === 0 ? '' : formatOutputs(l.outputs, style),
    isComposite(l) ? '' : l.params === null ? '?' : formatExact(l.params),
    isComposite(l) ? '' : l.macs === null ? '?' : formatExact(l.macs),
  ]);
  const framework = result.language === 'prototxt' ? 'Caffe' : 'Keras/TensorFlow';
  const out = [`${title} (${framework}): ${result.layers.length} layer${result.layers.length === 1 ? '' : 's'}`, ''];
  if (rows.length > 0) out.push(table(['Layer', 'Type', 'Output', 'Params', 'MACs'], rows, [false, false, false, true, true]), '');
  // Calls of user functions and models summarise layers that have rows of their own.
  const counted = result.layers.filter((l) => !isComposite(l));
  const params = counted.reduce((s, l) => s + (l.params ?? 0), 0);
  const macs = counted.reduce((s, l) => s + (l.macs ?? 0), 0);
  const unknownParams = counted.filter((l) => l.params === null).length;
  const unknownMacs = counted.filter((l) => l.macs === null).length;
  out.push(`Total params: ${formatExact(params)} (${formatMagnitude(params)})${unknownParams ? `, plus ${unknownParams} layer${unknownParams === 1 ? '' : 's'} unknown` : ''}`);
  out.push(`Total MACs: ${formatExact(macs)} (${formatMagnitude(macs)})${unknownMacs ? `, plus ${unknownMacs} layer${unknownMacs === 1 ? '' : 's'} unknown` : ''}`);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
  if (errors + warnings > 0) out.push(`Diagnostics: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`);
  return out.join('\n') + '\n';
}
