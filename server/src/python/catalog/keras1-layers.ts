/**
 * Keras 1's own layer classes that Keras 2 dropped or moved to keras/legacy/layers.py (exported by
 * keras.layers up to 2.3): Merge (and the `merge` function), MaxoutDense, Highway,
 * TimeDistributedDense, and the advanced activations SReLU and ParametricSoftplus. Rules: keras-team/keras
 * @ 1.2.2 keras/engine/topology.py (Merge.get_output_shape_for), keras/layers/core.py and
 * keras/layers/advanced_activations.py (`build` for the weights, `get_output_shape_for`).
 */
import { isKnown, type Dim } from '../../engine/dim.js';
import { exact, NO_COST, type Cost } from '../../engine/cost.js';
import type { Shape } from '../../analysis/types.js';
import { isSeq, list, type Value } from '../values.js';
import { concat, elementwise, identity, tensorList } from './common.js';
import { sharedAxesCost } from './keras/core.js';
import { fmtShape, out } from './shapes.js';
import { countArg } from './sizes.js';
import type { OpCall, OpEntry, OpResult } from './types.js';

const UNKNOWN_COST: Cost = { params: null, macs: null };

/**
 * Merge's modes (Merge.get_output_shape_for): sum/mul/ave/max keep the (equal) shapes; concat adds
 * `concat_axis`; dot/cos drop `dot_axes` from each input and the second input's batch (a lone
 * batch axis gets a 1 after it). A callable mode with a tuple `output_shape` is (batch, …output_shape).
 */
function mergeModes(call: OpCall, what: string, inputs: Value): OpResult {
  const a = call.args;
  const mode = a.get('mode');
  if (mode?.kind === 'function') return callableMode(call, inputs);
  const m = a.str('mode', 'sum');
  if (m === 'concat') return concat(call, `${what}(mode='concat')`, inputs, a.int('concat_axis', -1));
  if (m === 'sum' || m === 'mul' || m === 'ave' || m === 'max') return elementwise(call, `${what}(mode='${m}')`, inputs, true);
  if (m !== 'dot' && m !== 'cos') return { output: out(null, call), cost: NO_COST };
  const ts = tensorList(inputs);
  if (!ts || ts.length !== 2 || !ts[0]!.shape || !ts[1]!.shape) return { output: out(null, call), cost: NO_COST };
  const [s1, s2] = [ts[0]!.shape, ts[1]!.shape];
  const axes = dotAxes(a.get('dot_axes'), s1.length, s2.length);
  if (!axes) return { output: out(null, call), cost: NO_COST };
  const [a1, a2] = axes;
  const d1 = s1[a1];
  const d2 = s2[a2];
  if (d1 === undefined || d2 === undefined) return { output: out(null, call), cost: NO_COST };
  if (isKnown(d1) && isKnown(d2) && d1 !== d2) {
    // Merge._arguments_validation: "Dimension incompatibility using dot mode".
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'dot-mismatch', message: `axis ${a1} of ${fmtShape(s1)} (${d1}) and axis ${a2} of ${fmtShape(s2)} (${d2}) must have the same size (Keras raises "Dimension incompatibility using dot mode") (${what}(mode='${m}'))` });
    return { output: out(null, call), cost: NO_COST };
  }
  const rest1 = s1.filter((_, i) => i !== a1);
  const rest2 = s2.filter((_, i) => i !== a2).slice(1);
  const shape: Dim[] = [...rest1, ...rest2];
  return { output: out(shape.length === 1 ? [...shape, 1] : shape, call), cost: NO_COST };
}

/** `dot_axes`: an int (negative counted from each input's end, else the same axis on both) or a pair. */
function dotAxes(v: Value | undefined, n1: number, n2: number): [number, number] | null {
  if (v === undefined) return [n1 - 1, n2 - 1];
  if (v.kind === 'num' && Number.isInteger(v.value)) return v.value < 0 ? [((v.value % n1) + n1) % n1, ((v.value % n2) + n2) % n2] : [v.value, v.value];
  if ((v.kind === 'tuple' || v.kind === 'list') && v.items.length === 2) {
    const [x, y] = v.items;
    if (x?.kind === 'num' && y?.kind === 'num' && Number.isInteger(x.value) && Number.isInteger(y.value)) return [x.value, y.value];
  }
  return null;
}

/** A callable `mode` (a lambda over the tensors): only a tuple `output_shape` says the shape, after the batch. */
function callableMode(call: OpCall, inputs: Value): OpResult {
  const os = call.args.get('output_shape');
  const ts = tensorList(inputs);
  const batch = ts && ts[0]?.shape ? ts[0].shape[0]! : null;
  if (os && (os.kind === 'tuple' || os.kind === 'list') && os.items.every((x) => x.kind === 'num' && Number.isInteger(x.value))) {
    return { output: out([batch, ...os.items.map((x) => (x.kind === 'num' ? x.value : null))], call), cost: NO_COST };
  }
  return { output: out(null, call), cost: NO_COST };
}

/** The input's last size, with an error when its rank is known and not `rank` (Keras 1 `assert len(input_shape) == …`). */
function lastOf(call: OpCall, rank: number, what: string): { shape: Shape | null; last: Dim } | null {
  const t = call.input;
  if (t.kind !== 'tensor' || t.shape === null) return { shape: null, last: null };
  if (t.shape.length !== rank) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `${what} expects a ${rank}-D input, got ${fmtShape(t.shape)} (InputSpec ndim=${rank})` });
    return null;
  }
  return { shape: t.shape, last: t.shape[rank - 1]! };
}

/** MaxoutDense (core.py): W (nb_feature, input_dim, output_dim), b (nb_feature, output_dim); (N, output_dim). */
function maxoutDense(call: OpCall): OpResult {
  const units = countArg(call, 'output_dim', 'count', 'MaxoutDense');
  const features = call.args.has('nb_feature') ? countArg(call, 'nb_feature', 'count', 'MaxoutDense') : call.args.opaque ? null : 4;
  const bias = call.args.bool('bias', true);
  const x = lastOf(call, 2, 'MaxoutDense');
  if (!x) return { output: out(null, call), cost: UNKNOWN_COST };
  const params = units !== null && features !== null && bias !== null && isKnown(x.last) ? exact(features * x.last * units + (bias ? features * units : 0)) : null;
  return { output: out([x.shape ? x.shape[0]! : null, units], call), cost: { params, macs: null } };
}

/** Highway (core.py): W and W_carry (d, d), b and b_carry (d,); the shape is kept. */
function highway(call: OpCall): OpResult {
  const bias = call.args.bool('bias', true);
  const x = lastOf(call, 2, 'Highway');
  if (!x) return { output: out(null, call), cost: UNKNOWN_COST };
  const d = x.last;
  const params = isKnown(d) && bias !== null ? exact(2 * d * d + (bias ? 2 * d : 0)) : null;
  return { output: out(x.shape, call), cost: { params, macs: null } };
}

/** TimeDistributedDense (core.py): W (input_dim, output_dim), b (output_dim,); (N, T, output_dim). */
function timeDistributedDense(call: OpCall): OpResult {
  const units = countArg(call, 'output_dim', 'count', 'TimeDistributedDense');
  const bias = call.args.bool('bias', true);
  const x = lastOf(call, 3, 'TimeDistributedDense');
  if (!x) return { output: out(null, call), cost: UNKNOWN_COST };
  const params = units !== null && bias !== null && isKnown(x.last) ? exact(x.last * units + (bias ? units : 0)) : null;
  return { output: out(x.shape ? [x.shape[0]!, x.shape[1]!, units] : [null, null, units], call), cost: { params, macs: null } };
}

/**
 * `Merge([branch_a, branch_b], …)` as a Sequential's first layer merges the branches' outputs
 * (Merge.__init__ with `layers`: each layer's output tensor); null when a branch's output is not known.
 */
function branchOutputs(v: Value | undefined): Value | null {
  if (!v || !isSeq(v)) return null;
  const outputs = v.items.map((m) => (m.kind === 'model' && m.output?.kind === 'tensor' ? m.output : null));
  return outputs.every((t) => t !== null) ? list(outputs) : null;
}

const layer = (names: string[], params: string[], apply: (call: OpCall) => OpResult, takesList = false): OpEntry => ({
  names,
  namespaces: ['keras.layers'],
  kind: 'layer',
  params,
  ...(takesList ? { takesList } : {}),
  apply,
});

export const KERAS1_LAYER_ENTRIES: OpEntry[] = [
  // `Merge(mode=…)` applied to a list of tensors; `merge(inputs, mode=…)` builds one and applies it.
  layer(['Merge'], ['layers', 'mode', 'concat_axis', 'dot_axes', 'output_shape'], (call) => mergeModes(call, 'Merge', branchOutputs(call.args.get('layers')) ?? call.input), true),
  { names: ['merge'], namespaces: ['keras.layers'], kind: 'op', params: ['inputs', 'mode', 'concat_axis', 'dot_axes', 'output_shape'], inputs: ['inputs'], apply: (call) => mergeModes(call, 'merge', call.input) },
  layer(['MaxoutDense'], ['output_dim', 'nb_feature', 'init', 'weights'], maxoutDense),
  layer(['Highway'], ['init', 'activation', 'weights'], highway),
  layer(['TimeDistributedDense'], ['output_dim', 'init', 'activation', 'weights'], timeDistributedDense),
  // advanced_activations.py: alphas and betas (ParametricSoftplus), t_left, a_left, t_right, a_right
  // (SReLU), each of input_shape[1:] with `shared_axes` set to 1.
  layer(['ParametricSoftplus'], ['alpha_init', 'beta_init', 'weights', 'shared_axes'], (call) => identity(call, (s) => sharedAxesCost(call, s, 2))),
  layer(['SReLU'], ['t_left_init', 'a_left_init', 't_right_init', 'a_right_init', 'shared_axes'], (call) => identity(call, (s) => sharedAxesCost(call, s, 4))),
];
