/**
 * The tree-sitter edit between two versions of a document, found by trimming their common prefix
 * and suffix. With full-document sync this is how the server keeps incremental re-parsing: it
 * describes the change to the old tree (`tree.edit`) and hands the old tree to `parser.parse`.
 *
 * Indices and columns are UTF-16 code units, as web-tree-sitter counts them for string input;
 * rows count `\n` only (tree-sitter's rule). Pure: no tree-sitter import, so it is unit-testable.
 */

export interface Point {
  readonly row: number;
  readonly column: number;
}

/** Field for field what web-tree-sitter's `Edit` constructor takes. */
export interface TextChange {
  readonly startIndex: number;
  readonly oldEndIndex: number;
  readonly newEndIndex: number;
  readonly startPosition: Point;
  readonly oldEndPosition: Point;
  readonly newEndPosition: Point;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The row and column of `index` in `text`. */
export function pointAt(text: string, index: number): Point {
  let row = 0;
  let lineStart = 0;
  let nl = text.indexOf('\n');
  while (nl !== -1 && nl < index) {
    row++;
    lineStart = nl + 1;
    nl = text.indexOf('\n', lineStart);
  }
  return { row, column: index - lineStart };
}

/** Where `to` ends when `text` is appended at `from`. */
function advance(from: Point, text: string): Point {
  const last = text.lastIndexOf('\n');
  if (last === -1) return { row: from.row, column: from.column + text.length };
  let rows = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: text.length - last - 1 };
}

/** How many UTF-16 units computeEdit compares at a time before going character by character. */
const BLOCK = 1024;

/**
 * The single edit turning `oldText` into `newText`, or null when they are equal. The changed span
 * never splits a surrogate pair.
 */
export function computeEdit(oldText: string, newText: string): TextChange | null {
  if (oldText === newText) return null;
  const max = Math.min(oldText.length, newText.length);
  // Whole blocks first (string comparison runs at memory speed), then character by character.
  let prefix = 0;
  while (prefix + BLOCK <= max && oldText.slice(prefix, prefix + BLOCK) === newText.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(oldText.charCodeAt(prefix - 1))) prefix--;
  const maxSuffix = max - prefix;
  const oldEnd = oldText.length;
  const newEnd = newText.length;
  let suffix = 0;
  while (suffix + BLOCK <= maxSuffix && oldText.slice(oldEnd - suffix - BLOCK, oldEnd - suffix) === newText.slice(newEnd - suffix - BLOCK, newEnd - suffix)) suffix += BLOCK;
  while (suffix < maxSuffix && oldText.charCodeAt(oldEnd - 1 - suffix) === newText.charCodeAt(newEnd - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(oldText.charCodeAt(oldText.length - suffix))) suffix--;
  const oldEndIndex = oldText.length - suffix;
  const newEndIndex = newText.length - suffix;
  const startPosition = pointAt(oldText, prefix);
  return {
    startIndex: prefix,
    oldEndIndex,
    newEndIndex,
    startPosition,
    oldEndPosition: advance(startPosition, oldText.slice(prefix, oldEndIndex)),
    newEndPosition: advance(startPosition, newText.slice(prefix, newEndIndex)),
  };
}
