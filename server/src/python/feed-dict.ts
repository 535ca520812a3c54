/**
 * `sess.run(..., feed_dict={x: value, ...})` (TF 1): a fed value whose shape is known and does not fit
 * its placeholder is an error, as TF's session.py raises it ("Cannot feed value of shape (…) for
 * Tensor …, which has shape …": `subfeed_t.get_shape().is_compatible_with(np_val.shape)` fails when the
 * ranks differ or a known size differs). The dict literal is read once, where it is evaluated.
 */
import { dimsConflict } from '../engine/dim.js';
import type { Shape } from '../analysis/types.js';
import { operandShape } from './catalog/array-args.js';
import { operandOrigins } from './catalog/array-rules.js';
import { atMostInformation } from './catalog/rule-report.js';
import { fmtShape } from './catalog/shapes.js';
import type { Interp } from './interp.js';
import { field, textOf, type PyNode } from './syntax.js';
import type { TensorV, Value } from './values.js';

/** Is this dictionary literal the `feed_dict=` argument of a call? */
export function isFeedDict(dict: PyNode): boolean {
  const p = dict.parent;
  return p?.type === 'keyword_argument' && textOf(field(p, 'name') ?? p) === 'feed_dict';
}

function fits(value: Shape, placeholder: Shape): boolean {
  return value.length === placeholder.length && value.every((d, i) => !dimsConflict(d, placeholder[i]!));
}

/** Checks one `placeholder: value` pair of a feed dict. */
export function checkFeed(it: Interp, key: TensorV, value: Value, pair: PyNode): void {
  const want = key.shape;
  const got = operandShape(value);
  if (!want || !got || fits(got, want) || it.speculative > 0) return;
  const keyNode = field(pair, 'key');
  const name = keyNode ? textOf(keyNode) : 'the placeholder';
  const operands = [{ what: name, tensor: key }, ...(value.kind === 'tensor' ? [{ what: 'the fed value', tensor: value }] : [])];
  it.report(
    { severity: atMostInformation('error', operands.map((o) => o.tensor)), code: 'feed-shape-mismatch', message: `cannot feed a value of shape ${fmtShape(got)} for ${name}, which has shape ${fmtShape(want)} (feed_dict)`, node: field(pair, 'value'), related: operandOrigins(operands) },
    pair,
  );
}
