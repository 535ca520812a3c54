/**
 * Number builtins: `range` (as the list of its numbers, bounded by LIMITS.sequence), `len`,
 * `int`, `float`, `min`, `max`, `abs`, `round` (half to even), `sum`.
 */
import { builtin, pos, type BuiltinTable } from './builtin-fn.js';
import { LIMITS, type Interp } from './interp.js';
import { iterate } from './iterables.js';
import { textOf, type PyNode } from './syntax.js';
import { dimValue, intOf, isSeq, list, num, UNKNOWN, type CallArgs, type Value } from './values.js';

function numbersOf(args: CallArgs): Value[] | null {
  if (args.positional.length === 1) return iterate(pos(args, 0));
  return args.positional.map((a) => a.value);
}

function minMax(args: CallArgs, pick: (a: number, b: number) => boolean): Value {
  const xs = numbersOf(args);
  if (!xs || xs.length === 0) return UNKNOWN;
  let best: Value | null = null;
  for (const x of xs) {
    if (x.kind !== 'num') return UNKNOWN;
    if (best === null || (best.kind === 'num' && pick(x.value, best.value))) best = x;
  }
  return best ?? UNKNOWN;
}

/**
 * `range(…)` as a list of its numbers. One too long to list (LIMITS.sequence) is unknown, and says so
 * where it stopped (issue 11 §3): a loop over it runs as one of unknown length (loops.ts).
 */
function rangeOf(it: Interp, args: CallArgs, site: PyNode): Value {
  // Any integral value counts, beyond 2^53 too: range(10**100) is as certainly too long.
  const xs = args.positional.map((a) => (a.value.kind === 'num' && Number.isInteger(a.value.value) ? a.value.value : intOf(a.value)));
  if (xs.some((x) => x === null) || xs.length === 0) return UNKNOWN;
  const [a, b, c] = xs.length === 1 ? [0, xs[0]!, 1] : [xs[0]!, xs[1]!, xs[2] ?? 1];
  if (c === 0) return UNKNOWN;
  const n = Math.max(0, Math.ceil((b - a) / c));
  if (n > LIMITS.sequence) {
    const count = Number.isSafeInteger(n) ? n.toLocaleString('en-US') : 'more than 2^53';
    const shown = textOf(site);
    it.budgetSpent(it.statement ?? site, 'budget-unroll', `${shown.length <= 40 && !shown.includes('\n') ? shown : 'range(…)'} has ${count} items, more than the ${LIMITS.sequence.toLocaleString('en-US')} followed one by one: the analysis stops listing them here, so a loop over it shows only what holds on every iteration, and its items and what depends on them are unknown`);
    return UNKNOWN;
  }
  return list(Array.from({ length: n }, (_, i) => num(a + i * c)));
}

function toInt(v: Value): Value {
  if (v.kind === 'num') return num(Math.trunc(v.value));
  if (v.kind === 'bool') return num(v.value ? 1 : 0);
  if (v.kind === 'str' && /^\s*-?\d+\s*$/.test(v.value)) return num(Number.parseInt(v.value, 10));
  if (v.kind === 'dim') return v;
  // int() of an entry point's size parameter is that size (TensorV.asSize).
  if (v.kind === 'tensor' && v.asSize !== undefined) return dimValue(v.asSize);
  return UNKNOWN;
}

export const NUMBER_BUILTINS: BuiltinTable = {
  range: (it) => builtin('range', (args, site) => rangeOf(it, args, site)),
  len: () =>
    builtin('len', (args) => {
      const v = pos(args, 0);
      if (isSeq(v)) return num(v.items.length);
      if (v.kind === 'str') return num(v.value.length);
      if (v.kind === 'dict') return num(v.entries.size);
      if (v.kind === 'tensor' && v.shape && v.shape.length > 0) return dimValue(v.shape[0]!);
      return UNKNOWN;
    }),
  int: () => builtin('int', (args) => toInt(pos(args, 0))),
  float: () =>
    builtin('float', (args) => {
      const v = pos(args, 0);
      if (v.kind === 'num') return num(v.value, true);
      if (v.kind === 'str' && Number.isFinite(Number(v.value))) return num(Number(v.value), true);
      return UNKNOWN;
    }),
  min: () => builtin('min', (args) => minMax(args, (a, b) => a < b)),
  max: () => builtin('max', (args) => minMax(args, (a, b) => a > b)),
  abs: () =>
    builtin('abs', (args) => {
      const v = pos(args, 0);
      return v.kind === 'num' ? num(Math.abs(v.value), v.float) : UNKNOWN;
    }),
  round: () =>
    builtin('round', (args) => {
      const v = pos(args, 0);
      if (v.kind !== 'num' || args.positional.length > 1) return UNKNOWN;
      // Python 3 rounds half to even.
      const r = Math.round(v.value);
      return num(Math.abs(v.value % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
    }),
  sum: () =>
    builtin('sum', (args) => {
      const xs = iterate(pos(args, 0));
      if (!xs || xs.some((x) => x.kind !== 'num')) return UNKNOWN;
      return num(xs.reduce((a, x) => a + (x.kind === 'num' ? x.value : 0), 0));
    }),
};
