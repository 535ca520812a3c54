/**
 * Keras 2/3 and tf.keras attention layers: MultiHeadAttention, GroupedQueryAttention (Keras 3), Attention, AdditiveAttention.
 * Rules: keras/src/layers/attention/*.py (`build` for the weights, `compute_output_shape`).
 */
import { isKnown, productOf, type Dim } from '../../../engine/dim.js';
import { exact, NO_COST, type Cost } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { intOf, isSeq, tuple, type Value } from '../../values.js';
import { tensorList } from '../common.js';
import { fmtShape, out } from '../shapes.js';
import { countArg } from '../sizes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

const UNKNOWN_COST: Cost = { params: null, macs: null };

function lastDim(s: Shape | null | undefined): Dim {
  return s && s.length > 0 ? s[s.length - 1]! : null;
}

/** `output_shape`: an int or a tuple of sizes (the projection's trailing dims); null when unknown. */
function outputDims(v: Value | undefined, query: Dim): Dim[] | null {
  if (!v || v.kind === 'none') return [query];
  const n = intOf(v);
  if (n !== null) return [n];
  if (!isSeq(v)) return null;
  const dims = v.items.map(intOf);
  return dims.every((d) => d !== null) ? (dims as number[]) : null;
}

/**
 * MultiHeadAttention (multi_head_attention.py `build`): query/key/value projections are EinsumDense
 * kernels (D, H, key_dim) / (D, H, value_dim) with biases (H, key_dim) / (H, value_dim); the output
 * projection (H, value_dim, O…) with bias (O…), O = `output_shape` or the query's last size. The
 * output is the query's shape with O at the end; scores (B, H, Tq, Tk) with return_attention_scores.
 */
function multiHeadAttention(call: OpCall): OpResult {
  const a = call.args;
  const ca = call.callArgs;
  const q = call.input.kind === 'tensor' ? call.input.shape : null;
  const v = ca?.get('value');
  const k = ca?.get('key');
  const vShape = v?.kind === 'tensor' ? v.shape : null;
  const kShape = k?.kind === 'tensor' ? k.shape : k === undefined || k.kind === 'none' ? vShape : null;
  const heads = countArg(call, 'num_heads', 'count', 'MultiHeadAttention');
  const keyDim = countArg(call, 'key_dim', 'count', 'MultiHeadAttention');
  const valueDim = a.isNone('value_dim') ? keyDim : countArg(call, 'value_dim', 'count', 'MultiHeadAttention');
  const bias = a.bool('use_bias', true);
  const dq = lastDim(q);
  const o = outputDims(a.get('output_shape'), dq);
  const scores = ca?.bool('return_attention_scores', false) ?? false;
  let cost = UNKNOWN_COST;
  const [dk, dv] = [lastDim(kShape), lastDim(vShape)];
  if (heads !== null && keyDim !== null && valueDim !== null && bias !== null && o && isKnown(dq) && isKnown(dk) && isKnown(dv) && o.every(isKnown)) {
    const oSize = productOf(o) as number;
    const b = bias ? 1 : 0;
    const qk = (d: number) => heads * keyDim * (d + b);
    const params = qk(dq) + qk(dk) + heads * valueDim * (dv + b) + heads * valueDim * oSize + b * oSize;
    cost = { params: exact(params), macs: null };
  }
  const output = out(q && o ? [...q.slice(0, -1), ...o] : null, call);
  if (scores === null) return { output: out(null, call), cost };
  if (!scores) return { output, cost };
  const s = q && kShape && q.length === 3 && kShape.length === 3 ? [q[0]!, heads, q[1]!, kShape[1]!] : null;
  return { output: tuple([output, out(s, call)]), cost };
}

/**
 * GroupedQueryAttention (Keras 3 keras/src/layers/attention/grouped_query_attention.py): `build`
 * makes EinsumDense projections query (D, Hq, h) + (Hq, h), key (Dk, Hkv, h) + (Hkv, h), value
 * (Dv, Hkv, h) + (Hkv, h), with use_gate a gate like the query, and the output (Hq, h, D) + (D,);
 * biases only with use_bias. The output is the query's shape (compute_output_shape); scores
 * (B, Hq, Tq, Tk) with return_attention_scores (compute_output_spec).
 */
function groupedQueryAttention(call: OpCall): OpResult {
  const a = call.args;
  const ca = call.callArgs;
  const what = 'GroupedQueryAttention';
  const q = call.input.kind === 'tensor' ? call.input.shape : null;
  const v = ca?.get('value');
  const k = ca?.get('key');
  const vShape = v?.kind === 'tensor' ? v.shape : null;
  const kShape = k?.kind === 'tensor' ? k.shape : k === undefined || k.kind === 'none' ? vShape : null;
  const h = countArg(call, 'head_dim', 'count', what);
  const hq = countArg(call, 'num_query_heads', 'count', what);
  const hkv = countArg(call, 'num_key_value_heads', 'count', what);
  const bias = a.bool('use_bias', true);
  const gate = a.bool('use_gate', false);
  const [dq, dk, dv] = [lastDim(q), lastDim(kShape), lastDim(vShape)];
  let cost = UNKNOWN_COST;
  if (h !== null && hq !== null && hkv !== null && bias !== null && gate !== null && isKnown(dq) && isKnown(dk) && isKnown(dv)) {
    const b = bias ? 1 : 0;
    const proj = (d: number, heads: number) => heads * h * (d + b);
    const params = proj(dq, hq) * (gate ? 2 : 1) + proj(dk, hkv) + proj(dv, hkv) + hq * h * dq + b * dq;
    cost = { params: exact(params), macs: null };
  }
  const output = out(q, call);
  const scores = ca?.bool('return_attention_scores', false) ?? false;
  if (scores === null) return { output: out(null, call), cost };
  if (!scores) return { output, cost };
  const s = q && kShape && q.length === 3 && kShape.length === 3 ? [q[0]!, hq, q[1]!, kShape[1]!] : null;
  return { output: tuple([output, out(s, call)]), cost };
}

/** The [query, value(, key)] list of Attention / AdditiveAttention, with Keras' check that there are 2 or 3. */
function attentionInputs(call: OpCall, what: string): { q: Shape; v: Shape } | null {
  const ts = tensorList(call.input);
  if (!ts) return null;
  if (ts.length < 2 || ts.length > 3) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'attention-inputs', message: `${what} takes a list [query, value] or [query, value, key], got ${ts.length} tensor(s)` });
    return null;
  }
  const [q, v] = [ts[0]!.shape, ts[1]!.shape];
  return q && v ? { q, v } : null;
}

/**
 * Attention (attention.py): output (B, Tq, dim_value); weights: a scalar `scale` with use_scale, a
 * scalar `concat_score_weight` with score_mode='concat'. AdditiveAttention (additive_attention.py):
 * `scale` of shape (dim,) with use_scale (default True).
 */
function attention(call: OpCall, what: string, additive: boolean): OpResult {
  const io = attentionInputs(call, what);
  const a = call.args;
  const useScale = a.bool('use_scale', additive);
  const concat = additive ? false : a.str('score_mode', 'dot');
  if (!io) return { output: out(null, call), cost: NO_COST };
  const { q, v } = io;
  const output = out([...q.slice(0, -1), lastDim(v)], call);
  const dim = isKnown(lastDim(v)) ? lastDim(v) : lastDim(q);
  let params: number | null = null;
  if (useScale !== null && concat !== null) {
    if (!additive) params = (useScale ? 1 : 0) + (concat === 'concat' ? 1 : 0);
    else params = !useScale ? 0 : isKnown(dim) ? dim : null;
  }
  if (q.length !== v.length && !call.ctx.speculative) {
    call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `query ${fmtShape(q)} and value ${fmtShape(v)} must have the same rank (${what})` });
  }
  return { output, cost: { params, macs: null } };
}

export const ATTENTION_ENTRIES: OpEntry[] = [
  {
    names: ['MultiHeadAttention'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['num_heads', 'key_dim', 'value_dim', 'dropout', 'use_bias', 'output_shape', 'attention_axes'],
    callParams: ['query', 'value', 'key'],
    apply: multiHeadAttention,
  },
  {
    // Exported as keras.layers.GroupQueryAttention; the class is GroupedQueryAttention.
    names: ['GroupQueryAttention'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['head_dim', 'num_query_heads', 'num_key_value_heads', 'dropout', 'use_bias'],
    callParams: ['query', 'value', 'key'],
    frameworks: 'Keras 3',
    apply: groupedQueryAttention,
  },
  { names: ['Attention'], namespaces: ['keras.layers'], kind: 'layer', params: ['use_scale', 'score_mode', 'dropout'], takesList: true, apply: (call) => attention(call, 'Attention', false) },
  { names: ['AdditiveAttention'], namespaces: ['keras.layers'], kind: 'layer', params: ['use_scale', 'dropout'], takesList: true, apply: (call) => attention(call, 'AdditiveAttention', true) },
];
