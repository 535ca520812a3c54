/**
 * Where a Python module can be cut into parts that tree-sitter parses apart as it parses them in
 * place (./parse.ts). A cut goes before a line that starts a top-level statement: at column 0,
 * outside brackets, strings and `\` continuations, not a comment or blank line, not the `else:`,
 * `elif`, `except` or `finally` that continues a compound statement, and not the statement a
 * decorator decorates. There the tokenizer holds no state but the indentation, which is back at
 * column 0. A cut this scanner misplaces (it does not read f-string nesting) leaves a part with
 * an open bracket or string, a syntax error the caller sees, and then parses the whole text. Pure.
 */

const NEWLINE = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const FORM_FEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const AT = 64;
const QUOTE = 34;
const APOSTROPHE = 39;

/** Words that continue the compound statement above them at column 0. */
const CONTINUATION = /(?:else|elif|except|finally)\b/y;

/**
 * The offsets where parts start (0 first): each part at least `size` characters long, the last
 * one taking what is left, every cut before a top-level statement.
 */
export function partStarts(text: string, size: number): number[] {
  const starts = [0];
  const n = text.length;
  let depth = 0;
  /** The last top-level statement line was a decorator: the next one belongs to it. */
  let decorated = false;
  let i = 0;
  while (i < n) {
    // Here `i` starts a physical line that no `\` continues and no bracket or string holds open.
    if (depth === 0) {
      const c = text.charCodeAt(i);
      if (c !== SPACE && c !== TAB && c !== FORM_FEED && c !== NEWLINE && c !== CR && c !== HASH) {
        CONTINUATION.lastIndex = i;
        if (!CONTINUATION.test(text)) {
          if (!decorated && i - starts[starts.length - 1]! >= size) starts.push(i);
          decorated = c === AT;
        }
      }
    }
    i = lineEnd(text, i, (d) => (depth = Math.max(0, depth + d)));
  }
  return starts;
}

/**
 * Whether tree-sitter lexes `part` (a region between two cuts) as it lexes it in place, whatever
 * follows: every string closes and every bracket it opens is closed at its end, so no token reaches
 * past it (an unterminated string's token does: tree-sitter-python's scanner reads on to a later
 * quote). ./edit-parse.ts asks before it parses a region with a syntax error on its own.
 */
export function closedPart(part: string): boolean {
  let depth = 0;
  let open = false;
  let i = 0;
  while (i < part.length) {
    i = lineEnd(part, i, (d) => {
      depth += d;
      if (depth < 0) open = true;
    }, () => (open = true));
    if (open) return false;
  }
  return depth === 0;
}

/**
 * The offset after the logical-line piece that starts at `i`: past the next line end that is not
 * inside a string or after a `\` (a line end inside brackets counts: the caller checks the depth).
 * `nest` hears each bracket opened (+1) and closed (−1), `unterminated` each string that does not close.
 */
function lineEnd(text: string, i: number, nest: (delta: 1 | -1) => void, unterminated?: () => void): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) return i + 1;
    if (c === HASH) {
      const end = text.indexOf('\n', i);
      return end === -1 ? n : end + 1;
    }
    if (c === BACKSLASH) i += text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === NEWLINE ? 3 : 2;
    else if (c === QUOTE || c === APOSTROPHE) {
      const end = stringEnd(text, i);
      if (end < 0) unterminated?.();
      i = Math.abs(end);
    } else {
      if (c === 40 || c === 91 || c === 123) nest(1);
      else if (c === 41 || c === 93 || c === 125) nest(-1);
      i++;
    }
  }
  return n;
}

/**
 * The offset after the string literal whose quotes start at `i`; negated when it does not close
 * (an unterminated one ends at its line end, or a triple-quoted one at the text's end).
 */
function stringEnd(text: string, i: number): number {
  const q = text[i]!;
  const triple = text.startsWith(q + q + q, i);
  const n = text.length;
  let j = i + (triple ? 3 : 1);
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j += 2;
    else if (triple ? text.startsWith(q + q + q, j) : text[j] === q) return j + (triple ? 3 : 1);
    else if (!triple && c === NEWLINE) return -j;
    else j++;
  }
  return -n;
}
