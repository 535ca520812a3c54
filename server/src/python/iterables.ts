/**
 * How the interpreter enumerates an iterable and keys a dict: two pure functions of values that
 * expressions, builtins and statements all use, kept apart so none of them imports another for them.
 */
import { isSeq, str, type Value } from './values.js';

/** The items of an iterable the interpreter can enumerate, or null. */
export function iterate(v: Value): Value[] | null {
  if (isSeq(v)) return v.items;
  if (v.kind === 'str') return [...v.value].map((c) => str(c));
  if (v.kind === 'dict') return [...v.entries.values()].map((e) => e.key);
  return null;
}

/** The key a dict entry is stored under (`1` and `True` share one); null for a key not modelled. */
export function dictKey(v: Value): string | null {
  if (v.kind === 'str') return `s:${v.value}`;
  if (v.kind === 'num') return `n:${v.value}`;
  if (v.kind === 'bool') return `n:${v.value ? 1 : 0}`;
  if (v.kind === 'none') return 'none';
  return null;
}
