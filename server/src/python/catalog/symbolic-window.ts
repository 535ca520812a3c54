/**
 * Conv and pooling windows whose kernel, stride or dilation is a size known only by name, and
 * `tf.pad` amounts known only by name (`fixed_padding`'s `pad_beg`, `pad_end`): a
 * parameter of a function nobody calls (`conv2d_fixed_padding(inputs, filters, kernel_size,
 * strides, data_format)` in tensorflow/models official/resnet/resnet_model.py), read by the Keras
 * argument names (`kernel_size`/`pool_size`, `strides`, `dilation_rate`; Keras 2/3, tf.keras and
 * the `tf.layers` functions). The output size is symbolic (engine/window.ts · symbolicWindowAxis);
 * nothing here is checked or reported: the caller may pass any value.
 */
import { addDims, isKnown, isSym, type Dim } from '../../engine/dim.js';
import { symbolicWindowAxis, type SymbolicPadding } from '../../engine/window.js';
import { isSeq, toDim, type TensorV, type Value } from '../values.js';
import { assumedShape, out, type WindowSpec } from './shapes.js';
import type { OpCall, OpResult } from './types.js';
import { NO_COST } from '../../engine/cost.js';
import type { Shape } from '../../analysis/types.js';

/** One window argument as n sizes (an int or symbol repeated, or a tuple of n), or null. */
function sizesOf(v: Value | undefined, n: number): Dim[] | null {
  if (v === undefined) return null;
  const items = isSeq(v) ? v.items : Array<Value>(n).fill(v);
  if (items.length !== n) return null;
  const dims = items.map((x) => (x.kind === 'num' && x.float ? undefined : toDim(x)));
  return dims.every((d): d is Dim => d !== undefined && d !== null) ? dims : null;
}

function axisOf(known: readonly number[] | null, read: () => Dim[] | null, i: number): Dim {
  return known ? (known[i] ?? null) : (read()?.[i] ?? null);
}

/**
 * The output size of spatial axis `i` where the spec's own numbers lack the kernel, stride or
 * dilation; unknown unless at least one of them is symbolic and the others are known.
 */
export function symbolicAxis(call: OpCall, spec: WindowSpec, i: number, input: Dim): Dim {
  if (call.flavour === 'keras' && call.ctx.kerasVersion === 1) return null;
  const a = call.args;
  const n = spec.spatial;
  const kernelName = spec.op === 'convolution' ? 'kernel_size' : 'pool_size';
  const kernel = axisOf(spec.kernel, () => sizesOf(a.get(kernelName), n), i);
  // Keras pooling: strides=None means the pool size (keras/src/layers/pooling/base_pooling.py).
  const poolStrides = spec.op === 'pooling' && (a.get('strides') === undefined || a.get('strides')?.kind === 'none');
  const stride = poolStrides ? kernel : axisOf(spec.strides, () => sizesOf(a.get('strides'), n), i);
  const dilation = axisOf(spec.dilation, () => sizesOf(a.get('dilation_rate'), n), i);
  const p = spec.padding?.[i];
  if (p === undefined || ![kernel, stride, dilation].some(isSym)) return null;
  const padding: SymbolicPadding | null =
    p.kind === 'valid' || p.kind === 'same' || p.kind === 'causal' || p.kind === 'full' ? { kind: p.kind } : p.kind === 'explicit' ? p : null;
  return padding ? symbolicWindowAxis(input, { kernel, stride, dilation }, padding) : null;
}

/**
 * `tf.pad(t, paddings)` where some amount is not an int: each axis grows by its two amounts when
 * they are sizes (`I + (k - 1)//2 + (k - 1 - (k - 1)//2)` is `I + k - 1`), else its size is unknown.
 */
export function symbolicPadded(call: OpCall, t: TensorV, rows: readonly Value[]): OpResult {
  const pairs = rows.map((row) => {
    const pr = sizesOf(row, 2);
    return pr && pr.every((d) => !isKnown(d) || d >= 0) ? pr : null;
  });
  const shape = padInputShape(call, t, rows.length);
  if (shape.length !== rows.length) return { output: out(null, call), cost: NO_COST };
  return { output: out(shape.map((d, i) => (pairs[i] ? addDims(d, addDims(pairs[i]![0]!, pairs[i]![1]!)) : null)), call), cost: NO_COST };
}

/** The shape `tf.pad` pads: an input of unknown shape is read as the layers read one, `(N, H, W, C)` by the layout in play. */
export function padInputShape(call: OpCall, t: TensorV, rank: number): Shape {
  return t.shape ?? (rank >= 3 ? assumedShape(rank - 2, call.ctx.channelsFirst()) : Array<null>(rank).fill(null));
}
