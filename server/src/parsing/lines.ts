/**
 * Line and column from a character offset, for front ends that keep offsets and compute
 * positions only when a range is reported. Offsets and columns are UTF-16 units, rows count `\n`
 * (tree-sitter's and LSP's rules). Pure.
 */

/** The offset at which every line of `text` starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The index of the line holding `offset` (binary search over `lineStarts`). */
export function lineIndexAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
