/**
 * An editor's parse of a Python document after an edit (issue 12): only the top-level statements
 * the edit touched are parsed again; the others are the copies the last analysis made, moved to
 * where they now sit. tree-sitter's own incremental re-parse re-lexes the first token and the
 * newline of every top-level statement of tree-sitter-python (its repeat nodes are fragile), ~12 ms
 * for a 2,000-line file; this parses one or two statements.
 *
 * The region parsed spans whole top-level statements of the last copy: from the last one that
 * ends before the edit and starts a line (not a comment: a comment at column 0 may sit inside a
 * block) to the first such one that starts after it. Both ends are then cuts as ./parts.ts makes
 * them (column 0, outside brackets and strings, not a continuation keyword nor a decorated
 * definition: the last copy had no error, and the text up to and after them is unchanged), and
 * tree-sitter parses the parts of a text apart as it parses them in place when none has an error
 * (./parse.ts). So when the region parses without error and ends on a line end no `\` continues,
 * the module is the one the whole text parses to (tested node for node over random edits,
 * test/python/edit-parse.test.ts); otherwise null, and the caller parses the whole text.
 */
import type { Parser } from 'web-tree-sitter';
import type { PyNode, SyntaxCache } from './syntax.js';
import { buildModule, type CopyOptions, type ModulePart } from './syntax-copy.js';

/**
 * The copy of `text` (the document's next text) made from the cache's last one, parsing only what
 * changed; null when that last copy had an error, or the edit spans most of the text, or the region
 * it touched does not parse on its own without one.
 */
export function reparseModule(parser: Parser, text: string, cache: SyntaxCache, options: Omit<CopyOptions, 'cache'> = {}): PyNode | null {
  const old = cache.root;
  if (!old || old.hasError) return null;
  const before = old.src.text;
  const region = editedRegion(old.children, before, text);
  if (!region) return null;
  const { from, to, delta, first, after } = region;
  if (2 * (to - from) > text.length) return null;
  const part = text.slice(from, to);
  if (!cleanEnd(part, to === text.length)) return null;
  const tree = parser.parse(part);
  if (!tree) {
    parser.reset();
    return null;
  }
  try {
    if (tree.rootNode.hasError) return null;
    const statements = old.children;
    const span = (s: PyNode, shift: number): readonly [number, number] => [s.startIndex + shift, s.endIndex + shift];
    const parts: ModulePart[] = [];
    if (first > 0) parts.push({ kept: statements.slice(0, first).map((s) => span(s, 0)), end: from });
    parts.push({ tree, offset: from });
    if (after < statements.length) parts.push({ kept: statements.slice(after).map((s) => span(s, delta)), end: text.length });
    return buildModule(text, parts, { ...options, cache });
  } catch {
    // A kept statement the cache no longer holds (it cannot: the last copy had no error).
    return null;
  } finally {
    tree.delete();
  }
}

/** How many characters the common prefix and suffix are compared at a time. */
const BLOCK = 256;

interface Region {
  /** The region in the new text. */
  readonly from: number;
  readonly to: number;
  /** How much longer the new text is. */
  readonly delta: number;
  /** The statements before it (`first`) and from `after` on are kept. */
  readonly first: number;
  readonly after: number;
}

/** The statements an edit from `before` to `text` touched, as a region between two cuts (see the header). */
function editedRegion(statements: readonly PyNode[], before: string, text: string): Region | null {
  const n = Math.min(before.length, text.length);
  // Block by block first: comparing slices is far quicker than a character loop in JavaScript.
  let prefix = 0;
  while (prefix + BLOCK <= n && before.slice(prefix, prefix + BLOCK) === text.slice(prefix, prefix + BLOCK)) prefix += BLOCK;
  while (prefix < n && before.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + BLOCK <= n - prefix && before.slice(before.length - suffix - BLOCK, before.length - suffix) === text.slice(text.length - suffix - BLOCK, text.length - suffix)) suffix += BLOCK;
  while (suffix < n - prefix && before.charCodeAt(before.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;
  const oldEnd = before.length - suffix;
  const delta = text.length - before.length;
  const cut = (s: PyNode): boolean => s.type !== 'comment' && (s.startIndex === 0 || before.charCodeAt(s.startIndex - 1) === 10);
  // The last cut whose statement ends before the edit starts.
  let first = 0;
  for (let i = lastBefore(statements, prefix); i >= 0; i--) {
    if (cut(statements[i]!)) {
      first = i;
      break;
    }
  }
  // The first cut that starts after the edit ends.
  let after = statements.length;
  for (let i = firstAfter(statements, oldEnd); i < statements.length; i++) {
    if (cut(statements[i]!)) {
      after = i;
      break;
    }
  }
  const from = first === 0 ? 0 : statements[first]!.startIndex;
  const to = after === statements.length ? text.length : statements[after]!.startIndex + delta;
  if (from > prefix || to < oldEnd + delta) return null;
  return { from, to, delta, first, after };
}

/** The index of the last statement ending before `offset` (−1: none); statements are in order. */
function lastBefore(statements: readonly PyNode[], offset: number): number {
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid]!.endIndex < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The index of the first statement starting after `offset` (the count: none). */
function firstAfter(statements: readonly PyNode[], offset: number): number {
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (statements[mid]!.startIndex <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether a region ends where the next line starts a new logical line: at the text's end, or after a line end no `\` continues. */
function cleanEnd(part: string, atEnd: boolean): boolean {
  if (atEnd) return true;
  if (part.charCodeAt(part.length - 1) !== 10) return false;
  let i = part.length - 2;
  if (part.charCodeAt(i) === 13) i--;
  return part.charCodeAt(i) !== 92;
}
