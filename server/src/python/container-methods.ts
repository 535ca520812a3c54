/**
 * Methods of lists, tuples (and TF 1 `TensorShape.as_list`), lists of unknown length (ListOfV) and
 * dicts: `append`, `extend`, `pop`, `get`, `items`, `update`, … The mutating ones change the value in
 * place, as Python does, so every name bound to it sees the change.
 */
import { builtin, pos } from './builtin-fn.js';
import { dictKey, itemIndex, iterate, setKeywordEntries } from './iterables.js';
import { equals, intOf, isSeq, join, list, listOf, NONE, num, tuple, UNKNOWN, type ListOfV, type Value } from './values.js';

export function seqAttr(v: Value & { kind: 'tuple' | 'list' }, name: string): Value {
  switch (name) {
    case 'as_list':
      return builtin('as_list', () => list([...v.items]));
    case 'append':
      return builtin('append', (args) => {
        if (v.kind === 'list') v.items.push(pos(args, 0));
        return NONE;
      });
    case 'extend':
      return builtin('extend', (args) => {
        const xs = iterate(pos(args, 0));
        if (v.kind === 'list') {
          if (xs) v.items.push(...xs);
          else v.items.splice(0, v.items.length, UNKNOWN);
        }
        return NONE;
      });
    case 'insert':
      return builtin('insert', (args) => {
        const i = intOf(pos(args, 0));
        if (v.kind === 'list' && i !== null) v.items.splice(i < 0 ? v.items.length + i : i, 0, pos(args, 1));
        return NONE;
      });
    case 'pop':
      return builtin('pop', (args) => {
        if (v.kind !== 'list' || v.items.length === 0) return UNKNOWN;
        const i = args.positional.length ? intOf(pos(args, 0)) : -1;
        // Out of range, Python raises IndexError and the list stays as it was.
        const j = i === null ? null : itemIndex(i, v.items.length);
        if (j === null) return UNKNOWN;
        return v.items.splice(j, 1)[0] ?? UNKNOWN;
      });
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
      return UNKNOWN;
  }
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
        setKeywordEntries(d.entries, args.keywords);
        return NONE;
      });
    case 'setdefault':
      return builtin('setdefault', (args) => {
        const key = pos(args, 0);
        const k = dictKey(key);
        if (k === null) return UNKNOWN;
        if (!d.entries.has(k)) d.entries.set(k, { key, value: args.positional[1]?.value ?? NONE });
        return d.entries.get(k)!.value;
      });
    case 'copy':
      return builtin('copy', () => ({ kind: 'dict', entries: new Map(d.entries) }));
    default:
      return UNKNOWN;
  }
}
