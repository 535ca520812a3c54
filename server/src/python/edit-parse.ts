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
 * definition: the statements outside had no error, and the text up to and after them is
 * unchanged), and tree-sitter parses the parts of a text apart as it parses them in place when
 * none has an error (./parse.ts). So when neither the last copy nor the region has an error and
 * the region ends on a line end no `\` continues, the module is the one the whole text parses to.
 *
 * Where an error is involved (the region's, or the last copy's inside the region: an edit that
 * makes one, and the edit that mends it), the region must also be closed (./parts.ts · closedPart:
 * no token of it reaches past its end, as an unterminated string's does) and is parsed with one
 * kept statement on each side, which must come out as they were: the parse then left the region
 * at the module's level on both sides, as the whole text's does. Both are tested node for node
 * over random edits (test/python/incremental-parse.test.ts); otherwise null, and the caller parses
 * the whole text.
 */
import type { Node, Parser } from 'web-tree-sitter';
import { closedPart } from './parts.js';
import type { PyNode, SyntaxCache } from './syntax.js';
import { buildModule, type CopyOptions, type ModulePart } from './syntax-copy.js';

/**
 * The copy of `text` (the document's next text) made from the cache's last one, parsing only what
 * changed; null when that last copy had an error outside the region, or the edit spans most of the
 * text, or the region it touched does not parse on its own as it does in place (see the header).
 */
export function reparseModule(parser: Parser, text: string, cache: SyntaxCache, options: Omit<CopyOptions, 'cache'> = {}): PyNode | null {
  const old = cache.root;
  if (!old) return null;
  const statements = old.children;
  const region = editedRegion(statements, old.src.text, text);
  if (!region) return null;
  if (!old.hasError) {
    const alone = reparsed(parser, text, cache, statements, region, null, options);
    if (alone !== 'broken') return alone;
  } else if (statements.some((s, i) => s.hasError && (i < region.first || i >= region.after))) return null;
  const checked = reparsed(parser, text, cache, statements, withContext(statements, old.src.text, region), region, options);
  return checked === 'broken' ? null : checked;
}

/**
 * The module with the statements of `span` parsed again; 'broken' when that parse has an error
 * and no `core` (the edited region inside `span`) asked for the checks of an error (see the header).
 */
function reparsed(
  parser: Parser,
  text: string,
  cache: SyntaxCache,
  statements: readonly PyNode[],
  span: Region,
  core: Region | null,
  options: Omit<CopyOptions, 'cache'>,
): PyNode | 'broken' | null {
  const { first, after, delta } = span;
  const from = first === 0 ? 0 : statements[first]!.startIndex;
  const to = after === statements.length ? text.length : statements[after]!.startIndex + delta;
  if (2 * (to - from) > text.length) return null;
  const part = text.slice(from, to);
  if (!cleanEnd(part, to === text.length) || (core && !closedPart(part))) return null;
  const tree = parser.parse(part);
  if (!tree) {
    parser.reset();
    return null;
  }
  try {
    if (!core && tree.rootNode.hasError) return 'broken';
    if (core && !contextKept(tree.rootNode, from, statements, span, core)) return null;
    const at = (s: PyNode, shift: number): readonly [number, number] => [s.startIndex + shift, s.endIndex + shift];
    const parts: ModulePart[] = [];
    if (first > 0) parts.push({ kept: statements.slice(0, first).map((s) => at(s, 0)), end: from });
    parts.push({ tree, offset: from });
    if (after < statements.length) parts.push({ kept: statements.slice(after).map((s) => at(s, delta)), end: text.length });
    return buildModule(text, parts, { ...options, cache });
  } catch {
    // A kept statement the cache no longer holds (it cannot: those statements had no error).
    return null;
  } finally {
    tree.delete();
  }
}

/** `region` widened by one cut on each side (where there is one): the statements that must come out as they were. */
function withContext(statements: readonly PyNode[], before: string, region: Region): Region {
  let first = region.first;
  if (first > 0) {
    first--;
    while (first > 0 && !isCut(statements[first]!, before)) first--;
  }
  let after = region.after;
  if (after < statements.length) {
    after++;
    while (after < statements.length && !isCut(statements[after]!, before)) after++;
  }
  return { first, after, delta: region.delta };
}

/** Whether the tree of `span`'s text (from `from`) begins and ends with the kept statements around `core`, error-free, where they were. */
function contextKept(root: Node, from: number, statements: readonly PyNode[], span: Region, core: Region): boolean {
  const lead = core.first - span.first;
  const trail = span.after - core.after;
  const n = root.childCount;
  if (n < lead + trail) return false;
  const same = (c: Node | null, s: PyNode, shift: number): boolean =>
    c !== null && !c.hasError && c.type === s.type && from + c.startIndex === s.startIndex + shift && from + c.endIndex === s.endIndex + shift;
  for (let k = 0; k < lead; k++) if (!same(root.child(k), statements[span.first + k]!, 0)) return false;
  for (let k = 0; k < trail; k++) if (!same(root.child(n - trail + k), statements[core.after + k]!, span.delta)) return false;
  return true;
}

/** How many characters the common prefix and suffix are compared at a time. */
const BLOCK = 256;

interface Region {
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
  // The last cut whose statement ends before the edit starts.
  let first = 0;
  for (let i = lastBefore(statements, prefix); i >= 0; i--) {
    if (isCut(statements[i]!, before)) {
      first = i;
      break;
    }
  }
  // The first cut that starts after the edit ends.
  let after = statements.length;
  for (let i = firstAfter(statements, oldEnd); i < statements.length; i++) {
    if (isCut(statements[i]!, before)) {
      after = i;
      break;
    }
  }
  const from = first === 0 ? 0 : statements[first]!.startIndex;
  const to = after === statements.length ? text.length : statements[after]!.startIndex + delta;
  if (from > prefix || to < oldEnd + delta) return null;
  return { delta, first, after };
}

/** Whether a top-level statement of the last copy (of `before`) starts a cut: a line, not as a comment, without an error. */
function isCut(s: PyNode, before: string): boolean {
  return s.type !== 'comment' && !s.hasError && (s.startIndex === 0 || before.charCodeAt(s.startIndex - 1) === 10);
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
