/**
 * `tf.*` array and math ops (tf / tf.compat.v1 / tf.math): pad, reshape, concat, reductions,
 * squeeze/expand_dims/transpose/tile/stack, broadcasting arithmetic, shape. Rules: SHAPE_SEMANTICS §1
 * and ../array-rules.ts (tensorflow/python/ops/array_ops.py, math_ops.py). Matmul, tensordot and
 * einsum are in ./linalg.ts; gather, one_hot, split and unstack in ./indexing.ts.
 */
import { isKnown } from '../../../engine/dim.js';
import { NO_COST } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { dimValue, intOf, isSeq, tuple, UNKNOWN } from '../../values.js';
import { intsOf } from '../args.js';
import { axesArg, operandShape } from '../array-args.js';
import { batchAbsorbed, expandedDims, reduced, reshapeNeverFits, squeezed, stacked, tiled, transposed, type RuleResult } from '../array-rules.js';
import { identity, orSizesProduct, tensorList } from '../common.js';
import { rejected, reportOn, warnVectorColumn, type Operand } from '../rule-report.js';
import { broadcast, concatenated, fmtShape, out, padded, reshaped } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';
import { padInputShape, symbolicPadded } from '../symbolic-window.js';

function tfOp(names: string[], params: string[], apply: (call: OpCall) => OpResult, extra: Partial<OpEntry> = {}): OpEntry {
  return { names, namespaces: ['tf'], kind: 'op', params, apply, ...extra };
}

const REDUCE_PARAMS = ['input_tensor', 'axis', 'keepdims', 'name', 'reduction_indices', 'keep_dims'];

/** tf.reduce_* (keepdims / TF1 keep_dims, axis / TF1 reduction_indices). */
function reduce(call: OpCall): OpResult {
  const t = call.input;
  const a = call.args;
  const keep = a.has('keepdims') ? a.bool('keepdims', false) : a.bool('keep_dims', false);
  const axes = axesArg(a.get(a.has('axis') ? 'axis' : 'reduction_indices'));
  // No axis reduces every dimension: a scalar whatever the input's rank (math_ops.py reduce_mean:
  // "If `axis` is None, all dimensions are reduced, and a tensor with a single element is returned").
  if (axes === 'all' && keep === false && !a.opaque) return { output: out([], call), cost: NO_COST };
  if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
  if (!axes || keep === null) return { output: out(null, call), cost: NO_COST };
  return ruled(call, 'invalid-axis', 'tf.reduce', reduced(t.shape, axes === 'all' ? null : axes, keep));
}

/** The output of a rule: its shape, or its problem as an error at the call. */
function ruled(call: OpCall, code: string, what: string, r: RuleResult): OpResult {
  if (r.problem) return rejected(call, code, `${r.problem} (${what})`, []);
  return { output: out(r.shape, call), cost: NO_COST };
}

/**
 * Element-wise ops: broadcast, and say when a vector meets a column of the same length (not for
 * comparisons: `tf.greater_equal(i, j)` of a column and a row is how a mask is built).
 */
export function binary(call: OpCall, what: string, warnColumn = true): OpResult {
  const operands: Operand[] = [];
  const shapes: Shape[] = [];
  for (const name of ['x', 'y']) {
    const v = call.args.get(name);
    const s = operandShape(v);
    if (!s) return { output: out(null, call), cost: NO_COST };
    shapes.push(s);
    if (v?.kind === 'tensor') operands.push({ what: name, tensor: v });
  }
  const b = broadcast(shapes, 'ops');
  if (b.conflict) return rejected(call, 'not-broadcastable', `shapes ${shapes.map(fmtShape).join(' and ')} are not broadcastable (${b.conflict}; ${what})`, operands);
  if (warnColumn) warnVectorColumn(call, what, shapes[0]!, shapes[1]!, b.shape, operands);
  return { output: out(b.shape, call), cost: NO_COST };
}

export const ARRAY_ENTRIES: OpEntry[] = [
  tfOp(['identity', 'cast', 'stop_gradient', 'sigmoid', 'tanh', 'abs', 'exp', 'log', 'sqrt', 'square', 'negative', 'round', 'floor', 'ceil', 'clip_by_value', 'logical_not'], ['input'], (c) => identity(c), {
    aliases: { x: 'input', t: 'input', features: 'input' },
  }),
  tfOp(['pad'], ['tensor', 'paddings', 'mode', 'name', 'constant_values'], (call) => {
    const t = call.input;
    const p = call.args.get('paddings');
    if (t.kind !== 'tensor' || !p || !isSeq(p)) return { output: out(null, call), cost: NO_COST };
    const pairs: [number, number][] = [];
    for (const item of p.items) {
      const pr = intsOf(item, 2);
      if (!pr) return symbolicPadded(call, t, p.items);
      pairs.push([pr[0]!, pr[1]!]);
    }
    const shape = padInputShape(call, t, pairs.length);
    if (shape.length !== pairs.length) {
      call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `paddings has ${pairs.length} rows but the input has rank ${shape.length} ${fmtShape(shape)} (paddings must be [rank, 2]; tf.pad)`, node: call.args.node('paddings') });
      return { output: out(null, call), cost: NO_COST };
    }
    const mode = (call.args.str('mode', 'CONSTANT') ?? '').toUpperCase();
    pairs.forEach(([b, af], i) => {
      const d = shape[i]!;
      if (isKnown(d) && ((mode === 'REFLECT' && (b >= d || af >= d)) || (mode === 'SYMMETRIC' && (b > d || af > d)))) {
        call.ctx.report({ severity: 'error', code: 'invalid-parameter', message: `paddings (${b}, ${af}) on an axis of size ${d} must be ${mode === 'REFLECT' ? 'less than' : 'no greater than'} the dimension size (tf.pad ${mode})` });
      }
    });
    const pads = pairs.map(([before, after], axis) => ({ axis, before, after })).filter((x) => x.before !== 0 || x.after !== 0);
    return padded(call, shape, pads, pads.map((x) => `dim ${x.axis}`), 'tensorflow');
  }, { inputs: ['tensor'] }),
  tfOp(['reshape'], ['tensor', 'shape', 'name'], (call) => {
    const t = call.input;
    const target = call.args.shape('shape');
    if (t.kind !== 'tensor' || !target) return { output: out(null, call), cost: NO_COST };
    if (!t.shape) return { output: out(target.map((d) => (d === -1 ? null : d)), call), cost: NO_COST };
    const never = reshapeNeverFits(t.shape, target);
    if (never) {
      const n = (x: number): string => x.toLocaleString('en-US');
      return rejected(call, 'reshape-size-mismatch', `no batch size fits — ${n(never.total)} elements are not a multiple of the per-example size ${n(never.example)} (tf.reshape of ${fmtShape(t.shape)} to ${fmtShape(target)})`, [{ what: 'the input', tensor: t }]);
    }
    const r = reshaped(t.shape, target);
    if (r.error) return rejected(call, 'reshape-size-mismatch', `${r.error} (tf.reshape)`, [{ what: 'the input', tensor: t }]);
    const absorbed = batchAbsorbed(t.shape, target);
    if (absorbed) {
      const msg = `the per-example size was ${absorbed.before.toLocaleString('en-US')} and is now ${absorbed.after.toLocaleString('en-US')}, so -1 makes the batch ${absorbed.factor}·N — each example is cut into ${absorbed.factor} rows (tf.reshape of ${fmtShape(t.shape)} to ${fmtShape(target)})`;
      reportOn(call, 'warning', 'reshape-absorbs-batch', msg, [{ what: 'the input', tensor: t }]);
    }
    return { output: out(r.shape, call), cost: NO_COST };
  }, { inputs: ['tensor'] }),
  tfOp(['concat'], ['values', 'axis', 'name'], (call) => {
    let values = call.args.get('values');
    let axisV = call.args.get('axis');
    // TF < 1.0: concat(concat_dim, values).
    if (values && intOf(values) !== null && axisV && isSeq(axisV)) [values, axisV] = [axisV, values];
    const ts = values ? tensorList(values) : null;
    const axis = axisV ? intOf(axisV) : null;
    if (!ts || ts.length === 0 || axis === null || ts.some((t) => !t.shape)) return { output: out(null, call), cost: NO_COST };
    const r = concatenated(ts.map((t) => t.shape!), axis);
    if (r.conflict) return rejected(call, 'concat-mismatch', `inputs ${ts.map((t) => fmtShape(t.shape)).join(' and ')} must match except on the concatenation axis ${axis} (${r.conflict}; tf.concat)`, ts.map((t, i) => ({ what: `values[${i}]`, tensor: t })));
    return { output: out(r.shape, call), cost: NO_COST };
  }, { inputs: ['values'] }),
  tfOp(['reduce_mean', 'reduce_sum', 'reduce_max', 'reduce_min', 'reduce_any', 'reduce_all', 'reduce_logsumexp'], REDUCE_PARAMS, reduce, { aliases: { input: 'input_tensor' } }),
  // Of a tuple of sizes (`tf.math.reduce_prod(x.shape[1:])`): that number.
  tfOp(['reduce_prod'], REDUCE_PARAMS, orSizesProduct(reduce), { aliases: { input: 'input_tensor' } }),
  tfOp(['argmax', 'argmin'], ['input', 'axis', 'name', 'dimension', 'output_type'], (call) => {
    // TF 1's default axis is 0 (math_ops.py argmax: `if axis is None: axis = 0`); TF 2's too.
    const t = call.input;
    const axis = call.args.int(call.args.has('dimension') ? 'dimension' : 'axis', 0);
    if (t.kind !== 'tensor' || !t.shape || axis === null) return { output: out(null, call), cost: NO_COST };
    return ruled(call, 'invalid-axis', 'tf.argmax', reduced(t.shape, [axis], false));
  }),
  tfOp(['squeeze'], ['input', 'axis', 'name', 'squeeze_dims'], (call) => {
    const t = call.input;
    const axes = axesArg(call.args.get(call.args.has('axis') ? 'axis' : 'squeeze_dims'));
    if (t.kind !== 'tensor' || !t.shape || !axes) return { output: out(null, call), cost: NO_COST };
    return ruled(call, 'invalid-axis', 'tf.squeeze', squeezed(t.shape, axes === 'all' ? null : axes));
  }),
  tfOp(['expand_dims'], ['input', 'axis', 'name', 'dim'], (call) => {
    const t = call.input;
    const axis = call.args.int(call.args.has('axis') ? 'axis' : 'dim');
    if (t.kind !== 'tensor' || !t.shape || axis === null) return { output: out(null, call), cost: NO_COST };
    return ruled(call, 'invalid-axis', 'tf.expand_dims', expandedDims(t.shape, [axis]));
  }),
  tfOp(['transpose'], ['a', 'perm', 'name', 'conjugate'], (call) => {
    const t = call.input;
    const perm = axesArg(call.args.get('perm'));
    if (t.kind !== 'tensor' || !t.shape || !perm) return { output: out(null, call), cost: NO_COST };
    return ruled(call, 'invalid-axis', 'tf.transpose', transposed(t.shape, perm === 'all' ? null : perm));
  }, { aliases: { x: 'a' } }),
  tfOp(['tile'], ['input', 'multiples', 'name'], (call) => {
    const t = call.input;
    const m = call.args.get('multiples');
    const ms = m && isSeq(m) ? intsOf(m, m.items.length) : null;
    if (t.kind !== 'tensor' || !t.shape || !ms) return { output: out(null, call), cost: NO_COST };
    return ruled(call, 'invalid-parameter', 'tf.tile', tiled(t.shape, ms, 'tf'));
  }),
  tfOp(['stack'], ['values', 'axis', 'name'], (call) => {
    const list = tensorList(call.args.get('values') ?? UNKNOWN);
    const axis = call.args.int('axis', 0);
    if (!list || list.length === 0 || axis === null || list.some((t) => !t.shape)) return { output: out(null, call), cost: NO_COST };
    const r = stacked(list.map((t) => t.shape!), axis);
    if (r.problem) return rejected(call, 'stack-mismatch', `${r.problem} (tf.stack)`, list.map((t, i) => ({ what: `values[${i}]`, tensor: t })));
    return { output: out(r.shape, call), cost: NO_COST };
  }, { inputs: ['values'] }),
  tfOp(['add', 'subtract', 'multiply', 'divide', 'truediv', 'realdiv', 'maximum', 'minimum', 'pow', 'squared_difference', 'floordiv', 'mod'], ['x', 'y', 'name'], (c) => binary(c, 'element-wise op'), { inputs: ['x', 'y'] }),
  // Comparisons and logical ops broadcast like the arithmetic ones and give bool
  // (tensorflow/python/ops/math_ops.py equal/less/…; gen_math_ops: "supports broadcasting").
  tfOp(['equal', 'not_equal', 'less', 'less_equal', 'greater', 'greater_equal', 'logical_and', 'logical_or', 'logical_xor'], ['x', 'y', 'name'], (c) => binary(c, 'comparison', false), { inputs: ['x', 'y'] }),
  {
    names: ['shape'],
    namespaces: ['tf'],
    kind: 'value',
    params: ['input', 'name', 'out_type'],
    apply: (call) => {
      const t = call.args.get('input');
      if (t?.kind !== 'tensor' || !t.shape) return { output: UNKNOWN };
      return { output: tuple(t.shape.map((d) => (d === null ? UNKNOWN : dimValue(d)))) };
    },
  },
];
