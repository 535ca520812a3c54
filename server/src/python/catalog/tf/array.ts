/**
 * `tf.*` array and math ops (tf / tf.compat.v1 / tf.math): pad, reshape, concat, reductions,
 * broadcasting arithmetic, matmul, shape. Rules: SHAPE_SEMANTICS §1 (tensorflow/python/ops/array_ops.py).
 */
import { isKnown, mulN } from '../../../engine/dim.js';
import { NO_COST } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { dimValue, intOf, isSeq, tuple, UNKNOWN, type Value } from '../../values.js';
import { intsOf } from '../args.js';
import { identity, tensorList } from '../common.js';
import { broadcast, concatenated, fmtShape, out, padded, reshaped } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

function tfOp(names: string[], params: string[], apply: (call: OpCall) => OpResult, extra: Partial<OpEntry> = {}): OpEntry {
  return { names, namespaces: ['tf'], kind: 'op', params, apply, ...extra };
}

function axesOf(v: Value | undefined, rank: number): number[] | null {
  if (!v) return null;
  const one = intOf(v);
  if (one !== null) return [one < 0 ? rank + one : one];
  if (!isSeq(v)) return null;
  const xs = intsOf(v, v.items.length);
  return xs ? xs.map((x) => (x < 0 ? rank + x : x)) : null;
}

/** tf.reduce_* (keepdims / TF1 keep_dims). */
function reduce(call: OpCall): OpResult {
  const t = call.input;
  if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
  const a = call.args;
  const keep = a.has('keepdims') ? a.bool('keepdims', false) : a.bool('keep_dims', false);
  const axisArg = a.has('axis') ? 'axis' : a.has('reduction_indices') ? 'reduction_indices' : null;
  const rank = t.shape.length;
  const axes = axisArg === null || a.isNone(axisArg) ? t.shape.map((_, i) => i) : axesOf(a.get(axisArg), rank);
  if (!axes || keep === null) return { output: out(null, call), cost: NO_COST };
  const result = keep ? t.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : t.shape.filter((_, i) => !axes.includes(i));
  return { output: out(result, call), cost: NO_COST };
}

function binary(call: OpCall, what: string): OpResult {
  const x = call.args.get('x');
  const y = call.args.get('y');
  const shapes: Shape[] = [];
  for (const v of [x, y]) {
    if (v?.kind === 'tensor') {
      if (!v.shape) return { output: out(null, call), cost: NO_COST };
      shapes.push(v.shape);
    } else if (v?.kind === 'num') shapes.push([]);
    else return { output: out(null, call), cost: NO_COST };
  }
  const b = broadcast(shapes);
  if (b.conflict) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'not-broadcastable', message: `${what}: shapes ${shapes.map(fmtShape).join(' and ')} are not broadcastable (${b.conflict})` });
    return { output: out(null, call), cost: NO_COST };
  }
  return { output: out(b.shape, call), cost: NO_COST };
}

export const ARRAY_ENTRIES: OpEntry[] = [
  tfOp(['identity', 'cast', 'stop_gradient', 'sigmoid', 'tanh', 'abs', 'exp', 'log', 'sqrt', 'square', 'negative', 'round', 'floor', 'ceil', 'clip_by_value'], ['input'], (c) => identity(c), {
    aliases: { x: 'input', t: 'input', features: 'input' },
  }),
  tfOp(['pad'], ['tensor', 'paddings', 'mode', 'name', 'constant_values'], (call) => {
    const t = call.input;
    const p = call.args.get('paddings');
    if (t.kind !== 'tensor' || !p || !isSeq(p)) return { output: out(null, call), cost: NO_COST };
    const pairs: [number, number][] = [];
    for (const item of p.items) {
      const pr = intsOf(item, 2);
      if (!pr) return { output: out(t.shape ? t.shape.map(() => null) : null, call), cost: NO_COST };
      pairs.push([pr[0]!, pr[1]!]);
    }
    const shape = t.shape ?? pairs.map(() => null);
    if (shape.length !== pairs.length) {
      call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `tf.pad: paddings has ${pairs.length} rows but the input has rank ${shape.length} ${fmtShape(shape)} (paddings must be [rank, 2])`, node: call.args.node('paddings') });
      return { output: out(null, call), cost: NO_COST };
    }
    const mode = (call.args.str('mode', 'CONSTANT') ?? '').toUpperCase();
    pairs.forEach(([b, af], i) => {
      const d = shape[i]!;
      if (isKnown(d) && ((mode === 'REFLECT' && (b >= d || af >= d)) || (mode === 'SYMMETRIC' && (b > d || af > d)))) {
        call.ctx.report({ severity: 'error', code: 'invalid-parameter', message: `tf.pad ${mode}: paddings (${b}, ${af}) on an axis of size ${d} must be ${mode === 'REFLECT' ? 'less than' : 'no greater than'} the dimension size` });
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
    const r = reshaped(t.shape, target);
    if (r.error) {
      if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'reshape-size-mismatch', message: `tf.reshape: ${r.error}`, node: call.args.node('shape') });
      return { output: out(null, call), cost: NO_COST };
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
    if (r.conflict) {
      if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'concat-mismatch', message: `tf.concat on axis ${axis}: ${ts.map((t) => fmtShape(t.shape)).join(' and ')} must match except on the concatenation axis (${r.conflict})` });
      return { output: out(null, call), cost: NO_COST };
    }
    return { output: out(r.shape, call), cost: NO_COST };
  }, { inputs: ['values'] }),
  tfOp(['reduce_mean', 'reduce_sum', 'reduce_max', 'reduce_min', 'reduce_prod', 'reduce_any', 'reduce_all', 'reduce_logsumexp'], ['input_tensor', 'axis', 'keepdims', 'name', 'reduction_indices', 'keep_dims'], reduce, {
    aliases: { input: 'input_tensor' },
  }),
  tfOp(['squeeze'], ['input', 'axis', 'name', 'squeeze_dims'], (call) => {
    const t = call.input;
    if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
    const s = t.shape;
    const axisName = call.args.has('axis') ? 'axis' : 'squeeze_dims';
    if (call.args.isNone(axisName)) {
      if (s.some((d) => !isKnown(d) && d !== null)) return { output: out(null, call), cost: NO_COST };
      return { output: out(s.filter((d) => d !== 1), call), cost: NO_COST };
    }
    const axes = axesOf(call.args.get(axisName), s.length);
    if (!axes) return { output: out(null, call), cost: NO_COST };
    return { output: out(s.filter((_, i) => !axes.includes(i)), call), cost: NO_COST };
  }),
  tfOp(['expand_dims'], ['input', 'axis', 'name', 'dim'], (call) => {
    const t = call.input;
    const axis = call.args.int(call.args.has('axis') ? 'axis' : 'dim');
    if (t.kind !== 'tensor' || !t.shape || axis === null) return { output: out(null, call), cost: NO_COST };
    const s = [...t.shape];
    const at = axis < 0 ? s.length + 1 + axis : axis;
    s.splice(at, 0, 1);
    return { output: out(s, call), cost: NO_COST };
  }),
  tfOp(['transpose'], ['a', 'perm', 'name'], (call) => {
    const t = call.input;
    if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
    const s = t.shape;
    if (call.args.isNone('perm')) return { output: out([...s].reverse(), call), cost: NO_COST };
    const perm = call.args.get('perm');
    const p = perm && isSeq(perm) ? intsOf(perm, perm.items.length) : null;
    if (!p || p.length !== s.length) return { output: out(null, call), cost: NO_COST };
    return { output: out(p.map((i) => s[i] ?? null), call), cost: NO_COST };
  }),
  tfOp(['tile'], ['input', 'multiples', 'name'], (call) => {
    const t = call.input;
    const m = call.args.get('multiples');
    if (t.kind !== 'tensor' || !t.shape || !m || !isSeq(m)) return { output: out(null, call), cost: NO_COST };
    const ms = m.items.map((x) => intOf(x));
    return { output: out(t.shape.map((d, i) => (ms[i] != null ? mulN(d, ms[i]!) : null)), call), cost: NO_COST };
  }),
  tfOp(['stack'], ['values', 'axis', 'name'], (call) => {
    const ts = call.args.get('values');
    const list = ts ? tensorList(ts) : null;
    const axis = call.args.int('axis', 0);
    if (!list || list.length === 0 || axis === null || !list[0]!.shape) return { output: out(null, call), cost: NO_COST };
    const s = [...list[0]!.shape];
    s.splice(axis < 0 ? s.length + 1 + axis : axis, 0, list.length);
    return { output: out(s, call), cost: NO_COST };
  }, { inputs: ['values'] }),
  tfOp(['add', 'subtract', 'multiply', 'divide', 'truediv', 'realdiv', 'maximum', 'minimum', 'pow', 'squared_difference', 'floordiv', 'mod'], ['x', 'y', 'name'], (c) => binary(c, 'element-wise op'), { inputs: ['x', 'y'] }),
  tfOp(['matmul'], ['a', 'b', 'transpose_a', 'transpose_b'], (call) => {
    const a = call.args.get('a');
    const b = call.args.get('b');
    if (a?.kind !== 'tensor' || b?.kind !== 'tensor' || !a.shape || !b.shape || a.shape.length < 2 || b.shape.length < 2) return { output: out(null, call), cost: NO_COST };
    const ta = call.args.bool('transpose_a', false);
    const tb = call.args.bool('transpose_b', false);
    const as = a.shape;
    const bs = b.shape;
    const rows = ta ? as[as.length - 1]! : as[as.length - 2]!;
    const cols = tb ? bs[bs.length - 2]! : bs[bs.length - 1]!;
    return { output: out([...as.slice(0, -2), rows, cols], call), cost: NO_COST };
  }, { inputs: ['a', 'b'] }),
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
