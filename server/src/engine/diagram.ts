/**
 * A small monospace picture of the windows of one axis over its padded input, for hovers:
 *
 *      1         6
 *      |· · · · · ·|0       (k3 s2 SAME on 6: pads 0 and 1)
 *   w0 |_____|
 *   w1     |_____|
 *   w2         |_____|
 *
 * A ruler names the first and last input cells; pad cells show 0, input cells `·`, cells a Caffe
 * ceil-mode window reaches past the pad `-` (clipped); each window row is labelled with the output
 * index it makes (`w0`, `w1`, … `w111`). The picture never grows past `maxWidth` columns, so a hover
 * never wraps it: long axes keep the first two windows and the last, eliding the cells between, then
 * only the first and last, then the same with one-column cells (no separators, windows `[___]`);
 * when even that does not fit there is no picture (null).
 */
import { isKnown } from './dim.js';
import { windowStarts, type AxisResult } from './window.js';

type Column = { kind: 'cell'; pos: number } | { kind: 'gap' };

/**
 * Cell widths tried in turn: 2 is a separator (`|` where the input begins or ends) and a glyph,
 * 1 the glyph alone.
 */
const CELL_WIDTHS = [2, 1] as const;
type CellWidth = (typeof CELL_WIDTHS)[number];

export function renderWindowDiagram(axis: AxisResult, maxWidth = 50): string | null {
  const starts = windowStarts(axis);
  if (!starts || !isKnown(axis.input) || axis.padAfter === null) return null;
  const I = axis.input;
  const E = axis.extent;
  const padEnd = I + axis.padAfter;
  const startOf = (j: number) => starts.first + j * starts.step;
  const last = starts.count - 1;
  const lo = Math.min(starts.first, 0);
  const hi = Math.max(padEnd, startOf(last) + E) - 1;
  const prefix = `w${last}`.length + 1;

  // All cells and, when few, all windows; else the first two windows and the last; else the first and last.
  const all = range(lo, hi);
  const tailStart = Math.min(startOf(last), I);
  const choices: { columns: Column[]; windows: number[] }[] = [
    { columns: all, windows: starts.count <= 4 ? [...Array(starts.count).keys()] : [0, 1, last] },
    ...(last >= 2 ? [{ columns: elided(lo, hi, startOf(1) + E - 1, tailStart), windows: [0, 1, last] }] : []),
    ...(last >= 1 ? [{ columns: elided(lo, hi, startOf(0) + E - 1, tailStart), windows: [0, last] }] : []),
  ];
  for (const cell of CELL_WIDTHS) {
    const choice = choices.find((c) => prefix + c.columns.length * cell + 1 <= maxWidth);
    if (choice) return draw(axis, choice.columns, choice.windows, startOf, prefix, cell);
  }
  return null;
}

function draw(axis: AxisResult, columns: readonly Column[], windows: readonly number[], startOf: (j: number) => number, prefix: number, cell: CellWidth): string {
  const I = axis.input as number;
  const padEnd = I + (axis.padAfter ?? 0);
  const glyph = (pos: number) => (pos < 0 || (pos >= I && pos < padEnd) ? '0' : pos >= I ? '-' : '·');
  // x: the column of each shown cell's separator.
  const x = new Map<number, number>();
  let row = ' '.repeat(prefix);
  for (const c of columns) {
    if (c.kind === 'gap') {
      row += ' …'.slice(2 - cell);
      continue;
    }
    x.set(c.pos, row.length);
    if (cell === 2) row += c.pos === 0 || c.pos === I ? '|' : ' ';
    row += glyph(c.pos);
  }
  if (cell === 2 && !x.has(I)) row += '|';
  // The column of a cell's glyph.
  const at = (pos: number) => x.get(pos)! + cell - 1;

  // The ruler: `1` over the first input cell, I over the last.
  const ruler = [...' '.repeat(row.length)];
  const put = (text: string, endColumn: number) => [...text].forEach((ch, i) => (ruler[endColumn - text.length + 1 + i] = ch));
  const first = x.get(0);
  const lastCell = x.get(I - 1);
  if (first !== undefined) put('1', at(0));
  if (lastCell !== undefined && I > 1 && (first === undefined || at(I - 1) - String(I).length > at(0) + 1)) put(String(I), at(I - 1));

  const lines = [ruler.join('').trimEnd(), row];
  for (const [i, j] of windows.entries()) {
    if (i > 0 && j !== windows[i - 1]! + 1) lines.push(' ⋮');
    const s = startOf(j);
    const a = x.get(s);
    const b = x.get(s + axis.extent - 1);
    if (a === undefined || b === undefined) continue;
    // Two-column cells: `|` on the separators around the window; one-column: `[` `]` on its end cells.
    const open = a;
    const close = cell === 2 ? b + 2 : b;
    const chars = [...`w${j}`.padEnd(prefix), ...' '.repeat(close + 1 - prefix)];
    for (let p = open + 1; p < close; p++) chars[p] = '_';
    if (axis.window.dilation > 1) for (let t = 0; t < axis.window.kernel; t++) chars[at(s + t * axis.window.dilation)] = '*';
    if (cell === 2 || open < close) {
      chars[open] = cell === 2 ? '|' : '[';
      chars[close] = cell === 2 ? '|' : ']';
    } else chars[open] = '|';
    lines.push(chars.join('').trimEnd());
  }
  return lines.join('\n');
}

function range(a: number, b: number): Column[] {
  return Array.from({ length: Math.max(0, b - a + 1) }, (_, i) => ({ kind: 'cell', pos: a + i }));
}

/** The head (lo … headEnd) and the tail (tailStart … hi), a gap between; all cells when they meet. */
function elided(lo: number, hi: number, headEnd: number, tailStart: number): Column[] {
  if (headEnd + 1 >= tailStart) return range(lo, hi);
  return [...range(lo, headEnd), { kind: 'gap' }, ...range(tailStart, hi)];
}
