/**
 * Container builtins: `list`, `tuple`, `dict`, `enumerate`, `zip`, `reversed`, `sorted`, over
 * iterables the interpreter can enumerate (else unknown).
 */
import { builtin, pos, type BuiltinTable } from './builtin-fn.js';
import { iterate, setKeywordEntries } from './iterables.js';
import { intOf, list, num, tuple, UNKNOWN, type Value } from './values.js';

export const CONTAINER_BUILTINS: BuiltinTable = {
  list: () =>
    builtin('list', (args) => {
      if (args.positional.length === 0) return list([]);
      const xs = iterate(pos(args, 0));
      return xs ? list([...xs]) : UNKNOWN;
    }),
  tuple: () =>
    builtin('tuple', (args) => {
      if (args.positional.length === 0) return tuple([]);
      const xs = iterate(pos(args, 0));
      return xs ? tuple([...xs]) : UNKNOWN;
    }),
  dict: () =>
    builtin('dict', (args) => {
      const entries = new Map<string, { key: Value; value: Value }>();
      if (args.positional.length > 0) {
        const v = pos(args, 0);
        if (v.kind !== 'dict') return UNKNOWN;
        for (const [k, e] of v.entries) entries.set(k, e);
      }
      setKeywordEntries(entries, args.keywords);
      const incomplete = args.opaque || (args.positional[0]?.value.kind === 'dict' && args.positional[0].value.incomplete === true);
      return { kind: 'dict', entries, ...(incomplete ? { incomplete: true as const } : {}) };
    }),
  enumerate: () =>
    builtin('enumerate', (args) => {
      const xs = iterate(pos(args, 0));
      const start = intOf(args.positional[1]?.value ?? args.keywords.get('start')?.value ?? num(0));
      if (!xs || start === null) return UNKNOWN;
      return list(xs.map((x, i) => tuple([num(i + start), x])));
    }),
  zip: () =>
    builtin('zip', (args) => {
      const seqs = args.positional.map((a) => iterate(a.value));
      if (seqs.some((s) => s === null) || seqs.length === 0) return UNKNOWN;
      const n = Math.min(...seqs.map((s) => s!.length));
      return list(Array.from({ length: n }, (_, i) => tuple(seqs.map((s) => s![i]!))));
    }),
  reversed: () =>
    builtin('reversed', (args) => {
      const xs = iterate(pos(args, 0));
      return xs ? list([...xs].reverse()) : UNKNOWN;
    }),
  sorted: () =>
    builtin('sorted', (args) => {
      const xs = iterate(pos(args, 0));
      if (!xs || xs.some((x) => x.kind !== 'num')) return UNKNOWN;
      return list([...xs].sort((a, b) => (a.kind === 'num' && b.kind === 'num' ? a.value - b.value : 0)));
    }),
};
