/**
 * Literals and displays: integer literals, strings (escapes, f-strings), tuple/list/set items with
 * `*x` splices, and dict displays (a TF 1 `feed_dict` checked against its placeholders). Separate
 * from evaluate.ts, which only dispatches on the node type.
 */
import { evaluate } from './evaluate.js';
import { checkFeed, isFeedDict } from './feed-dict.js';
import type { Scope } from './env.js';
import type { Interp } from './interp.js';
import { dictKey } from './iterables.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import { isSeq, num, pyStr, str, UNKNOWN, type Value } from './values.js';

export function parseInteger(t: string): Value {
  const s = t.replace(/_/g, '').toLowerCase();
  if (s.endsWith('j')) return UNKNOWN;
  const clean = s.endsWith('l') ? s.slice(0, -1) : s;
  const n = clean.startsWith('0x') || clean.startsWith('0o') || clean.startsWith('0b') ? Number(clean) : Number.parseInt(clean, 10);
  return Number.isFinite(n) ? num(n) : UNKNOWN;
}

/** The items of a tuple/list/set display; null when a `*x` splices a sequence of unknown length (so the length is unknown). */
export function evalItems(it: Interp, node: PyNode, scope: Scope): Value[] | null {
  const out: Value[] = [];
  let lengthKnown = true;
  for (const c of namedChildren(node)) {
    if (c.type === 'list_splat') {
      const v = evaluate(it, namedChildren(c)[0] ?? null, scope);
      if (isSeq(v)) out.push(...v.items);
      else lengthKnown = false;
      continue;
    }
    out.push(evaluate(it, c, scope));
  }
  return lengthKnown ? out : null;
}

export function evalDict(it: Interp, node: PyNode, scope: Scope): Value {
  const entries = new Map<string, { key: Value; value: Value }>();
  let ok = true;
  let incomplete = false;
  for (const c of namedChildren(node)) {
    if (c.type === 'pair') {
      const k = evaluate(it, field(c, 'key'), scope);
      const v = evaluate(it, field(c, 'value'), scope);
      if (k.kind === 'tensor' && isFeedDict(node)) checkFeed(it, k, v, c);
      const key = dictKey(k);
      if (key === null) ok = false;
      else entries.set(key, { key: k, value: v });
    } else if (c.type === 'dictionary_splat') {
      const v = evaluate(it, namedChildren(c)[0] ?? null, scope);
      if (v.kind === 'dict') for (const [k, e] of v.entries) entries.set(k, e);
      else ok = false;
      if (v.kind === 'dict' && v.incomplete) incomplete = true;
    } else {
      evaluate(it, c, scope);
      ok = false;
    }
  }
  return ok ? { kind: 'dict', entries, ...(incomplete ? { incomplete: true as const } : {}) } : UNKNOWN;
}

export function evalString(it: Interp, node: PyNode, scope: Scope): Value {
  if (node.type === 'concatenated_string') return evaluate(it, node, scope);
  if (node.type !== 'string') return evaluate(it, node, scope);
  // The copy leaves out the quotes (./syntax-copy.ts): the prefix is what the text has before them.
  const text = textOf(node);
  const prefix = text.slice(0, Math.max(0, text.search(/['"]/))).toLowerCase();
  const isBytes = prefix.includes('b');
  const raw = prefix.includes('r');
  let s = '';
  let known = true;
  for (const c of node.children) {
    if (c.type === 'string_content') s += raw ? textOf(c) : unescape(textOf(c));
    else if (c.type === 'escape_sequence') s += raw ? textOf(c) : unescape(textOf(c));
    else if (c.type === 'interpolation') {
      const v = evaluate(it, field(c, 'expression') ?? namedChildren(c)[0] ?? null, scope);
      const t = pyStr(v);
      if (t === null) known = false;
      else s += t;
    }
  }
  if (isBytes || !known) return UNKNOWN;
  return str(s);
}

function unescape(t: string): string {
  if (!t.includes('\\')) return t;
  return t.replace(/\\(n|t|r|\\|'|"|\n)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' })[c] ?? c);
}
