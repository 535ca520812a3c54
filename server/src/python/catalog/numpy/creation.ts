/**
 * NumPy arrays made with known shapes (numpy docs of each function): `zeros`/`ones`/`empty`/`full`
 * (`shape` an int or a tuple), `array`/`asarray` of a nested list, `arange`, `linspace`, `eye`,
 * `identity`, and `np.random.*` with `size=` or (`rand`, `randn`) one size per argument. None of
 * them is a summary row. `keras.ops.zeros`/`ones`/`arange`/`eye` (keras/src/ops/numpy.py) too.
 */
import { NO_COST } from '../../../engine/cost.js';
import { isKnown } from '../../../engine/dim.js';
import { isSeq, toDim, UNKNOWN, type Value } from '../../values.js';
import { literalShape } from '../array-args.js';
import { arangeLength } from '../array-rules.js';
import { out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

const none = (call: OpCall): OpResult => ({ output: out(null, call), cost: NO_COST });

/** A NumPy shape argument: an int or a sequence of ints (None is not a NumPy size). */
function npShape(v: Value | undefined): number[] | null {
  if (!v) return null;
  const s = isSeq(v) ? v.items : [v];
  const dims = s.map((x) => (x.kind === 'num' && Number.isInteger(x.value) && x.value >= 0 ? x.value : null));
  return dims.every((d) => d !== null) ? (dims as number[]) : null;
}

function shaped(param: string): (call: OpCall) => OpResult {
  return (call) => {
    const s = npShape(call.args.get(param));
    return s ? { output: out(s, call), cost: NO_COST } : none(call);
  };
}

/** `size=None` draws one number; otherwise the shape `size` names. */
function sized(call: OpCall): OpResult {
  if (call.args.isNone('size')) return { output: out([], call), cost: NO_COST };
  return shaped('size')(call);
}

/** `rand(d0, d1, …)`, `randn(d0, d1, …)`: one size per positional argument. */
const DIMS = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];
function perArgument(call: OpCall): OpResult {
  if (call.args.opaque) return none(call);
  const given = DIMS.filter((d) => call.args.has(d)).map((d) => call.args.get(d)!);
  const s = npShape({ kind: 'tuple', items: given });
  return s ? { output: out(s, call), cost: NO_COST } : none(call);
}

function num(v: Value | undefined): number | null {
  return v?.kind === 'num' ? v.value : v?.kind === 'bool' ? Number(v.value) : null;
}

/**
 * `arange([start,] stop[, step])`: ⌈(stop − start)/step⌉ entries; from 0 by 1 to a symbolic size
 * (`ops.arange(ops.shape(x)[1])`), that size. `tf.range(start, limit, delta)` too (../tf/sources.ts).
 */
export function arange(call: OpCall): OpResult {
  const a = num(call.args.get('start'));
  const hasStop = call.args.has('stop') && !call.args.isNone('stop');
  const b = hasStop ? num(call.args.get('stop')) : a;
  const start = hasStop ? a : 0;
  const step = call.args.has('step') ? num(call.args.get('step')) : 1;
  const symbolic = call.args.get(hasStop ? 'stop' : 'start');
  if (start === 0 && step === 1 && symbolic?.kind === 'dim' && symbolic.dim !== null) return { output: out([symbolic.dim], call), cost: NO_COST };
  if (start === null || b === null || step === null) return none(call);
  const n = arangeLength(start, b, step);
  return n === null ? none(call) : { output: out([n], call), cost: NO_COST };
}

function eye(call: OpCall): OpResult {
  const n = call.args.get('N');
  const rows = n ? toDim(n) : undefined;
  const m = call.args.isNone('M') ? rows : toDim(call.args.get('M')!);
  if (rows === undefined || m === undefined || (isKnown(rows) && rows < 0) || (isKnown(m) && m < 0)) return none(call);
  return { output: out([rows, m], call), cost: NO_COST };
}

function array(call: OpCall): OpResult {
  const v = call.args.get('object');
  if (v?.kind === 'tensor') return { output: out(v.shape, call), cost: NO_COST };
  const s = v ? literalShape(v) : null;
  return { output: out(s, call), cost: NO_COST };
}

function np(names: string[], params: string[], apply: (call: OpCall) => OpResult, ns: 'numpy' | 'numpy.random' = 'numpy'): OpEntry {
  return { names, namespaces: [ns], kind: 'source', params, record: false, apply };
}

export const CREATION_ENTRIES: OpEntry[] = [
  np(['zeros', 'ones', 'empty'], ['shape', 'dtype'], shaped('shape')),
  np(['full'], ['shape', 'fill_value', 'dtype'], shaped('shape')),
  np(['array', 'asarray', 'asanyarray', 'ascontiguousarray', 'copy'], ['object', 'dtype'], array),
  np(['arange'], ['start', 'stop', 'step', 'dtype'], arange),
  np(['linspace'], ['start', 'stop', 'num'], (call) => {
    const n = call.args.int('num', 50);
    return n === null || n < 0 ? none(call) : { output: out([n], call), cost: NO_COST };
  }),
  np(['eye'], ['N', 'M'], eye),
  // Arrays read from files: their shape is the file's (numpy/lib/npyio.py load/loadtxt/genfromtxt);
  // an `.npz` archive is an NpzFile (a mapping of arrays), not an array.
  np(['load'], ['file', 'mmap_mode', 'allow_pickle'], (call) => {
    const f = call.args.str('file');
    return f === null || f.toLowerCase().endsWith('.npz') ? { output: UNKNOWN } : none(call);
  }),
  np(['loadtxt', 'genfromtxt', 'fromfile'], ['fname'], none),
  np(['identity'], ['N'], (call) => eye(call)),
  np(['rand', 'randn'], DIMS, perArgument, 'numpy.random'),
  np(['random', 'random_sample', 'sample', 'ranf', 'standard_normal'], ['size'], sized, 'numpy.random'),
  np(['normal', 'uniform', 'logistic', 'laplace', 'gumbel'], ['loc', 'scale', 'size'], sized, 'numpy.random'),
  np(['randint', 'random_integers'], ['low', 'high', 'size'], sized, 'numpy.random'),
  np(['binomial'], ['n', 'p', 'size'], sized, 'numpy.random'),
  np(['poisson', 'exponential'], ['lam', 'size'], sized, 'numpy.random'),
  np(['permutation'], ['x'], (call) => {
    const v = call.args.get('x');
    const n = v?.kind === 'num' && Number.isInteger(v.value) ? v.value : null;
    if (n !== null) return { output: out([n], call), cost: NO_COST };
    return { output: out(v?.kind === 'tensor' ? v.shape : null, call), cost: NO_COST };
  }, 'numpy.random'),
  { names: ['zeros', 'ones'], namespaces: ['keras.ops'], kind: 'source', params: ['shape', 'dtype'], apply: shaped('shape') },
  { names: ['arange'], namespaces: ['keras.ops'], kind: 'source', params: ['start', 'stop', 'step', 'dtype'], apply: arange },
  { names: ['eye'], namespaces: ['keras.ops'], kind: 'source', params: ['N', 'M'], apply: eye },
];
