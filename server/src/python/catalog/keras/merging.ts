/**
 * Keras 2/3 and tf.keras merging layers and their functional forms. Rules: keras/src/layers/merging/*.py.
 */
import { dimsConflict, formatDim } from '../../../engine/dim.js';
import { NO_COST } from '../../../engine/cost.js';
import { intOf, isSeq } from '../../values.js';
import { concat, elementwise, tensorList } from '../common.js';
import { fmtShape, out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/**
 * Dot (keras/src/layers/merging/dot.py `compute_output_shape`): both inputs lose their `axes` axis,
 * the second also its batch axis, and the rest are joined; a rank-1 result gets a trailing 1. The
 * two axes must have the same size (ValueError "Incompatible input shapes").
 */
function dot(call: OpCall, what: string): OpResult {
  const ts = tensorList(call.input);
  const v = call.args.get('axes');
  const given = v && isSeq(v) ? v.items.map(intOf) : [intOf(v), intOf(v)];
  if (!ts || ts.length !== 2 || ts.some((t) => t.shape === null) || given.length !== 2 || given.some((x) => x === null)) return { output: out(null, call), cost: NO_COST };
  const [a, b] = [ts[0]!.shape!, ts[1]!.shape!];
  const [ax, bx] = [given[0]! < 0 ? given[0]! + a.length : given[0]!, given[1]! < 0 ? given[1]! + b.length : given[1]!];
  if (ax <= 0 || ax >= a.length || bx <= 0 || bx >= b.length) return { output: out(null, call), cost: NO_COST };
  if (dimsConflict(a[ax]!, b[bx]!)) {
    if (!call.ctx.speculative) {
      call.ctx.report({ severity: 'error', code: 'dot-mismatch', message: `${what}: axis ${ax} of ${fmtShape(a)} (${formatDim(a[ax]!)}) and axis ${bx} of ${fmtShape(b)} (${formatDim(b[bx]!)}) must have the same size (Keras raises "Incompatible input shapes")` });
    }
    return { output: out(null, call), cost: NO_COST };
  }
  const shape = [...a.filter((_, i) => i !== ax), ...b.filter((_, i) => i !== bx && i !== 0)];
  return { output: out(shape.length === 1 ? [...shape, 1] : shape, call), cost: NO_COST };
}

function mergeEntries(cls: string, fn: string): OpEntry[] {
  return [
    { names: [cls], namespaces: ['keras.layers'], kind: 'layer', params: [], takesList: true, apply: (call) => elementwise(call, cls, call.input, false) },
    { names: [fn], namespaces: ['keras.layers'], kind: 'op', params: ['inputs'], inputs: ['inputs'], apply: (call) => elementwise(call, fn, call.input, false) },
  ];
}

export const MERGING_ENTRIES: OpEntry[] = [
  {
    names: ['Concatenate'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['axis'],
    takesList: true,
    apply: (call) => concat(call, 'Concatenate', call.input, call.args.int('axis', -1)),
  },
  {
    names: ['concatenate'],
    namespaces: ['keras.layers'],
    kind: 'op',
    params: ['inputs', 'axis'],
    inputs: ['inputs'],
    apply: (call) => concat(call, 'concatenate', call.input, call.args.int('axis', -1)),
  },
  { names: ['Dot'], namespaces: ['keras.layers'], kind: 'layer', params: ['axes', 'normalize'], takesList: true, apply: (call) => dot(call, 'Dot') },
  { names: ['dot'], namespaces: ['keras.layers'], kind: 'op', params: ['inputs', 'axes', 'normalize'], inputs: ['inputs'], apply: (call) => dot(call, 'dot') },
  ...mergeEntries('Add', 'add'),
  ...mergeEntries('Subtract', 'subtract'),
  ...mergeEntries('Multiply', 'multiply'),
  ...mergeEntries('Average', 'average'),
  ...mergeEntries('Maximum', 'maximum'),
  ...mergeEntries('Minimum', 'minimum'),
];
