/**
 * How the interpreter enumerates an iterable, keys a dict and indexes a sequence: pure functions of
 * values that expressions, builtins and statements all use, kept apart so none of them imports
 * another for them.
 */
import { symName } from '../engine/dim.js';
import { isSeq, parameterValue, str, type ArgVal, type DictV, type Value } from './values.js';

/** The items of an iterable the interpreter can enumerate, or null. */
export function iterate(v: Value): Value[] | null {
  if (isSeq(v)) return v.items;
  if (v.kind === 'str') return [...v.value].map((c) => str(c));
  if (v.kind === 'dict') return [...v.entries.values()].map((e) => e.key);
  return null;
}

/** The key a dict entry is stored under (`1` and `True` share one); null for a key not modelled. */
export function dictKey(v: Value): string | null {
  if (v.kind === 'str') return strKey(v.value);
  if (v.kind === 'num') return `n:${v.value}`;
  if (v.kind === 'bool') return `n:${v.value ? 1 : 0}`;
  if (v.kind === 'none') return 'none';
  return null;
}

/** The key of a string in a dict. */
export function strKey(s: string): string {
  return `s:${s}`;
}

/** `dict(a=1)`, `d.update(a=1)`: each keyword argument is an entry under its name. */
export function setKeywordEntries(entries: DictV['entries'], keywords: ReadonlyMap<string, ArgVal>): void {
  for (const [k, a] of keywords) entries.set(strKey(k), { key: str(k), value: a.value });
}

/** The position `seq[i]` names in a sequence of `length` items (a negative i counts from the end); null out of range. */
export function itemIndex(i: number, length: number): number | null {
  const j = i < 0 ? length + i : i;
  return j >= 0 && j < length ? j : null;
}

/**
 * Item `i` of an uncalled entry point's parameter with no default read as a sequence
 * (`block_strides[0]` of `block_strides`): a parameter like it, named after it (TensorV.asSize), or
 * null for any other value.
 */
export function parameterItem(v: Value, i: number): Value | null {
  const name = v.kind === 'tensor' && v.shape === null && v.asSize !== undefined ? symName(v.asSize) : null;
  return name === null || !Number.isSafeInteger(i) ? null : parameterValue(`${name}[${i}]`);
}
