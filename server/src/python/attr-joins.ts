/**
 * Attributes written on both paths of an unknown decision (`if flag: self.fn = a else: self.fn = b`)
 * are joined as variables are (./conditionals.ts): each path's writes are logged with the value the
 * attribute had before, the first path's undone before the second runs, then both joined. Without
 * this the second path's value won, a certain-looking result resting on an unknown branch.
 */
import type { Interp } from './interp.js';
import { join, UNKNOWN, type Value } from './values.js';

/** An attribute store (an instance's or a class's `attrs`). */
type Attrs = Map<string, Value>;

/** Per store and name, a value (undefined: the attribute is absent). */
export type AttrValues = Map<Attrs, Map<string, Value | undefined>>;

/** Records that `attrs[name]` is about to be written, in the innermost active log. */
export function noteAttrWrite(it: Interp, attrs: Attrs, name: string): void {
  noteBefore(it, attrs, name, attrs.get(name));
}

/** Runs one path with its attribute writes logged (the values before it); the enclosing log learns of them too. */
export function logged<T>(it: Interp, run: () => T): { result: T; log: AttrValues } {
  const log: AttrValues = new Map();
  it.attrLogs.push(log);
  try {
    return { result: run(), log };
  } finally {
    it.attrLogs.pop();
    for (const [attrs, names] of log) for (const [name, before] of names) noteBefore(it, attrs, name, before);
  }
}

/** Logs `before` as the value of `attrs[name]` before the innermost path, unless it wrote it already. */
function noteBefore(it: Interp, attrs: Attrs, name: string, before: Value | undefined): void {
  const log = it.attrLogs[it.attrLogs.length - 1];
  if (!log) return;
  let names = log.get(attrs);
  if (!names) log.set(attrs, (names = new Map()));
  if (!names.has(name)) names.set(name, before);
}

/** Puts back what a path changed; returns the values it left (undefined: absent). */
export function undo(log: AttrValues): AttrValues {
  const left: AttrValues = new Map();
  for (const [attrs, names] of log) {
    const mine = new Map<string, Value | undefined>();
    for (const [name, before] of names) {
      mine.set(name, attrs.get(name));
      if (before === undefined) attrs.delete(name);
      else attrs.set(name, before);
    }
    left.set(attrs, mine);
  }
  return left;
}

/**
 * After the second path ran: `first` is what the first path left (undo's result), `second` the
 * second path's log. `keep` says which paths go on ('both' joins them, 'first' or 'second' keeps
 * that path's values); an attribute a path did not write has its value from before it.
 */
export function joinPaths(first: AttrValues, second: AttrValues, keep: 'both' | 'first' | 'second'): void {
  const stores = new Set([...first.keys(), ...second.keys()]);
  for (const attrs of stores) {
    const names = new Set([...(first.get(attrs)?.keys() ?? []), ...(second.get(attrs)?.keys() ?? [])]);
    for (const name of names) {
      const before = second.get(attrs)?.has(name) ? second.get(attrs)!.get(name) : attrs.get(name);
      const a = first.get(attrs)?.has(name) ? first.get(attrs)!.get(name) : before;
      const b = attrs.get(name);
      const v = keep === 'first' ? a : keep === 'second' ? b : a === undefined || b === undefined ? (a === b ? undefined : UNKNOWN) : join(a, b);
      if (v === undefined) attrs.delete(name);
      else attrs.set(name, v);
    }
  }
}

/** After a path that may run or not (a loop's body, any number of times): each attribute it wrote is the join of before and after. */
export function joinWithBefore(log: AttrValues): void {
  for (const [attrs, names] of log) {
    for (const [name, before] of names) {
      const after = attrs.get(name);
      attrs.set(name, before === undefined || after === undefined ? UNKNOWN : join(before, after));
    }
  }
}
