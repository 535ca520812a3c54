/**
 * A small monospace picture of the windows of one axis over its padded input, for hovers:
 *
 *   pad|                 |pad        (k3 s2, pads 1 and 1, on 6 cells)
 *     0| 1  2  3  4  5  6| 0
 *   |________|
 *         |________|
 *               |________|
 *
 * Pad cells show 0, input cells their 1-based index; cells a Caffe ceil-mode window reaches past
 * the pad show `·` (clipped). Long axes keep the first two windows and the last one, eliding the
 * cells and windows between.
 */
import { isKnown } from './dim.js';
import { windowStarts, type AxisResult } from './window.js';

type Column = { kind: 'cell'; pos: number } | { kind: 'gap' };

export function renderWindowDiagram(axis: AxisResult, maxCells = 18): string | null {
  const starts = windowStarts(axis);
  if (!starts || !isKnown(axis.input) || axis.padAfter === null) return null;
  const I = axis.input;
  const E = axis.extent;
  const D = axis.window.dilation;
  const padEnd = I + axis.padAfter;
  const startOf = (j: number) => starts.first + j * starts.step;
  const last = starts.count - 1;
  const lo = Math.min(starts.first, 0);
  const hi = Math.max(padEnd, startOf(last) + E) - 1;
  const columns = chooseColumns(lo, hi, maxCells, startOf(Math.min(1, last)) + E - 1, Math.min(startOf(last), I));

  // Every cell is `width` wide: a separator (`|` where the input begins or ends) and its label.
  const label = (pos: number) => (pos < 0 || (pos >= I && pos < padEnd) ? '0' : pos >= I ? '·' : String(pos + 1));
  const width = Math.max(2, ...columns.map((c) => (c.kind === 'cell' ? label(c.pos).length : 1))) + 1;
  const x = new Map<number, number>();
  let row = '';
  for (const c of columns) {
    if (c.kind === 'gap') {
      row += ' …'.padEnd(width);
      continue;
    }
    x.set(c.pos, row.length);
    row += (c.pos === 0 || c.pos === I ? '|' : ' ') + label(c.pos).padStart(width - 1);
  }
  if (hi === I - 1) row += '|';
  const inputStart = x.get(0) ?? 0;
  const inputEnd = x.get(I) ?? row.length - 1;
  const header = (lo < 0 ? 'pad'.padStart(inputStart) : ' '.repeat(inputStart)) + '|' + ' '.repeat(Math.max(0, inputEnd - inputStart - 1)) + '|' + (hi >= I ? 'pad' : '');

  const lines = [header, row];
  // All windows when few, else the first two and the last.
  const shown = starts.count <= 4 ? [...Array(starts.count).keys()] : [0, 1, last];
  for (const j of shown) {
    if (j === last && last > shown.length - 1) lines.push('   ⋮');
    const s = startOf(j);
    const a = x.get(s);
    const b = x.get(s + E - 1);
    if (a === undefined || b === undefined) continue;
    const chars = [...' '.repeat(b + width + 1)];
    for (let p = a + 1; p < b + width; p++) chars[p] = '_';
    if (D > 1) for (let t = 0; t < axis.window.kernel; t++) chars[(x.get(s + t * D) ?? a) + width - 1] = '*';
    chars[a] = '|';
    chars[b + width] = '|';
    lines.push(chars.join('').trimEnd());
  }
  return lines.join('\n');
}

/** All cells when they fit, else the head (first windows) and tail (last window), a gap between. */
function chooseColumns(lo: number, hi: number, maxCells: number, headEnd: number, tailStart: number): Column[] {
  const range = (a: number, b: number): Column[] => Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => ({ kind: 'cell', pos: a + i }));
  if (hi - lo + 1 <= maxCells || headEnd + 1 >= tailStart) return range(lo, hi);
  return [...range(lo, headEnd), { kind: 'gap' }, ...range(tailStart, hi)];
}
