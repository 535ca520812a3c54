/**
 * `tf.image.*` ops, and `keras.ops.image.extract_patches` (Keras 3's twin of TF's patches op).
 */
import { NO_COST } from '../../../engine/cost.js';
import { mulN, type Dim } from '../../../engine/dim.js';
import { windowAxis, type Padding } from '../../../engine/window.js';
import type { Shape } from '../../../analysis/types.js';
import { isSeq, toShape } from '../../values.js';
import { intsOf } from '../args.js';
import { channelsFirstOf, out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/**
 * Patches of a 4-D NHWC image batch: each spatial axis slides a window as a VALID/SAME conv does
 * (tensorflow/core/ops/array_ops.cc ExtractImagePatches' shape function: effective kernel
 * `k + (k − 1)(rate − 1)`, GetWindowedOutputSize), and the channels become `kh · kw · C`.
 */
function patches(call: OpCall, shape: Shape, kernel: readonly number[], strides: readonly number[], rates: readonly number[], padding: string, channelsFirst: boolean): OpResult {
  const pad: Padding | null = padding.toLowerCase() === 'valid' ? { kind: 'valid' } : padding.toLowerCase() === 'same' ? { kind: 'same' } : null;
  if (!pad || shape.length !== 4) return { output: out(null, call), cost: NO_COST };
  const [h, w, c] = channelsFirst ? [2, 3, 1] : [1, 2, 3];
  const sizes: Dim[] = [];
  for (const [i, ax] of [h, w].entries()) {
    const r = windowAxis(shape[ax]!, { kernel: kernel[i]!, stride: strides[i]!, dilation: rates[i]! }, pad);
    if (!r.ok) return { output: out(null, call), cost: NO_COST };
    sizes.push(r.value.output);
  }
  const depth = mulN(shape[c]!, kernel[0]! * kernel[1]!);
  const result: Dim[] = channelsFirst ? [shape[0]!, depth, sizes[0]!, sizes[1]!] : [shape[0]!, sizes[0]!, sizes[1]!, depth];
  return { output: out(result, call), cost: NO_COST };
}

/** `sizes`/`strides`/`rates` as TF writes them, `[1, rows, cols, 1]`: the two spatial entries. */
function spatialPair(call: OpCall, name: string): number[] | null {
  const v = call.args.get(name);
  const xs = v && isSeq(v) ? intsOf(v, 4) : null;
  return xs && xs[0] === 1 && xs[3] === 1 ? [xs[1]!, xs[2]!] : null;
}

/** `tf.image.extract_patches(images, sizes, strides, rates, padding)` (TF 1: `tf.extract_image_patches(images, ksizes, …)`). */
function tfPatches(call: OpCall): OpResult {
  const t = call.input;
  const kernel = spatialPair(call, 'sizes');
  const strides = spatialPair(call, 'strides');
  const rates = spatialPair(call, 'rates');
  const padding = call.args.str('padding');
  if (t.kind !== 'tensor' || !t.shape || !kernel || !strides || !rates || padding === null) return { output: out(null, call), cost: NO_COST };
  return patches(call, t.shape, kernel, strides, rates, padding, false);
}

/** An int or a pair of ints. */
function pairOf(call: OpCall, name: string): number[] | null {
  const v = call.args.get(name);
  return v ? intsOf(v, 2) : null;
}

/**
 * keras/src/ops/image.py `extract_patches(images, size, strides=None, dilation_rate=1,
 * padding="valid", data_format=None)`: strides default to the size; 4-D images only here (a 3-D
 * image has no batch axis).
 */
function kerasPatches(call: OpCall): OpResult {
  const t = call.input;
  const size = pairOf(call, 'size');
  const strides = call.args.isNone('strides') || !call.args.has('strides') ? size : pairOf(call, 'strides');
  const rates = call.args.has('dilation_rate') ? pairOf(call, 'dilation_rate') : [1, 1];
  const padding = call.args.has('padding') ? call.args.str('padding') : 'valid';
  const cf = channelsFirstOf(call);
  if (t.kind !== 'tensor' || !t.shape || !size || !strides || !rates || padding === null || cf === null) return { output: out(null, call), cost: NO_COST };
  return patches(call, t.shape, size, strides, rates, padding, cf);
}

export const IMAGE_ENTRIES: OpEntry[] = [
  {
    names: ['resize', 'resize_images', 'resize_bilinear', 'resize_nearest_neighbor', 'resize_bicubic'],
    namespaces: ['tf.image'],
    kind: 'op',
    params: ['images', 'size'],
    apply: (call) => {
      const t = call.input;
      const size = call.args.get('size');
      const hw = size ? toShape(size) : null;
      if (t.kind !== 'tensor' || !t.shape || t.shape.length !== 4 || !hw || hw.length !== 2) return { output: out(null, call), cost: NO_COST };
      return { output: out([t.shape[0]!, hw[0]!, hw[1]!, t.shape[3]!], call), cost: NO_COST };
    },
  },
  { names: ['extract_patches'], namespaces: ['tf.image'], kind: 'op', params: ['images', 'sizes', 'strides', 'rates', 'padding', 'name'], apply: tfPatches },
  { names: ['extract_image_patches'], namespaces: ['tf', 'tf.image'], kind: 'op', params: ['images', 'sizes', 'strides', 'rates', 'padding', 'name'], aliases: { ksizes: 'sizes' }, apply: tfPatches },
  { names: ['extract_patches'], namespaces: ['keras.ops.image'], kind: 'op', params: ['images', 'size', 'strides', 'dilation_rate', 'padding', 'data_format'], apply: kerasPatches },
];
