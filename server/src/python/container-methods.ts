/**
 * Methods of lists, tuples (and TF 1 `TensorShape.as_list`), lists of unknown length (ListOfV) and
 * dicts: `append`, `extend`, `pop`, `get`, `items`, `update`, … The mutating ones change the value in
 * place, as Python does, so every name bound to it sees the change.
 */
import { builtin, pos } from './builtin-fn.js';
import { dictKey, itemIndex, iterate, setKeywordEntries } from './iterables.js';
import { equals, intOf, isSeq, join, list, listOf, NONE, num, tuple, UNKNOWN, type ListOfV, type SeqV, type Value } from './values.js';

export function seqAttr(v: Value & { kind: 'tuple' | 'list' }, name: string): Value {
  switch (name) {
    case 'as_list':
      return builtin('as_list', () => list([...v.items]));
    case 'index':
      return builtin('index', (args) => {
        const i = v.items.findIndex((x) => equals(x, pos(args, 0)) === true);
        return i < 0 ? UNKNOWN : num(i);
      });
    case 'count':
      return builtin('count', (args) => num(v.items.filter((x) => equals(x, pos(args, 0)) === true).length));
    case 'copy':
      return builtin('copy', () => ({ kind: v.kind, items: [...v.items] }));
    default:
      return v.kind === 'list' ? listMethod(v, name) : UNKNOWN;
  }
}

/**
 * The methods that change a list. Where what they do is not known (`xs.extend(f(n))`, an index
 * or an item not known), the list's length and items are what every path that goes on agrees on:
 * `insert` and `pop` change the length by one whatever the index, an unknown extension makes the
 * length unknown (unsized).
 */
function listMethod(v: SeqV, name: string): Value {
  const items = v.items;
  switch (name) {
    case 'append':
      return builtin('append', (args) => {
        items.push(pos(args, 0));
        return NONE;
      });
    case 'extend':
      return builtin('extend', (args) => {
        extendList(v, pos(args, 0));
        return NONE;
      });
    case 'insert':
      return builtin('insert', (args) => {
        const i = intOf(pos(args, 0));
        const x = pos(args, 1);
        // Python clamps the index (`xs.insert(99, x)` appends).
        if (i !== null) items.splice(Math.max(0, Math.min(items.length, i < 0 ? items.length + i : i)), 0, x);
        else replaceItems(items, Array.from({ length: items.length + 1 }, (_, k) => [items[k - 1], x, items[k]]));
        return NONE;
      });
    case 'pop':
      return builtin('pop', (args) => {
        if (items.length === 0) return UNKNOWN;
        const i = args.positional.length ? intOf(pos(args, 0)) : -1;
        // Out of range, Python raises IndexError and the list stays as it was.
        if (i === null) return removeUnknownItem(items);
        const j = itemIndex(i, items.length);
        return j === null ? UNKNOWN : (items.splice(j, 1)[0] ?? UNKNOWN);
      });
    case 'remove':
      return builtin('remove', (args) => {
        const x = pos(args, 0);
        const found = items.map((y) => equals(y, x));
        const j = found.indexOf(true);
        // Python removes the first equal item (ValueError when there is none).
        if (j >= 0 && !found.slice(0, j).includes(null)) items.splice(j, 1);
        else if (found.includes(null) || j >= 0) removeUnknownItem(items);
        return NONE;
      });
    case 'clear':
      return builtin('clear', () => {
        items.length = 0;
        return NONE;
      });
    case 'reverse':
      return builtin('reverse', () => {
        items.reverse();
        return NONE;
      });
    case 'sort':
      return builtin('sort', () => {
        // The order is the values' (or a key's): each place holds one of the items.
        if (items.length > 1) replaceItems(items, items.map(() => items));
        return NONE;
      });
    default:
      return UNKNOWN;
  }
}

/** `xs.extend(ys)` and `xs += ys`: the items appended, or, when ys' items are not known, xs made unsized in place. */
export function extendList(xs: SeqV, ys: Value): void {
  const more = iterate(ys);
  if (more) xs.items.push(...more);
  else unsized(xs, ys.kind === 'listof' ? ys.item : UNKNOWN);
}

/**
 * The list object itself becomes a list of unknown length (ListOfV) whose item joins what it held
 * and `more`: every name, attribute and container holding it sees that, as in Python, where the
 * object is the same one.
 */
function unsized(xs: SeqV, more: Value): void {
  const item = listOf([{ kind: 'list', items: [...xs.items, more] }]).item;
  const target = xs as unknown as { kind: string; items?: Value[]; item?: Value };
  delete target.items;
  target.kind = 'listof';
  target.item = item;
}

/** One item removed at a position not known: each place now holds one of the items at or after it. */
function removeUnknownItem(items: Value[]): Value {
  const removed = items.reduce((a, b) => join(a, b));
  replaceItems(items, items.slice(0, -1).map((_, k) => [items[k], items[k + 1]]));
  return removed;
}

/** Each place k holds one of `choices[k]` (the join of those given). */
function replaceItems(items: Value[], choices: readonly (readonly (Value | undefined)[])[]): void {
  const next = choices.map((c) => c.filter((x): x is Value => x !== undefined).reduce((a, b) => join(a, b)));
  items.splice(0, items.length, ...next);
}

/** A list of unknown length (ListOfV): what goes in joins its item; what comes out is like it. */
export function listOfAttr(v: ListOfV, name: string): Value {
  switch (name) {
    case 'append':
    case 'insert':
      return builtin(name, (args) => {
        v.item = join(v.item, pos(args, name === 'append' ? 0 : 1));
        return NONE;
      });
    case 'extend':
      return builtin('extend', (args) => {
        const xs = pos(args, 0);
        v.item = isSeq(xs) || xs.kind === 'listof' ? listOf([{ kind: 'list', items: [v.item] }, xs]).item : UNKNOWN;
        return NONE;
      });
    case 'pop':
      return builtin('pop', () => v.item);
    case 'copy':
      return builtin('copy', () => ({ kind: 'listof', item: v.item }));
    default:
      return UNKNOWN;
  }
}

export function dictAttr(d: Value & { kind: 'dict' }, name: string): Value {
  switch (name) {
    case 'get':
      return builtin('get', (args) => {
        const k = dictKey(pos(args, 0));
        if (k === null) return UNKNOWN;
        return d.entries.get(k)?.value ?? args.positional[1]?.value ?? NONE;
      });
    case 'keys':
      return builtin('keys', () => list([...d.entries.values()].map((e) => e.key)));
    case 'values':
      return builtin('values', () => list([...d.entries.values()].map((e) => e.value)));
    case 'items':
      return builtin('items', () => list([...d.entries.values()].map((e) => tuple([e.key, e.value]))));
    case 'update':
      return builtin('update', (args) => {
        const o = pos(args, 0);
        if (o.kind === 'dict') for (const [k, e] of o.entries) d.entries.set(k, e);
        if ((args.positional.length > 0 && (o.kind !== 'dict' || o.incomplete)) || args.opaque) d.incomplete = true;
        setKeywordEntries(d.entries, args.keywords);
        return NONE;
      });
    case 'setdefault':
      return builtin('setdefault', (args) => {
        const key = pos(args, 0);
        const k = dictKey(key);
        if (k === null) {
          d.incomplete = true;
          return UNKNOWN;
        }
        if (!d.entries.has(k)) d.entries.set(k, { key, value: args.positional[1]?.value ?? NONE });
        return d.entries.get(k)!.value;
      });
    case 'pop':
      return builtin('pop', (args) => {
        const k = dictKey(pos(args, 0));
        if (k === null) return UNKNOWN;
        const e = d.entries.get(k);
        d.entries.delete(k);
        // A missing key without a default raises KeyError.
        return e?.value ?? args.positional[1]?.value ?? UNKNOWN;
      });
    case 'popitem':
      return builtin('popitem', () => {
        // The last entry inserted (Python 3.7+); KeyError on an empty dict.
        const last = [...d.entries].pop();
        if (!last) return UNKNOWN;
        d.entries.delete(last[0]);
        return tuple([last[1].key, last[1].value]);
      });
    case 'clear':
      return builtin('clear', () => {
        d.entries.clear();
        return NONE;
      });
    case 'copy':
      return builtin('copy', () => ({ kind: 'dict', entries: new Map(d.entries), ...(d.incomplete ? { incomplete: true as const } : {}) }));
    default:
      return UNKNOWN;
  }
}
