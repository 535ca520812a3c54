/**
 * Convolution and Deconvolution: output = bottom[:axis] + [num_output] + spatial sizes. Several
 * bottoms, all shaped alike, are convolved with the same weights, one top each.
 * [BVLC/caffe · src/caffe/layers/base_conv_layer.cpp · LayerSetUp, Reshape;
 *  conv_layer.cpp / deconv_layer.cpp · compute_output_shape] — SHAPE_SEMANTICS §4.1–4.3.
 */
import { convCost } from '../../engine/cost.js';
import { isKnown } from '../../engine/dim.js';
import { transposeAxis } from '../../engine/transpose.js';
import { windowAxis } from '../../engine/window.js';
import { formatShape } from '../diagnostic.js';
import { canonicalAxis, perSpatialAxis, shapeConflict, spatialNames } from './axes.js';
import type { Shape } from '../../analysis/types.js';
import { ANY_INT } from '../params.js';
import { NO_SHAPE, type LayerContext, type LayerShape, type LayerSpec } from './spec.js';
import { perAxis, type WindowField } from './window-fields.js';

// The window fields, built once rather than per layer.
const KERNEL: WindowField = { name: 'kernel_size', pair: ['kernel_h', 'kernel_w'], min: 1 };
const STRIDE: WindowField = { name: 'stride', pair: ['stride_h', 'stride_w'], fallback: 1, min: 1 };
const PAD: WindowField = { name: 'pad', pair: ['pad_h', 'pad_w'], fallback: 0, pairFallback: 0, min: 0 };
const DILATION: WindowField = { name: 'dilation', fallback: 1, min: 1 };

/** What differs between the BaseConvolutionLayer subclasses. */
interface ConvRule {
  readonly transposed: boolean;
  /** The `*_param` message holding the conv fields. */
  readonly param: string;
  /** Deformable: one data bottom and an offset bottom; otherwise every bottom is convolved. */
  readonly deformable: boolean;
}

function convolutionShape(ctx: LayerContext, rule: ConvRule): LayerShape {
  const x = ctx.inputs[0]!;
  const data = rule.deformable ? [x] : ctx.inputs;
  data.forEach((other, i) => {
    if (i === 0 || shapeConflict(x, other) === null) return;
    const names = ctx.layer.bottoms;
    ctx.error('bottom-shape-mismatch', `every bottom must have the first one's shape: '${names[0]!.name}' is ${formatShape(x)} but '${names[i]!.name}' is ${formatShape(other)}`, names[i]!.range);
  });
  const p = ctx.params(rule.param);
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
  if (rule.deformable && !ctx.failed) checkOffsets(ctx, kernel, p.has('deformable_group') ? [p.int('deformable_group', 1, 1)] : null);
  if (ctx.failed) return NO_SHAPE;
  const window = (i: number) => ({ kernel: kernel[i]!, stride: stride[i]!, dilation: dilation[i]! });
  const axisNames = spatialNames(n);
  const lead = [...x.slice(0, axis), numOutput];
  // The weights are shared; the work is done once per bottom.
  const cost = (positions: typeof spatialIn) => {
    const one = convCost({ inChannels: channels, outChannels: numOutput, group, kernel, positions, bias });
    return { params: one.params, macs: one.macs === null ? null : one.macs * data.length };
  };
  if (rule.transposed) {
    const axes = perSpatialAxis(ctx, spatialIn, (I, i) => transposeAxis(I, window(i), { kind: 'caffe', pad: pad[i]! }));
    if (!axes) return NO_SHAPE;
    const out = [...lead, ...axes.map((a) => a.output)];
    return {
      outputs: ctx.tops.map(() => out),
      cost: cost(spatialIn),
      windowing: { kind: 'transpose', axes, axisNames, framework: 'caffe' },
    };
  }
  const axes = perSpatialAxis(ctx, spatialIn, (I, i) => windowAxis(I, window(i), { kind: 'caffe-conv', pad: pad[i]! }));
  if (!axes) return NO_SHAPE;
  const spatialOut = axes.map((a) => a.output);
  const out = [...lead, ...spatialOut];
  return {
    outputs: ctx.tops.map(() => out),
    cost: cost(spatialOut),
    windowing: { kind: 'window', op: 'convolution', axes, axisNames, framework: 'caffe' },
  };
}

/**
 * The forks' defaults for an unset deformable_group, which differ: unsky's caffe.proto (@e0f7abd,
 * line 632) `deformable_group = 19 [default = 4]`, zhanglonghao1992/Deformable-ConvNets-v1-v2-caffe's
 * README proto `deformable_group = 25 [default = 1]`. Both register the type "DeformableConvolution".
 */
const FORK_DEFAULT_GROUPS = [
  { group: 4, fork: 'unsky/Deformable-ConvNets-caffe' },
  { group: 1, fork: 'zhanglonghao1992/Deformable-ConvNets-v1-v2-caffe' },
] as const;

/**
 * The offset bottom of a DeformableConvolution: 2·kernel_h·kernel_w·deformable_group channels, and
 * the data bottom's H and W (LayerSetUp CHECK_EQs all three, on 4-D blobs). `groups` null: the field
 * is unset, and a count is an error only when no fork's default gives it.
 */
function checkOffsets(ctx: LayerContext, kernel: readonly number[], groups: readonly number[] | null): void {
  const [x, offset] = [ctx.inputs[0]!, ctx.inputs[1]!];
  const name = `the offset '${ctx.layer.bottoms[1]!.name}' ${formatShape(offset)}`;
  if (x.length !== 4 || offset.length !== 4) {
    ctx.error('wrong-rank', `DeformableConvolution needs 4-D data and offset bottoms, got ${formatShape(x)} and ${formatShape(offset)}`);
    return;
  }
  const channels = (group: number) => 2 * kernel[0]! * kernel[1]! * group;
  const accepted = (groups ?? FORK_DEFAULT_GROUPS.map((d) => d.group)).map(channels);
  if (isKnown(offset[1]) && !accepted.includes(offset[1])) {
    const rule = groups
      ? `2·kernel_h·kernel_w·deformable_group = 2·${kernel[0]}·${kernel[1]}·${groups[0]} = ${accepted[0]} channels`
      : `2·kernel_h·kernel_w·deformable_group channels: ${FORK_DEFAULT_GROUPS.map((d) => `${channels(d.group)} with deformable_group's default ${d.group} (${d.fork})`).join(' or ')}`;
    ctx.error('bottom-shape-mismatch', `${name} must have ${rule} (CHECK_EQ in LayerSetUp)`, ctx.layer.bottoms[1]!.range);
  }
  const sameSize = [2, 3].every((a) => !isKnown(offset[a]) || !isKnown(x[a]) || offset[a] === x[a]);
  if (!sameSize) ctx.error('bottom-shape-mismatch', `${name} must have the H and W of the data ${formatShape(x)} (CHECK_EQ in LayerSetUp)`, ctx.layer.bottoms[1]!.range);
}

/**
 * After a bottom of unknown rank: num_output at the channel axis, and the spatial axes when the
 * parameters fix their count (`kernel_h`/`kernel_w` mean 2; a field given once per axis, that many).
 */
function partialShape(ctx: LayerContext, param: string): LayerShape {
  const p = ctx.params(param);
  const numOutput = p.int('num_output', null, 1);
  const axis = p.int('axis', 1, ANY_INT);
  const pairs = ['kernel_h', 'kernel_w', 'stride_h', 'stride_w', 'pad_h', 'pad_w'].some((f) => p.has(f));
  const counts = ['kernel_size', 'stride', 'pad', 'dilation'].map((f) => p.ints(f, 0).length);
  const spatial = pairs ? 2 : Math.max(...counts);
  if (ctx.failed || axis < 0 || spatial < 2) return NO_SHAPE;
  const out: Shape = [...new Array<null>(axis).fill(null), numOutput, ...new Array<null>(spatial).fill(null)];
  return { outputs: ctx.tops.map(() => out) };
}

/** BaseConvolutionLayer: MinBottomBlobs 1, MinTopBlobs 1, EqualNumBottomTopBlobs. */
const ONE_OR_MORE = [1, Infinity] as const;

const conv = (types: string[], transposed: boolean, fork?: string): LayerSpec => ({
  types,
  bottoms: ONE_OR_MORE,
  tops: ONE_OR_MORE,
  topPerBottom: true,
  ...(fork ? { fork } : {}),
  shape: (ctx) => convolutionShape(ctx, { transposed, param: 'convolution_param', deformable: false }),
  partial: (ctx) => partialShape(ctx, 'convolution_param'),
});

export const convolution = conv(['Convolution'], false);

export const deconvolution = conv(['Deconvolution'], true);

/**
 * DepthwiseConvolution subclasses BaseConvolutionLayer and only replaces the kernels, so every rule
 * of Convolution holds, num_output setting the channels
 * [eric612/MobileNet-YOLO @f36b52b · src/caffe/layers/depthwise_conv_layer.cpp · compute_output_shape].
 */
export const depthwiseConvolution = conv(['DepthwiseConvolution'], false, 'eric612/MobileNet-YOLO (depthwise_conv_layer.cpp)');

/**
 * DeformableConvolution: bottoms (data, offset); every top the conv of the data, fields in
 * deformable_convolution_param, output sizes by the conv formula with dilation
 * [unsky/Deformable-ConvNets-caffe @e0f7abd · caffe/src/caffe/layers/deformable_conv_layer.cpp ·
 *  LayerSetUp, Reshape, compute_output_shape].
 */
export const deformableConvolution: LayerSpec = {
  types: ['DeformableConvolution'],
  bottoms: [2, Infinity],
  tops: ONE_OR_MORE,
  fork: 'unsky/Deformable-ConvNets-caffe (deformable_conv_layer.cpp)',
  shape: (ctx) => convolutionShape(ctx, { transposed: false, param: 'deformable_convolution_param', deformable: true }),
  partial: (ctx) => partialShape(ctx, 'deformable_convolution_param'),
};
