/**
 * Convolution and Deconvolution: output = bottom[:axis] + [num_output] + spatial sizes.
 * [BVLC/caffe · src/caffe/layers/base_conv_layer.cpp · LayerSetUp, Reshape;
 *  conv_layer.cpp / deconv_layer.cpp · compute_output_shape] — SHAPE_SEMANTICS §4.1–4.3.
 */
import { convCost } from '../../engine/cost.js';
import { isKnown } from '../../engine/dim.js';
import { transposeAxis } from '../../engine/transpose.js';
import { windowAxis } from '../../engine/window.js';
import { canonicalAxis, perSpatialAxis, spatialNames } from './axes.js';
import { NO_SHAPE, type LayerContext, type LayerShape, type LayerSpec } from './spec.js';
import { perAxis, type WindowField } from './window-fields.js';

// The window fields, built once rather than per layer.
const KERNEL: WindowField = { name: 'kernel_size', pair: ['kernel_h', 'kernel_w'], min: 1 };
const STRIDE: WindowField = { name: 'stride', pair: ['stride_h', 'stride_w'], fallback: 1, min: 1 };
const PAD: WindowField = { name: 'pad', pair: ['pad_h', 'pad_w'], fallback: 0, pairFallback: 0, min: 0 };
const DILATION: WindowField = { name: 'dilation', fallback: 1, min: 1 };

function convolutionShape(ctx: LayerContext, transposed: boolean): LayerShape {
  const x = ctx.inputs[0]!;
  const p = ctx.params('convolution_param');
  const numOutput = p.int('num_output', null, 1);
  const group = p.int('group', 1, 1);
  const bias = p.bool('bias_term', true);
  const axis = canonicalAxis(ctx, p, 'axis', 1, x);
  if (axis === null) return NO_SHAPE;
  const spatialIn = x.slice(axis + 1);
  const n = spatialIn.length;
  const kernel = perAxis(ctx, p, KERNEL, n);
  const stride = perAxis(ctx, p, STRIDE, n);
  const pad = perAxis(ctx, p, PAD, n);
  const dilation = perAxis(ctx, p, DILATION, n);
  const channels = x[axis] ?? null;
  if (numOutput % group !== 0) ctx.error('group-mismatch', `num_output ${numOutput} is not a multiple of group ${group}`, p.rangeOf('group'));
  if (isKnown(channels) && channels % group !== 0) ctx.error('group-mismatch', `input channels ${channels} are not a multiple of group ${group}`, p.rangeOf('group'));
  if (ctx.failed) return NO_SHAPE;
  const window = (i: number) => ({ kernel: kernel[i]!, stride: stride[i]!, dilation: dilation[i]! });
  const axisNames = spatialNames(n);
  const lead = [...x.slice(0, axis), numOutput];
  const cost = (positions: typeof spatialIn) =>
    convCost({ inChannels: channels, outChannels: numOutput, group, kernel, positions, bias });
  if (transposed) {
    const axes = perSpatialAxis(ctx, spatialIn, (I, i) => transposeAxis(I, window(i), { kind: 'caffe', pad: pad[i]! }));
    if (!axes) return NO_SHAPE;
    return {
      outputs: [[...lead, ...axes.map((a) => a.output)]],
      cost: cost(spatialIn),
      windowing: { kind: 'transpose', axes, axisNames, framework: 'caffe' },
    };
  }
  const axes = perSpatialAxis(ctx, spatialIn, (I, i) => windowAxis(I, window(i), { kind: 'caffe-conv', pad: pad[i]! }));
  if (!axes) return NO_SHAPE;
  const spatialOut = axes.map((a) => a.output);
  return {
    outputs: [[...lead, ...spatialOut]],
    cost: cost(spatialOut),
    windowing: { kind: 'window', op: 'convolution', axes, axisNames, framework: 'caffe' },
  };
}

export const convolution: LayerSpec = { types: ['Convolution'], shape: (ctx) => convolutionShape(ctx, false) };

export const deconvolution: LayerSpec = { types: ['Deconvolution'], shape: (ctx) => convolutionShape(ctx, true) };
