/**
 * Appliers for the NumPy array functions that `keras.ops` copies (keras/src/ops/numpy.py follows
 * NumPy's signatures and shape rules): each reads its main array from the call's input and the rest
 * by NumPy's parameter names. ./manipulation.ts and ./math.ts make the NumPy entries from them,
 * ../keras-ops/ the `keras.ops` ones. Rules: ../array-rules.ts, from the NumPy docs of each function.
 */
import { NO_COST } from '../../../engine/cost.js';
import { addN, isKnown, type Dim } from '../../../engine/dim.js';
import type { Shape } from '../../../analysis/types.js';
import { intOf, isSeq, list, UNKNOWN, type TensorV } from '../../values.js';
import { intsOf } from '../args.js';
import { axesArg, operandShape } from '../array-args.js';
import { expandedDims, gathered, npDot, npMatmul, npSplit, reduced, squeezed, stacked, tensordot, tiled, transposed, type RuleResult } from '../array-rules.js';
import { tensorList } from '../common.js';
import { rejected, warnVectorColumn, type Operand } from '../rule-report.js';
import { broadcast, concatenated, fmtShape, out, reshaped } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';
import { operands } from '../tf/linalg.js';

/** The main array's shape, or null. */
function main(call: OpCall): Shape | null {
  return operandShape(call.input);
}

const none = (call: OpCall): OpResult => ({ output: out(null, call), cost: NO_COST });

export function fromRule(call: OpCall, code: string, what: string, r: RuleResult, ops: readonly Operand[] = []): OpResult {
  if (r.problem) return rejected(call, code, `${r.problem} (${what})`, ops);
  return { output: out(r.shape, call), cost: NO_COST };
}

function mainTensor(call: OpCall): Operand[] {
  return call.input.kind === 'tensor' ? [{ what: 'the array', tensor: call.input }] : [];
}

export function reshape(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const s = main(call);
    const target = call.args.shape('newshape');
    if (!target) return none(call);
    if (!s) return { output: out(target.map((d) => (d === -1 ? null : d)), call), cost: NO_COST };
    const r = reshaped(s, target);
    if (r.error) return rejected(call, 'reshape-size-mismatch', `${r.error} (${what})`, mainTensor(call));
    return { output: out(r.shape, call), cost: NO_COST };
  };
}

export function expandDims(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const s = main(call);
    const axes = axesArg(call.args.get('axis'));
    if (!s || !axes || axes === 'all') return none(call);
    return fromRule(call, 'invalid-axis', what, expandedDims(s, axes), mainTensor(call));
  };
}

/** An applier whose rule takes the axes an argument names (null: the argument was None or absent). */
function onAxes(what: string, param: string, rule: (s: Shape, axes: number[] | null) => RuleResult): (call: OpCall) => OpResult {
  return (call) => {
    const s = main(call);
    const axes = axesArg(call.args.get(param));
    if (!s || !axes) return none(call);
    return fromRule(call, 'invalid-axis', what, rule(s, axes === 'all' ? null : axes), mainTensor(call));
  };
}

export const squeeze = (what: string): ((call: OpCall) => OpResult) => onAxes(what, 'axis', squeezed);
export const transpose = (what: string): ((call: OpCall) => OpResult) => onAxes(what, 'axes', transposed);

function arrays(call: OpCall): { shapes: Shape[]; tensors: TensorV[] } | null {
  const ts = tensorList(call.input);
  if (!ts || ts.length === 0 || ts.some((t) => !t.shape)) return null;
  return { shapes: ts.map((t) => t.shape!), tensors: ts };
}

export function concatenate(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const a = arrays(call);
    const axis = call.args.int('axis', 0);
    if (!a || axis === null) return none(call);
    const r = concatenated(a.shapes, axis);
    if (r.conflict) return rejected(call, 'concat-mismatch', `${a.shapes.map(fmtShape).join(' and ')} must match except on the concatenation axis (${r.conflict}) (${what} on axis ${axis})`, a.tensors.map((t, i) => ({ what: `array ${i}`, tensor: t })));
    return { output: out(r.shape, call), cost: NO_COST };
  };
}

export function stack(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const a = arrays(call);
    const axis = call.args.int('axis', 0);
    if (!a || axis === null) return none(call);
    return fromRule(call, 'stack-mismatch', what, stacked(a.shapes, axis), a.tensors.map((t, i) => ({ what: `array ${i}`, tensor: t })));
  };
}

/** `tile(A, reps)` (numpy.tile docs): reps shorter than the rank are padded with 1s in front, longer ones promote A. */
export function tile(call: OpCall): OpResult {
  const s = main(call);
  const v = call.args.get('reps');
  const reps = v ? (intOf(v) !== null ? [intOf(v)!] : isSeq(v) ? intsOf(v, v.items.length) : null) : null;
  if (!s || !reps) return none(call);
  return fromRule(call, 'invalid-parameter', 'tile', tiled(s, reps, 'numpy'), mainTensor(call));
}

/**
 * `pad(array, pad_width, mode='constant')` (numpy/lib/_arraypad_impl.py · pad, `_as_pairs`): the
 * widths broadcast to one (before, after) pair per axis from an int, a pair, `((b, a),)` or one
 * pair per axis. Negative widths raise ValueError: unknown here, as any width that is not an int.
 */
export function pad(call: OpCall): OpResult {
  const s = main(call);
  const v = call.args.get('pad_width');
  if (!s || !v) return none(call);
  const rows = intOf(v) !== null ? [v] : isSeq(v) ? (v.items.some((x) => isSeq(x)) ? v.items : [v]) : null;
  const pairs = rows?.map((r) => intsOf(r, 2) ?? (isSeq(r) && r.items.length === 1 ? intsOf(r.items[0]!, 2) : null));
  if (!pairs || pairs.some((p) => p === null || p[0]! < 0 || p[1]! < 0) || (pairs.length !== 1 && pairs.length !== s.length)) return none(call);
  const at = (i: number) => (pairs.length === 1 ? pairs[0]! : pairs[i]!);
  return { output: out(s.map((d, i) => addN(d, at(i)[0]! + at(i)[1]!)), call), cost: NO_COST };
}

/** `take(a, indices, axis=None)` (numpy.take docs): without an axis the array is flattened first. */
export function take(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const s = main(call);
    const idx = operandShape(call.args.get('indices'));
    if (!s || !idx) return none(call);
    if (call.args.isNone('axis')) return { output: out(idx, call), cost: NO_COST };
    const axis = call.args.int('axis');
    if (axis === null) return none(call);
    return fromRule(call, 'invalid-axis', what, gathered(s, idx, axis));
  };
}

export function split(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const s = main(call);
    const v = call.args.get('indices_or_sections');
    const axis = call.args.int('axis', 0);
    const sections = v ? (intOf(v) ?? (isSeq(v) ? intsOf(v, v.items.length) : null)) : null;
    if (!s || sections === null || axis === null) return { output: UNKNOWN, cost: NO_COST };
    const r = npSplit(s, sections, axis);
    if (r.problem) return rejected(call, 'invalid-split', `${r.problem} (${what})`, mainTensor(call));
    return { output: r.shapes ? list(r.shapes.map((x) => out(x, call))) : UNKNOWN, cost: NO_COST };
  };
}

/** Reductions (`sum`, `mean`, `max`, …): `axis` (None: all), `keepdims`. */
export function reduce(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const s = main(call);
    const axes = axesArg(call.args.get('axis'));
    const keep = call.args.bool('keepdims', false);
    if (!s || !axes || keep === null) return none(call);
    return fromRule(call, 'invalid-axis', what, reduced(s, axes === 'all' ? null : axes, keep), mainTensor(call));
  };
}

/**
 * Two-operand products: `matmul`, `dot`, `tensordot`, over `x1` and `x2`. `framework` decides what
 * tensordot rejects (../array-rules.ts `tensordot`): keras.ops may run on TF, so it takes TF's rule.
 */
export function product(what: string, kind: 'matmul' | 'dot' | 'tensordot', framework: 'tf' | 'numpy' = 'numpy'): (call: OpCall) => OpResult {
  return (call) => {
    const ops = operands(call, ['x1', 'x2']);
    if (!ops) return none(call);
    const [a, b] = ops.shapes as [Shape, Shape];
    let r: RuleResult;
    if (kind === 'matmul') r = npMatmul(a, b);
    else if (kind === 'dot') r = npDot(a, b);
    else {
      const ax = call.args.get('axes');
      const n = ax === undefined ? 2 : intOf(ax);
      const pair = ax && isSeq(ax) && ax.items.length === 2 ? ax.items.map((x) => (intOf(x) !== null ? [intOf(x)!] : isSeq(x) ? intsOf(x, x.items.length) : null)) : null;
      if (n !== null) r = tensordot(a, b, n, framework);
      else if (pair?.[0] && pair[1]) r = tensordot(a, b, [pair[0], pair[1]], framework);
      else return none(call);
    }
    return fromRule(call, 'matmul-mismatch', `${what} of ${fmtShape(a)} and ${fmtShape(b)}`, r, ops.tensors);
  };
}

/** Element-wise binary functions (`add`, `subtract`, …) over `x1` and `x2`, broadcasting. */
export function elementwise(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const ops = operands(call, ['x1', 'x2']);
    if (!ops) return none(call);
    const [a, b] = ops.shapes as [Shape, Shape];
    const r = broadcast([a, b], 'ops');
    if (r.conflict) return rejected(call, 'not-broadcastable', `shapes ${fmtShape(a)} and ${fmtShape(b)} are not broadcastable (${r.conflict}) (${what})`, ops.tensors);
    warnVectorColumn(call, what, a, b, r.shape, ops.tensors);
    return { output: out(r.shape, call), cost: NO_COST };
  };
}

/** Functions that keep the shape (`exp`, `abs`, `cast`, activations): the main operand's shape. */
export function sameShape(call: OpCall): OpResult {
  return { output: out(main(call), call), cost: NO_COST };
}

/** `ravel`/`flatten`: one axis of every element. */
export function ravel(call: OpCall): OpResult {
  const s = main(call);
  if (!s) return none(call);
  const n = s.reduce<Dim>((acc, d) => (isKnown(acc) && isKnown(d) ? acc * d : null), 1);
  return { output: out([n], call), cost: NO_COST };
}

/**
 * The NumPy entry (never a summary row: NumPy code prepares data, it builds no model) and the
 * `keras.ops` twin (a row, as model code applies it to tensors) of one function.
 */
export function twins(entry: Omit<OpEntry, 'namespaces' | 'kind'>): OpEntry[] {
  return [
    { ...entry, kind: 'op', namespaces: ['numpy'], record: false },
    { ...entry, kind: 'op', namespaces: ['keras.ops'] },
  ];
}
