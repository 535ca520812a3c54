/**
 * `tf.nn` cross-entropy losses. Labels and logits of shapes that no TF version accepts are errors
 * (every such message names both shapes and where each was made):
 * - `softmax_cross_entropy_with_logits[_v2]`: tensorflow/core/ops/nn_ops.cc
 *   SoftmaxCrossEntropyWithLogits (labels merge with logits; newer versions also broadcast them),
 *   the loss drops the class axis (`axis`, TF 1 `dim`).
 * - `sparse_softmax_cross_entropy_with_logits`: tensorflow/python/ops/nn_ops.py — labels must have
 *   rank(logits) − 1 and logits' shape without its last axis ("Rank mismatch" / "Shape mismatch").
 * - `sigmoid_cross_entropy_with_logits`: nn_impl.py — `labels.get_shape().assert_is_compatible_with(
 *   logits.get_shape())` ("logits and labels must have the same shape").
 */
import { dimsConflict } from '../../../engine/dim.js';
import { NO_COST } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { normAxis } from '../array-rules.js';
import { rejected } from '../rule-report.js';
import { broadcast, fmtShape, out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';
import { operands } from './linalg.js';

function compatible(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => !dimsConflict(d, b[i]!));
}

function softmaxXent(call: OpCall, what: string): OpResult {
  const ops = operands(call, ['labels', 'logits']);
  const axis = call.args.int('axis', -1);
  if (!ops || axis === null) return { output: out(null, call), cost: NO_COST };
  const [labels, logits] = ops.shapes as [Shape, Shape];
  if (broadcast([labels, logits], 'ops').conflict || labels.length > logits.length) {
    return rejected(call, 'loss-shape-mismatch', `labels ${fmtShape(labels)} and logits ${fmtShape(logits)} must have the same shape (${what})`, ops.tensors);
  }
  const at = normAxis(axis, logits.length);
  return { output: out(at === null ? null : logits.filter((_, i) => i !== at), call), cost: NO_COST };
}

function sparseXent(call: OpCall): OpResult {
  const ops = operands(call, ['labels', 'logits']);
  if (!ops) return { output: out(null, call), cost: NO_COST };
  const [labels, logits] = ops.shapes as [Shape, Shape];
  const what = 'tf.nn.sparse_softmax_cross_entropy_with_logits';
  if (labels.length !== logits.length - 1) {
    return rejected(call, 'loss-shape-mismatch', `the rank of labels ${fmtShape(labels)} (${labels.length}) must be the rank of logits ${fmtShape(logits)} minus 1 (${logits.length - 1}) (${what})`, ops.tensors);
  }
  if (!compatible(labels, logits.slice(0, -1))) {
    return rejected(call, 'loss-shape-mismatch', `labels ${fmtShape(labels)} must have the shape of logits ${fmtShape(logits)} without its last axis (${what})`, ops.tensors);
  }
  return { output: out(labels, call), cost: NO_COST };
}

function sigmoidXent(call: OpCall): OpResult {
  const ops = operands(call, ['labels', 'logits']);
  if (!ops) return { output: out(null, call), cost: NO_COST };
  const [labels, logits] = ops.shapes as [Shape, Shape];
  if (!compatible(labels, logits)) {
    return rejected(call, 'loss-shape-mismatch', `logits ${fmtShape(logits)} and labels ${fmtShape(labels)} must have the same shape (tf.nn.sigmoid_cross_entropy_with_logits)`, ops.tensors);
  }
  return { output: out(logits, call), cost: NO_COST };
}

const LOSS_PARAMS = ['labels', 'logits', 'axis', 'name'];

export const LOSS_ENTRIES: OpEntry[] = [
  {
    names: ['softmax_cross_entropy_with_logits', 'softmax_cross_entropy_with_logits_v2'],
    namespaces: ['tf.nn'],
    kind: 'op',
    params: LOSS_PARAMS,
    aliases: { dim: 'axis' },
    inputs: ['logits', 'labels'],
    apply: (c) => softmaxXent(c, 'tf.nn.softmax_cross_entropy_with_logits'),
  },
  { names: ['sparse_softmax_cross_entropy_with_logits'], namespaces: ['tf.nn'], kind: 'op', params: LOSS_PARAMS, inputs: ['logits', 'labels'], apply: sparseXent },
  { names: ['sigmoid_cross_entropy_with_logits'], namespaces: ['tf.nn'], kind: 'op', params: LOSS_PARAMS, inputs: ['logits', 'labels'], apply: sigmoidXent },
];
