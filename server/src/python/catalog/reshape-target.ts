/**
 * Keras `Reshape(target_shape)` entries, as each dialect reads them:
 * - every dialect starts with `tuple(target_shape)` (Keras 1.2.2 keras/layers/core.py, Keras 2.3.1
 *   keras/layers/core.py, tf.keras 2.15 keras/layers/reshaping/reshape.py, Keras 3
 *   keras/src/layers/reshaping/reshape.py · Reshape.__init__): a bare int is a TypeError.
 * - Keras 1 / 2.0–2.3 / tf.keras 2 `Reshape._fix_unknown_dimension` count any negative entry as the
 *   unknown one ("Can only specify one unknown dimension" / "There must be at most one unknown
 *   dimension" for a second), and `tf.reshape` (the layer's `call`) rejects an entry below -1 ("Size
 *   … must be non-negative"); Keras 3 rejects both in `validate_reshape_shape` or
 *   `compute_reshape_output_shape` (keras/src/ops/operation_utils.py), or `standardize_shape`
 *   ("Negative dimensions are not allowed").
 * - A float or string entry: `tf.reshape` cannot pack it with the batch size (TypeError, Keras 2.x
 *   and tf.keras 2; Theano's reshape needs integer shapes), Keras 3.0–3.14 `standardize_shape`
 *   refuses it ("Cannot convert … to a shape"); Keras 3.15 `compute_reshape_output_shape` reads any
 *   non-int entry as an unknown size and `Reshape.call` passes it to `ops.reshape` as -1, so it runs
 *   there (commit 6f67a8866d, "Supports symbolic and dynamic tensor shapes in `reshape`") — unless the
 *   target also has a -1, which then makes two.
 * - An entry of 2^63 or more is held by no backend (int64 shapes).
 */
import type { Dim } from '../../engine/dim.js';
import type { Shape } from '../../analysis/types.js';
import { textOf } from '../syntax.js';
import { isSeq, pyStr, toDim, type Value } from '../values.js';
import { replaceFix } from './fixes.js';
import { certain, dialectsOf, entryText } from './sizes.js';
import type { OpCall } from './types.js';

const INT64_MAX = 2 ** 63;

/** The target shape (with its -1), float or string entries unknown where a dialect runs them; null when every dialect rejects it. */
export function reshapeTarget(call: OpCall, name: string, what: string): Shape | null {
  const v = call.args.get(name);
  const node = call.args.node(name);
  if (v === undefined) return null;
  const report = (severity: 'error' | 'information', message: string, fix?: string) =>
    call.ctx.report({
      severity: severity === 'error' ? certain(node, 'error') : 'information',
      code: severity === 'error' ? 'invalid-size' : 'size-rejected-somewhere',
      message: `${message} (${what})`,
      node,
      fixes: fix && node ? [replaceFix(node, fix, `Write it as the tuple ${fix}`)] : [],
    });
  if (v.kind === 'num' && !v.float && Number.isSafeInteger(v.value)) {
    const shown = node ? textOf(node) : String(v.value);
    report('error', `${name}=${shown} is invalid: an int is not a shape, tuple(${shown}) raises TypeError in every Keras`, `(${shown},)`);
    return null;
  }
  if (!isSeq(v)) return call.args.shape(name);
  const shown = node ? textOf(node) : (pyStr(v) ?? name);
  const minusOnes = v.items.filter((it) => it.kind === 'num' && !it.float && it.value === -1).length;
  if (minusOnes > 1) {
    report('error', `${name}=${shown} is invalid: ${minusOnes} entries are -1 and at most one size can be inferred (ValueError "at most one unknown dimension" in every Keras, or tf.reshape's "Only one input size may be -1")`);
    return null;
  }
  const dims: Dim[] = [];
  for (const [i, it] of v.items.entries()) {
    const entry = `${name} entry ${entryText(node, v.items, i)}`;
    const bad = rejected(it);
    if (bad !== null) {
      report('error', `${entry} is invalid: ${bad}`);
      return null;
    }
    if (it.kind === 'str' || (it.kind === 'num' && it.float)) {
      const why = `a ${it.kind === 'str' ? 'string' : 'float'} size: tf.reshape cannot take it (TypeError in Keras 1, 2.0–2.3 and tf.keras 2), Keras 3.0–3.14 refuse it ("Cannot convert … to a shape")`;
      if (!dialectsOf(call).includes('Keras 3') || minusOnes > 0) {
        report('error', `${entry} is invalid: ${why}${minusOnes > 0 ? '; Keras 3.15 reads it as a second -1' : ''}`);
        return null;
      }
      report('information', `${entry} runs only in Keras 3.15 and later, as a size known at run time: ${why}`);
      dims.push(null);
      continue;
    }
    const d = toDim(it);
    if (d === undefined) return null;
    dims.push(d);
  }
  return dims;
}

/** Why every dialect rejects an int entry, or null (a float one is Keras 3.15's unknown size). */
function rejected(it: Value): string | null {
  if (it.kind !== 'num' || it.float) return null;
  if (Math.abs(it.value) >= INT64_MAX) return 'no backend holds a size of 2^63 or more';
  if (it.value < -1) return 'only -1 may be negative (ValueError in Keras 3; tf.reshape\'s "Size … must be non-negative" in Keras 1, 2.0–2.3 and tf.keras 2)';
  return null;
}

/** A 0 entry that the input's size does not already reject: the output is empty (or the reshape impossible). */
export function emptyTargetEntry(call: OpCall, name: string, target: Shape, what: string): void {
  if (!target.includes(0)) return;
  call.ctx.report({ severity: certain(call.args.node(name), 'warning'), code: 'empty-output', message: `${name} entry 0 makes the output empty: only an input with no elements can be reshaped to it (${what})`, node: call.args.node(name) });
}
