/**
 * A top-level statement's text with the contents of its plain literals cut out (`skeleton`), so
 * that the syntax copy (./syntax.ts) can copy a statement from an earlier one that differs only
 * in them: `Conv2D(64, 1, name='b0_1')` and `Conv2D(256, 1, name='b9_1')` are one tree, offsets
 * apart. Generated and layer-by-layer model files repeat a handful of such statements hundreds of
 * times, and copying one in JavaScript is far cheaper than a cursor walk through WebAssembly.
 *
 * Two statements of one skeleton are the same tokens but for the cut contents, which stand for
 * tokens of the same kind: a decimal integer (`[0-9]+`), a float `[0-9]+.[0-9]+`, or a string's
 * content with no backslash (no escape sequence) and, in an f-string, no brace (no interpolation),
 * which tree-sitter-python's scanner reads as one `string_content` leaf whatever it holds.
 * Everything else (whitespace, comments, names, operators, any other literal) is kept as written,
 * so the parser meets the same tokens, and lays out the same nodes, around the same gaps. A text
 * the scanner here is unsure of (a non-ASCII name, an odd prefix before a quote, a NUL byte, an
 * f-string with braces) has no skeleton: it is walked.
 */

/** The statement's skeleton and where its cut contents are: [start, end) pairs relative to its start, in order. */
export interface Skeleton {
  readonly key: string;
  readonly slots: readonly number[];
}

/** Stands for a cut content in the key: NUL never appears in a text that has a skeleton. */
const CUT = '\u0000';

const STRING_PREFIXES = new Set(['', 'r', 'u', 'f', 'b', 'br', 'rb', 'fr', 'rf']);

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The end of the digits starting at `i`. */
function digitsEnd(text: string, i: number): number {
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  return i;
}

/** The end of the number-like run at `i` that is not cut: its name characters and dots, an exponent's sign included. */
function numberEnd(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (isNameChar(c) || c === 46) i++;
    else if ((c === 43 || c === 45) && /[eE]/.test(text[i - 1]!)) i++;
    else return i;
  }
}

/** The skeleton of `text` (one top-level statement), or null where the scan is unsure. */
export function skeleton(text: string): Skeleton | null {
  const slots: number[] = [];
  const parts: string[] = [];
  /** Where the text not yet put in `parts` starts. */
  let kept = 0;
  const cut = (from: number, to: number, kind: string) => {
    parts.push(text.slice(kept, from), CUT, kind);
    slots.push(from, to);
    kept = to;
  };
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0 || c > 127) {
      // Outside strings and comments (which skip past theirs), a name or a stray byte.
      return null;
    } else if (c === 35 /* # */) {
      let end = i;
      for (let e = text.charCodeAt(end); end < text.length && e !== 10 && e !== 13; e = text.charCodeAt(++end)) if (e === 0) return null;
      i = end;
    } else if (c === 39 || c === 34 /* ' " */) {
      const end = stringAt(text, i, '', cut);
      if (end < 0) return null;
      i = end;
    } else if (isNameChar(c) && !isDigit(c)) {
      let end = i;
      while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
      const q = text.charCodeAt(end);
      if (q === 39 || q === 34) {
        const prefix = text.slice(i, end).toLowerCase();
        if (!STRING_PREFIXES.has(prefix)) return null;
        const stringEnd = stringAt(text, end, prefix, cut);
        if (stringEnd < 0) return null;
        i = stringEnd;
      } else i = end;
    } else if (isDigit(c)) {
      // A number: cut only the two plain forms, bounded by no name character and no dot on
      // either side (so never part of `1.e5`, `0x1F`, `1_000`, `2j`, `x.5`).
      let end = digitsEnd(text, i);
      let kind = 'i';
      if (text.charCodeAt(end) === 46 /* . */ && isDigit(text.charCodeAt(end + 1))) {
        end = digitsEnd(text, end + 1);
        kind = 'f';
      }
      const after = text.charCodeAt(end);
      const before = i > 0 ? text.charCodeAt(i - 1) : 32;
      if (!isNameChar(after) && after !== 46 && before !== 46) cut(i, end, kind);
      else end = numberEnd(text, i);
      i = end;
    } else i++;
  }
  parts.push(text.slice(kept));
  return { key: parts.join(''), slots };
}

/**
 * The end of the string literal whose opening quote is at `q` (its prefix before it), its content
 * cut when it may be, or -1 when the scan is unsure (an f-string with braces, an unclosed string,
 * a NUL byte).
 */
function stringAt(text: string, q: number, prefix: string, cut: (from: number, to: number, kind: string) => void): number {
  const quote = text[q]!;
  const triple = text.startsWith(quote.repeat(3), q);
  const delimiter = triple ? quote.repeat(3) : quote;
  const from = q + delimiter.length;
  let i = from;
  let escaped = false;
  for (;;) {
    if (i >= text.length) return -1;
    const c = text[i]!;
    if (c === '\\') {
      escaped = true;
      i += 2;
    } else if (text.startsWith(delimiter, i)) break;
    else if (c === '\u0000') return -1;
    else if (!triple && (c === '\n' || c === '\r')) return -1;
    else i++;
  }
  const content = text.slice(from, i);
  if (prefix.includes('f') && /[{}]/.test(content)) return -1;
  if (!escaped && content.length > 0) cut(from, i, 's');
  return i + delimiter.length;
}

/**
 * Where offset `at` (relative to the statement's start) of a statement of skeleton `from` falls in
 * one of skeleton `to` (the same key): shifted by how much the cut contents before it grew. -1 for
 * an offset inside a cut content (no node of a copied statement starts or ends there).
 */
export function movedOffset(at: number, from: readonly number[], to: readonly number[]): number {
  // The last slot starting before `at` (binary search: a long definition has many).
  let lo = 0;
  let hi = from.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (from[2 * mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return at;
  const slot = 2 * (lo - 1);
  if (at < from[slot + 1]!) return -1;
  return at - from[slot + 1]! + to[slot + 1]!;
}
