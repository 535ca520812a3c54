/**
 * `tf.gather`, `tf.one_hot`, `tf.split`, `tf.unstack` (tensorflow/python/ops/array_ops.py). Rules:
 * ../array-rules.ts.
 */
import { NO_COST } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { intOf, isSeq, list, toDim, UNKNOWN } from '../../values.js';
import { intsOf } from '../args.js';
import { operandShape } from '../array-args.js';
import { gathered, oneHot, tfSplit, unstacked } from '../array-rules.js';
import { rejected } from '../rule-report.js';
import { out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/** Several outputs (split, unstack): a list of tensors, or unknown. */
function outputs(call: OpCall, r: { shapes: Shape[] | null; problem: string | null }, what: string): OpResult {
  if (r.problem) return rejected(call, 'invalid-split', `${what}: ${r.problem}`, []);
  return { output: r.shapes ? list(r.shapes.map((s) => out(s, call))) : UNKNOWN, cost: NO_COST };
}

export const INDEXING_ENTRIES: OpEntry[] = [
  {
    names: ['gather'],
    namespaces: ['tf'],
    kind: 'op',
    params: ['params', 'indices', 'validate_indices', 'name', 'axis', 'batch_dims'],
    apply: (call) => {
      const p = call.args.get('params');
      const idx = operandShape(call.args.get('indices'));
      const axis = call.args.int('axis', 0);
      if (p?.kind !== 'tensor' || !p.shape || !idx || axis === null || call.args.int('batch_dims', 0) !== 0) return { output: out(null, call), cost: NO_COST };
      const r = gathered(p.shape, idx, axis);
      if (r.problem) return rejected(call, 'invalid-axis', `tf.gather: ${r.problem}`, []);
      return { output: out(r.shape, call), cost: NO_COST };
    },
  },
  {
    names: ['one_hot'],
    namespaces: ['tf'],
    kind: 'op',
    params: ['indices', 'depth', 'on_value', 'off_value', 'axis', 'dtype', 'name'],
    apply: (call) => {
      const idx = operandShape(call.args.get('indices'));
      const depth = call.args.get('depth');
      const d = depth ? toDim(depth) : undefined;
      const axis = call.args.int('axis', -1);
      if (!idx || d === undefined || axis === null) return { output: out(null, call), cost: NO_COST };
      const r = oneHot(idx, d, axis);
      if (r.problem) return rejected(call, 'invalid-parameter', `tf.one_hot: ${r.problem}`, []);
      return { output: out(r.shape, call), cost: NO_COST };
    },
  },
  {
    names: ['split'],
    namespaces: ['tf'],
    kind: 'op',
    params: ['value', 'num_or_size_splits', 'axis', 'num', 'name'],
    apply: (call) => {
      const t = call.input;
      const v = call.args.get('num_or_size_splits');
      const axis = call.args.int('axis', 0);
      const splits = v ? (intOf(v) ?? (isSeq(v) ? intsOf(v, v.items.length) : null)) : null;
      if (t.kind !== 'tensor' || !t.shape || splits === null || axis === null) return { output: UNKNOWN, cost: NO_COST };
      return outputs(call, tfSplit(t.shape, splits, axis), 'tf.split');
    },
  },
  {
    names: ['unstack', 'unpack'],
    namespaces: ['tf'],
    kind: 'op',
    params: ['value', 'num', 'axis', 'name'],
    apply: (call) => {
      const t = call.input;
      const axis = call.args.int('axis', 0);
      if (t.kind !== 'tensor' || !t.shape || axis === null) return { output: UNKNOWN, cost: NO_COST };
      return outputs(call, unstacked(t.shape, axis, call.args.isNone('num') ? null : call.args.int('num')), 'tf.unstack');
    },
  },
];
