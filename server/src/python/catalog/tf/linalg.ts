/**
 * `tf.matmul`, `tf.tensordot`, `tf.einsum` (also under `tf.linalg`), `tf.linalg.matrix_transpose`.
 * Rules: ../array-rules.ts
 * (tensorflow/core/ops/math_ops.cc MatMul/BatchMatMulV2 shape functions, math_ops.py `tensordot`,
 * special_math_ops.py `einsum`).
 */
import { NO_COST } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { intOf, isSeq, type Value } from '../../values.js';
import { intsOf } from '../args.js';
import { operandShape } from '../array-args.js';
import { einsum, tensordot, tfMatmul } from '../array-rules.js';
import { rejected, reportOn, type Operand } from '../rule-report.js';
import { fmtShape, out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/** The named operands' shapes (tensors or list literals) and the tensors among them, or null. */
export function operands(call: OpCall, names: readonly string[]): { shapes: Shape[]; tensors: Operand[] } | null {
  const shapes: Shape[] = [];
  const tensors: Operand[] = [];
  for (const n of names) {
    const v = call.args.get(n);
    const s = operandShape(v);
    if (!s) return null;
    shapes.push(s);
    if (v?.kind === 'tensor') tensors.push({ what: n, tensor: v });
  }
  return { shapes, tensors };
}

/** `axes` of tensordot: an int, or a pair of int lists (or of ints). */
function tensordotAxes(v: Value | undefined): number | [number[], number[]] | null {
  if (!v) return null;
  const n = intOf(v);
  if (n !== null) return n;
  if (!isSeq(v) || v.items.length !== 2) return null;
  const lists = v.items.map((x) => (intOf(x) !== null ? [intOf(x)!] : isSeq(x) ? intsOf(x, x.items.length) : null));
  return lists[0] && lists[1] ? [lists[0], lists[1]] : null;
}

/** `transpose_a` or `adjoint_a` (the same for shapes); null when unknown. */
function transposed(call: OpCall, side: 'a' | 'b'): boolean | null {
  const t = call.args.bool(`transpose_${side}`, false);
  const adj = call.args.bool(`adjoint_${side}`, false);
  return t === null || adj === null ? null : t || adj;
}

function matmul(call: OpCall): OpResult {
  const ops = operands(call, ['a', 'b']);
  if (!ops) return { output: out(null, call), cost: NO_COST };
  const [a, b] = ops.shapes as [Shape, Shape];
  const ta = transposed(call, 'a');
  const tb = transposed(call, 'b');
  if (ta === null || tb === null) return { output: out(null, call), cost: NO_COST };
  const r = tfMatmul(a, b, ta, tb);
  if (r.problem) return rejected(call, 'matmul-mismatch', `tf.matmul of ${fmtShape(a)} and ${fmtShape(b)}: ${r.problem}`, ops.tensors);
  return { output: out(r.shape, call), cost: NO_COST };
}

/** `einsum(equation, *operands)`: up to six operands, bound as positional parameters. */
export const EINSUM_OPERANDS = ['operand0', 'operand1', 'operand2', 'operand3', 'operand4', 'operand5'];

/** `einsum(equation, *operands)` in TF, NumPy and keras.ops. */
export function einsumCall(call: OpCall, what: string): OpResult {
  const eq = call.args.get('equation');
  const vals = EINSUM_OPERANDS.flatMap((n) => call.args.get(n) ?? []);
  if (eq?.kind !== 'str' || call.args.opaque) return { output: out(null, call), cost: NO_COST };
  const shapes = vals.map(operandShape);
  if (shapes.some((s) => !s)) return { output: out(null, call), cost: NO_COST };
  const r = einsum(eq.value, shapes as Shape[]);
  if (r.problem) {
    const tensors = vals.flatMap((v, i): Operand[] => (v.kind === 'tensor' ? [{ what: `operand ${i}`, tensor: v }] : []));
    return rejected(call, 'einsum-mismatch', `${what}('${eq.value}', ${shapes.map((s) => fmtShape(s)).join(', ')}): ${r.problem}`, tensors);
  }
  return { output: out(r.shape, call), cost: NO_COST };
}

export const LINALG_ENTRIES: OpEntry[] = [
  { names: ['matmul'], namespaces: ['tf', 'tf.linalg'], kind: 'op', params: ['a', 'b', 'transpose_a', 'transpose_b', 'adjoint_a', 'adjoint_b'], inputs: ['a', 'b'], apply: matmul },
  {
    names: ['tensordot'],
    namespaces: ['tf', 'tf.linalg'],
    kind: 'op',
    params: ['a', 'b', 'axes', 'name'],
    inputs: ['a', 'b'],
    apply: (call) => {
      const ops = operands(call, ['a', 'b']);
      const axes = tensordotAxes(call.args.get('axes'));
      if (!ops || axes === null) return { output: out(null, call), cost: NO_COST };
      const [a, b] = ops.shapes as [Shape, Shape];
      const r = tensordot(a, b, axes, 'tf');
      if (r.problem) return rejected(call, 'matmul-mismatch', `tf.tensordot of ${fmtShape(a)} and ${fmtShape(b)}: ${r.problem}`, ops.tensors);
      if (r.mispaired) reportOn(call, 'warning', 'tensordot-mispaired', `tf.tensordot of ${fmtShape(a)} and ${fmtShape(b)}: ${r.mispaired}`, ops.tensors);
      return { output: out(r.shape, call), cost: NO_COST };
    },
  },
  {
    names: ['einsum'],
    namespaces: ['tf', 'tf.linalg'],
    kind: 'op',
    params: ['equation', ...EINSUM_OPERANDS],
    inputs: EINSUM_OPERANDS,
    apply: (call) => einsumCall(call, 'tf.einsum'),
  },
  {
    // tf.linalg.matrix_transpose / adjoint (TF 1: tf.matrix_transpose): the last two axes swap
    // (linalg_ops.py / array_ops.py `matrix_transpose`: rank ≥ 2), unlike tf.transpose.
    names: ['matrix_transpose', 'adjoint', 'transpose'],
    namespaces: ['tf.linalg'],
    kind: 'op',
    params: ['a', 'name', 'conjugate'],
    aliases: { x: 'a', matrix: 'a' },
    apply: matrixTranspose,
  },
  { names: ['matrix_transpose'], namespaces: ['tf'], kind: 'op', params: ['a', 'name', 'conjugate'], aliases: { x: 'a' }, apply: matrixTranspose },
];

function matrixTranspose(call: OpCall): OpResult {
  const t = call.input;
  if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
  const s = t.shape;
  if (s.length < 2) return rejected(call, 'rank-mismatch', `tf.linalg.matrix_transpose needs rank ≥ 2, got ${fmtShape(s)}`, [{ what: 'the input', tensor: t }]);
  return { output: out([...s.slice(0, -2), s[s.length - 1]!, s[s.length - 2]!], call), cost: NO_COST };
}
