/**
 * Line and column from a character offset, for front ends that keep offsets and compute
 * positions only when a range is reported. Offsets and columns are UTF-16 units. Lines end where
 * LSP says they do (3.17 "Text Documents": `\n`, `\r\n` and a lone `\r`), not where tree-sitter's
 * rows do (`\n` only), so every position the CLI and the server report comes from this table. Pure.
 */

/** The offset at which every line of `text` starts (after `\n`, after `\r\n`, after a lone `\r`). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
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

/** The offset where line `line` of `text` ends, before its terminator (`starts` from `lineStarts`). */
export function lineEndAt(text: string, starts: readonly number[], line: number): number {
  const next = starts[line + 1];
  if (next === undefined) return text.length;
  return text.charCodeAt(next - 1) === 10 && text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
}

/**
 * The text a line-based parser should read: each lone `\r` replaced by `\n`. Same length, so
 * offsets are unchanged, and tree-sitter's rows then agree with LSP's lines. For Python, which
 * ends a line at a lone `\r` (CPython's universal newlines) where tree-sitter-python reads it as
 * whitespace. Not for prototxt: protobuf's tokenizer ends a comment only at `\n`.
 */
export function withLoneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}
