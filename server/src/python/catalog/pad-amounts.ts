/**
 * ZeroPadding1D/2D/3D `padding` and Cropping1D/2D/3D `cropping` amounts (an int, a tuple, a tuple of
 * tuples; Keras 1's flat 4-tuple or dict), checked as each dialect reads them:
 * - A float or string amount fails everywhere: padding goes to `tf.pad` / `np.pad` / torch's `pad`,
 *   which need ints ("Value for attr 'Tpaddings' of float", "`pad_width` must be of integral type",
 *   "must be tuple of ints"); cropping becomes slice bounds ("slice indices must be integers"); Keras 3
 *   first meets a float size in `standardize_shape`.
 * - A negative padding: tuple entries are refused by `normalize_tuple(…, allow_zero=True)` (tf.keras
 *   2.7+, keras/utils/conv_utils.py) and `standardize_tuple(…, allow_zero=True)` (Keras 3,
 *   keras/src/utils/argument_validation.py; ZeroPadding1D reads its int through it too), and by
 *   `tf.pad` ("Paddings must be non-negative") in older versions and Keras 1–2.3. A bare int given to
 *   Keras 3's ZeroPadding2D/3D is unchecked (keras/src/layers/reshaping/zero_padding2d.py ·
 *   __init__): TensorFlow and JAX refuse it in `ops.pad`, torch's `pad` crops instead.
 * - A negative cropping: Keras 3 refuses it (Cropping2D.__init__: "`cropping` cannot be negative",
 *   `standardize_tuple`); tf.keras 2 and Keras 1–2.3 slice with it (`inputs[:, c0:-c1]`), which is
 *   not a crop.
 * - A crop that leaves 0 or less (shapes.ts · cropped): Keras 3 and tf.keras 2.7+ raise ValueError
 *   ("should be smaller than the corresponding spatial dimension"), Keras 1–2.3 and tf.keras ≤ 2.6
 *   slice an empty tensor.
 */
import { textOf } from '../syntax.js';
import { isSeq, pyStr, type Value } from '../values.js';
import { replaceFix } from './fixes.js';
import { certain, dialectsOf } from './sizes.js';
import type { OpCall } from './types.js';

const INT64_MAX = 2 ** 63;

/** The number and string leaves of an amount argument (tuples and a Keras 1 dict walked through). */
function leaves(v: Value): Value[] {
  if (isSeq(v)) return v.items.flatMap(leaves);
  if (v.kind === 'dict') return [...v.entries.values()].flatMap((e) => leaves(e.value));
  return v.kind === 'num' || v.kind === 'str' ? [v] : [];
}

/**
 * Reports what the dialects in play make of a `padding`/`cropping` argument that is not all
 * non-negative ints. Returns true when its amounts can be followed.
 */
export function amountsFollowed(call: OpCall, name: 'padding' | 'cropping', spatial: number, what: string): boolean {
  const v = call.args.get(name);
  if (v === undefined) return true;
  const node = call.args.node(name);
  const shown = node ? textOf(node) : (pyStr(v) ?? name);
  const xs = leaves(v);
  const report = (severity: 'error' | 'warning', message: string) =>
    call.ctx.report({ severity: certain(node, severity), code: severity === 'error' ? 'invalid-size' : 'negative-amount', message: `${message} (${what})`, node });
  const odd = xs.find((x) => x.kind === 'str' || (x.kind === 'num' && (x.float || Math.abs(x.value) >= INT64_MAX)));
  if (odd) {
    const kind = odd.kind === 'str' ? 'string' : 'float';
    const amount = odd === v ? `a ${kind} amount` : `the amount ${odd.kind === 'str' ? `'${odd.value}'` : pyStr(odd)} is a ${kind}`;
    const why = odd.kind === 'num' && !odd.float ? 'no backend holds a size of 2^63 or more' : `${amount}: ${name === 'padding' ? "tf.pad, np.pad and torch's pad need ints" : 'slice bounds must be ints'} (TypeError in every Keras)`;
    report('error', `${name}=${shown} is invalid: ${why}`);
    return false;
  }
  const negative = xs.find((x) => x.kind === 'num' && x.value < 0);
  if (!negative) {
    keras1Int(call, name, spatial, v, shown, what);
    return true;
  }
  const dialects = dialectsOf(call);
  if (name === 'padding') {
    if (dialects.includes('Keras 3') && v.kind === 'num' && spatial >= 2) {
      report('warning', `${name}=${shown} does not pad: tf.pad rejects a negative amount in Keras 2 and tf.keras 2 ("Paddings must be non-negative"), Keras 3 passes the bare int unchecked to ops.pad, which TensorFlow and JAX refuse and torch turns into a crop`);
    } else {
      report('error', `${name}=${shown} is invalid: a negative amount is rejected by every Keras (normalize_tuple / standardize_tuple "value >= 0", or tf.pad's "Paddings must be non-negative")`);
    }
    return false;
  }
  if (dialects.some((d) => d !== 'Keras 3')) {
    report('warning', `${name}=${shown} does not crop: Keras 3 rejects a negative amount (ValueError), the other Keras versions slice with it (inputs[:, ${pyStr(negative)}:…]), which is not a crop`);
  } else {
    report('error', `${name}=${shown} is invalid: a negative amount is rejected by Keras 3 (ValueError "cannot be negative" / standardize_tuple "value >= 0")`);
  }
  return false;
}

/**
 * Keras 1.2.2 reads a bare int `padding` of ZeroPadding2D/3D and any `cropping` with `tuple(…)`
 * (keras/layers/convolutional.py · ZeroPadding2D/ZeroPadding3D/Cropping1D/2D/3D.__init__): a
 * TypeError there, while Keras 2 repeats it. A note, with the tuple both read.
 */
function keras1Int(call: OpCall, name: 'padding' | 'cropping', spatial: number, v: Value, shown: string, what: string): void {
  if (!(call.flavour === 'keras' && call.ctx.kerasVersion === 1) || v.kind !== 'num' || (name === 'padding' && spatial === 1)) return;
  const node = call.args.node(name);
  const p = String(v.value);
  // Keras 1's ZeroPadding2D reads (rows, cols) pairs flat, its Cropping layers (before, after) pairs.
  const one = name === 'padding' || spatial === 1 ? p : `(${p}, ${p})`;
  const written = `(${Array<string>(name === 'cropping' && spatial === 1 ? 2 : spatial).fill(one).join(', ')})`;
  call.ctx.report({ severity: 'information', code: 'size-rejected-somewhere', message: `${name}=${shown} runs only in Keras 2: Keras 1 fails on tuple(${shown}) (TypeError "'int' object is not iterable") (${what})`, node, fixes: node ? [replaceFix(node, written, `Write ${written}, which Keras 1 and 2 both read`)] : [] });
}
