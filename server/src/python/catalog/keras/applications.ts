/**
 * `keras.applications.*.preprocess_input`, which keeps its input's shape in every mode (Keras 3
 * keras/src/applications/imagenet_utils.py `_preprocess_tensor_input`: 'tf' and 'torch' scale,
 * 'caffe' flips the channels and subtracts the mean; efficientnet's and convnext's return the input).
 *
 * `keras.applications.imagenet_utils._obtain_input_shape`, which model files written against Keras
 * 2.0–2.2 import from Keras itself (titu1994's NASNet, DenseNet, MobileNet files): the input shape a
 * builder uses, from keras_applications 1.0.8's imagenet_utils.py `_obtain_input_shape` (Keras 2.2's
 * `keras.applications.imagenet_utils` re-exports it; tf.keras 2 names it `obtain_input_shape`).
 * Where that function raises ValueError, or a size it compares is not known, the shape is unknown.
 */
import { isKnown, type Dim } from '../../../engine/dim.js';
import { NONE, shapeValue, UNKNOWN, type Value } from '../../values.js';
import { sameShape } from '../numpy/ops.js';
import type { OpCall, OpEntry } from '../types.js';

/** The sizes of a shape argument: a size, `None` (null) or symbolic; undefined when one is not a size or unknown. */
function sizesOf(v: Value): readonly Dim[] | undefined {
  if (v.kind !== 'tuple' && v.kind !== 'list') return undefined;
  const out: Dim[] = [];
  for (const item of v.items) {
    if (item.kind === 'num' && Number.isSafeInteger(item.value)) out.push(item.value);
    else if (item.kind === 'none') out.push(null);
    else if (item.kind === 'dim') out.push(item.dim);
    else return undefined;
  }
  return out;
}

interface Request {
  /** null: `input_shape=None` (or an empty tuple, which Python reads as false too). */
  readonly given: readonly Dim[] | null;
  /** A list compared with the default tuple is never equal (Python). */
  readonly givenIsList: boolean;
  readonly defaultSize: number;
  readonly minSize: number;
  readonly channelsFirst: boolean;
  readonly requireFlatten: boolean;
  readonly imagenet: boolean;
}

/** The function's rule; null where it raises ValueError or compares a size that is not known. */
export function obtainInputShape(r: Request): readonly Dim[] | null {
  const given = r.given !== null && r.given.length > 0 ? r.given : null;
  const channels = given && !r.imagenet && given.length === 3 ? (r.channelsFirst ? given[0]! : given[2]!) : 3;
  const d = r.defaultSize;
  const defaultShape: readonly Dim[] = r.channelsFirst ? [channels, d, d] : [d, d, channels];
  if (r.imagenet && r.requireFlatten) {
    if (r.given === null) return defaultShape;
    return !r.givenIsList && r.given.length === 3 && r.given.every((x, i) => x === defaultShape[i]) ? defaultShape : null;
  }
  let shape: readonly Dim[];
  if (given) {
    if (given.length !== 3) return null;
    const [c, h, w] = r.channelsFirst ? [given[0]!, given[1]!, given[2]!] : [given[2]!, given[0]!, given[1]!];
    if (r.imagenet && c !== 3) return null;
    for (const s of [h, w]) {
      if (s === null) continue;
      if (!isKnown(s) || s < r.minSize) return null;
    }
    shape = given;
  } else if (r.requireFlatten) shape = defaultShape;
  else shape = r.channelsFirst ? [3, null, null] : [null, null, 3];
  return r.requireFlatten && shape.some((x) => x === null) ? null : shape;
}

function apply(call: OpCall): { output: Value } {
  const a = call.args;
  const input = a.get('input_shape') ?? NONE;
  const given = input.kind === 'none' ? null : sizesOf(input);
  const weights = a.get('weights') ?? NONE;
  const format = a.str('data_format');
  const [defaultSize, minSize, requireFlatten] = [a.int('default_size'), a.int('min_size'), a.bool('require_flatten')];
  const imagenet = weights.kind === 'none' ? false : weights.kind === 'str' ? weights.value === 'imagenet' : null;
  if (given === undefined || defaultSize === null || minSize === null || requireFlatten === null || imagenet === null || format === null) return { output: UNKNOWN };
  const shape = obtainInputShape({ given, givenIsList: input.kind === 'list', defaultSize, minSize, channelsFirst: format === 'channels_first', requireFlatten, imagenet });
  return { output: shape ? shapeValue(shape) : UNKNOWN };
}

export const APPLICATIONS_ENTRIES: OpEntry[] = [
  { names: ['preprocess_input'], namespaces: ['keras.applications.models', 'keras.applications.imagenet_utils'], kind: 'op', params: ['x', 'data_format', 'mode'], apply: sameShape },
  {
    names: ['_obtain_input_shape', 'obtain_input_shape'],
    namespaces: ['keras.applications.imagenet_utils'],
    kind: 'value',
    params: ['input_shape', 'default_size', 'min_size', 'data_format', 'require_flatten', 'weights'],
    // Keras 2.0's spelling of require_flatten.
    aliases: { include_top: 'require_flatten' },
    apply,
  },
];
