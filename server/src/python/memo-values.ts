/**
 * The values of a kept call (./memo.ts): arguments snapshotted when it is kept, what may be read
 * and returned by one, and the match of a new call's arguments against a kept call's (objects
 * paired one to one, so `is` between arguments answers the same).
 */
import { immutable, sameConstant, sameTensor } from './kept-values.js';
import type { CallArgs, TensorV, Value } from './values.js';

/** `v` as a kept argument (lists copied), or null when a call with it is not kept. */
export function snapshot(v: Value, copies = new Map<Value, Value>()): Value | null {
  switch (v.kind) {
    case 'tuple':
    case 'list': {
      const seen = copies.get(v);
      if (seen) return seen;
      const items: Value[] = [];
      for (const x of v.items) {
        const s = snapshot(x, copies);
        if (s === null) return null;
        items.push(s);
      }
      const copy: Value = { kind: v.kind, items };
      copies.set(v, copy);
      return copy;
    }
    case 'function':
      return v.self === null && v.closure.kind === 'module' ? v : null;
    case 'module':
      return v.scope === undefined ? v : null;
    default:
      return immutable(v) ? v : null;
  }
}

/** Whether a module name's value may be read by a kept call (it cannot change it); its tensors go into `outside`. */
export function constant(v: Value, outside: Set<Value>): boolean {
  if (v.kind === 'list') return false;
  if (v.kind === 'tuple') return v.items.every((x) => constant(x, outside));
  if (v.kind === 'tensor') outside.add(v);
  return snapshot(v) !== null;
}

/** The lists inside an argument (a result may not hand them back: replay would give the old ones). */
export function listsIn(v: Value, out: Set<Value>): void {
  if (v.kind !== 'list' && v.kind !== 'tuple') return;
  if (v.kind === 'list') out.add(v);
  for (const x of v.items) listsIn(x, out);
}

/** The call's argument lists still hold what they held when it started (the body changed none). */
export function unchanged(args: CallArgs, positional: readonly (Value | null)[], keywords: readonly (readonly [string, Value | null])[]): boolean {
  const same = (now: Value, then: Value | null): boolean => {
    // A list the body made unsized in place (container-methods.ts) is no longer one.
    if (now.kind !== 'list' && now.kind !== 'tuple') return then === null || (then.kind !== 'list' && then.kind !== 'tuple');
    if (then === null || (then.kind !== 'list' && then.kind !== 'tuple') || now.items.length !== then.items.length) return false;
    return now.items.every((x, i) => (x.kind === 'list' || x.kind === 'tuple' ? same(x, then.items[i]!) : x === then.items[i]));
  };
  let i = 0;
  for (const a of args.keywords.values()) if (!same(a.value, keywords[i++]![1])) return false;
  return args.positional.every((a, i) => same(a.value, positional[i]!));
}

/** Whether a result can be handed out again: tensors, constants, tuples, and lists made by the call. */
export function returnable(v: Value, argLists: ReadonlySet<Value>): boolean {
  switch (v.kind) {
    case 'list':
      return !argLists.has(v) && v.items.every((x) => returnable(x, argLists));
    case 'tuple':
      return v.items.every((x) => returnable(x, argLists));
    case 'layer':
    case 'opref':
      // Objects a caller may tell apart by identity.
      return false;
    default:
      return immutable(v);
  }
}

/** The kept result with its tensors mapped and its lists new (a caller may append to them). */
export function rebuilt(v: Value, tensor: (t: TensorV) => TensorV): Value {
  if (v.kind === 'tensor') return tensor(v);
  if (v.kind === 'tuple' || v.kind === 'list') return { kind: v.kind, items: v.items.map((x) => rebuilt(x, tensor)) };
  return v;
}

/** Objects of a kept call paired with today's: one to one, so `is` between arguments answers the same. */
export class Pairs {
  private readonly forward = new Map<Value, Value>();
  private readonly backward = new Map<Value, Value>();
  pair(then: Value, now: Value): boolean {
    const f = this.forward.get(then);
    const b = this.backward.get(now);
    if (f !== undefined || b !== undefined) return f === now && b === then;
    this.forward.set(then, now);
    this.backward.set(now, then);
    return true;
  }
  now(then: Value): Value | undefined {
    return this.forward.get(then);
  }
}

/** `then` (a kept argument) and `now` are the same argument for everything the body can do with it. */
export function matches(then: Value, now: Value, pairs: Pairs): boolean {
  switch (then.kind) {
    case 'tensor':
      return now.kind === 'tensor' && (then === now || sameTensor(then, now)) && pairs.pair(then, now);
    case 'tuple':
    case 'list':
      return now.kind === then.kind && then.items.length === now.items.length && then.items.every((x, i) => matches(x, now.items[i]!, pairs)) && pairs.pair(then, now);
    case 'function':
      return now.kind === 'function' && then.node === now.node && then.closure === now.closure && now.self === null;
    default:
      return sameConstant(then, now) ?? then === now;
  }
}
