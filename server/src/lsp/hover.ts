/**
 * Hover text for a layer: its input and output shapes, and for windowed layers, per axis, the
 * rule with this layer's numbers, the pad split, a diagram of the windows over the padded input
 * and a one-line cross-framework note. Pure: LayerResults in, markdown out.
 */
import type { LayerResult, Position, Range, Tensor, Windowing } from '../analysis/types.js';
import { renderWindowDiagram } from '../engine/diagram.js';
import { crossFrameworkNote } from '../engine/explain.js';
import { describePadding } from '../engine/window.js';
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

function axisLabel(names: readonly string[], i: number): string {
  return names[i] ?? `axis ${i}`;
}

function pad(n: number | null): string {
  return n === null ? '?' : String(n);
}

/** Diagram width in cells: keeps hovers narrow (the diagram elides the middle of long axes). */
const DIAGRAM_CELLS = 14;

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
          // The numbers first, then the picture and the porting note; the general rule last, as
          // hovers are short and scroll.
          const lines = [`**${label}** (${params.join(', ')}): \`${axis.computation}\` · pad ${pad(axis.padBefore)} before, ${pad(axis.padAfter)} after`];
          const diagram = renderWindowDiagram(axis, DIAGRAM_CELLS);
          if (diagram) lines.push('```text', diagram, '```');
          const note = crossFrameworkNote(axis);
          if (note) lines.push('', `*${note}*`);
          lines.push('', `Rule: \`${axis.formula}\`${axis.padRule ? `; ${axis.padRule}` : ''}`);
          return lines.join('\n');
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
  const tensors = (ts: readonly Tensor[]) => ts.map((t) => `\`${t.name}: ${formatShape(t.shape, format)}\``).join(', ');
  return `${tensors(layer.inputs) || '(no input)'} → ${tensors(layer.outputs) || '(no output)'}`;
}

const MAX_CALLS = 6;

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
    sections.push([cost ? `${title} · ${cost}` : title, '', ioLine(first, format)].join('\n'));
  } else {
    const calls = layers.slice(0, MAX_CALLS).map((l, i) => {
      const io = [...l.inputs.map((t) => formatShape(t.shape, format)), '→', ...l.outputs.map((t) => formatShape(t.shape, format))];
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
      const inShape = layer.inputs[0] ? formatShape(layer.inputs[0].shape, format) : '?';
      details.push(`On input \`${inShape}\`:`);
    }
    details.push(...blocks);
  }
  return [sections.join('\n\n'), ...(details.length > 0 ? [details.join('\n\n')] : [])].join('\n\n---\n\n');
}
