/**
 * The C3D fork's 3-D layers on 5-D (N, C, L, H, W) blobs; one kernel_size and stride/pad for H and
 * W, kernel_depth / temporal_stride / temporal_pad for L. C3D-v1.0 spells them as V1 enum types
 * with convolution_param / pooling_param, C3D-v1.1 as Convolution3D / Pooling3D with
 * convolution3d_param / pooling3d_param; the rules are the same.
 * [facebook/C3D · C3D-v1.0 and C3D-v1.1 src/caffe/layers/convolution3d_layer.cpp, pool3d_layer.cpp ·
 *  SetUp (v1.0), Reshape / LayerSetUp (v1.1)]
 * - CONVOLUTION3D: each axis (I + 2·pad − k)/stride + 1 (C++ division); CHECK_GT(num_output, 0),
 *   CHECK_EQ(num_output % filter_group, 0); weights (num_output, C, kernel_depth, k, k).
 * - DECONVOLUTION3D (v1.0) / Deconvolution3D (v1.1): each axis (I − 1)·stride − 2·pad + k
 *   [deconvolution3d_layer.cpp]; weights (C, num_output, kernel_depth, k, k).
 * - POOLING3D: H, W ceil((I + 2·pad − k)/stride) + 1 and L ceil((L − kernel_depth)/temporal_stride) + 1,
 *   with no last-window correction; a pad needs AVE pooling (CHECK).
 * - VIDEO_DATA (C3D-v1.0, `image_data_param`) and VideoData (C3D-v1.1, `video_data_param`, crop in
 *   `transform_param`): (batch_size, 3, new_length, crop_size or new_height, crop_size or new_width);
 *   3 channels (image_io.cpp · Read*ToVolumeDatum), frames resized only when both new_height and
 *   new_width are set (CHECKed), otherwise the video's own size.
 *   [video_data_layer.cpp · SetUp (v1.0), DataLayerSetUp (v1.1); data_transformer.cpp · InferBlobShape]
 * The BVLC N-D Convolution with three kernel_size values is `convolution.ts`.
 */
import { convCost } from '../../engine/cost.js';
import { addN, ceilDivN, isKnown, type Dim } from '../../engine/dim.js';
import { transposeAxis } from '../../engine/transpose.js';
import { windowAxis } from '../../engine/window.js';
import { formatShape } from '../diagnostic.js';
import type { Params } from '../params.js';
import { perSpatialAxis } from './axes.js';
import { sourceShapes } from './sources.js';
import { NO_SHAPE, type LayerContext, type LayerShape, type LayerSpec } from './spec.js';

const FORK = 'facebook/C3D (convolution3d_layer.cpp, pool3d_layer.cpp)';

interface Window3d {
  /** L, H, W. */
  readonly kernel: readonly [number, number, number];
  readonly stride: readonly [number, number, number];
  readonly pad: readonly [number, number, number];
}

/** The 5-D input and the window of a `*_param`; null (reported) when the input is not 5-D. */
function window3d(ctx: LayerContext, p: Params, type: string): Window3d | null {
  const x = ctx.inputs[0]!;
  const k = p.int('kernel_size', null, 1);
  const kd = p.int('kernel_depth', null, 1);
  const s = p.int('stride', 1, 1);
  const ts = p.int('temporal_stride', 1, 1);
  const pad = p.int('pad', 0, 0);
  const tp = p.int('temporal_pad', 0, 0);
  if (x.length !== 5) ctx.error('wrong-rank', `${type} needs a 5-D (N, C, L, H, W) input, got ${formatShape(x)}`);
  return ctx.failed ? null : { kernel: [kd, k, k], stride: [ts, s, s], pad: [tp, pad, pad] };
}

export const convolution3d: LayerSpec = {
  types: ['CONVOLUTION3D', 'Convolution3D'],
  fork: FORK,
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params(ctx.layer.kind === 'Convolution3D' ? 'convolution3d_param' : 'convolution_param');
    const numOutput = p.int('num_output', null, 1);
    const groups = p.int('filter_group', 1, 1);
    if (numOutput % groups !== 0) ctx.error('group-mismatch', `num_output ${numOutput} is not a multiple of filter_group ${groups} (CHECK_EQ(num_output % filter_group, 0))`, p.rangeOf('filter_group'));
    const w = window3d(ctx, p, 'CONVOLUTION3D');
    if (!w) return NO_SHAPE;
    const axes = perSpatialAxis(ctx, x.slice(2), (I, i) => windowAxis(I, { kernel: w.kernel[i]!, stride: w.stride[i]!, dilation: 1 }, { kind: 'caffe-conv', pad: w.pad[i]! }));
    if (!axes) return NO_SHAPE;
    const spatial = axes.map((a) => a.output);
    return {
      outputs: [[x[0] ?? null, numOutput, ...spatial]],
      // Every filter sees all C channels: filter_group only splits the GEMM.
      cost: convCost({ inChannels: x[1] ?? null, outChannels: numOutput, group: 1, kernel: w.kernel, positions: spatial, bias: p.bool('bias_term', true) }),
      windowing: { kind: 'window', op: 'convolution', axes, axisNames: ['L', 'H', 'W'], framework: 'caffe' },
    };
  },
};

export const deconvolution3d: LayerSpec = {
  types: ['DECONVOLUTION3D', 'Deconvolution3D'],
  fork: 'facebook/C3D (deconvolution3d_layer.cpp)',
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params(ctx.layer.kind === 'Deconvolution3D' ? 'convolution3d_param' : 'convolution_param');
    const numOutput = p.int('num_output', null, 1);
    const w = window3d(ctx, p, 'DECONVOLUTION3D');
    if (!w) return NO_SHAPE;
    const spatialIn = x.slice(2);
    const axes = perSpatialAxis(ctx, spatialIn, (I, i) => transposeAxis(I, { kernel: w.kernel[i]!, stride: w.stride[i]!, dilation: 1 }, { kind: 'caffe', pad: w.pad[i]! }));
    if (!axes) return NO_SHAPE;
    return {
      outputs: [[x[0] ?? null, numOutput, ...axes.map((a) => a.output)]],
      cost: convCost({ inChannels: x[1] ?? null, outChannels: numOutput, group: 1, kernel: w.kernel, positions: spatialIn, bias: p.bool('bias_term', true) }),
      windowing: { kind: 'transpose', axes, axisNames: ['L', 'H', 'W'], framework: 'caffe' },
    };
  },
};

export const pooling3d: LayerSpec = {
  types: ['POOLING3D', 'Pooling3D'],
  fork: FORK,
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params(ctx.layer.kind === 'Pooling3D' ? 'pooling3d_param' : 'pooling_param');
    const pool = p.choice('pool', ['MAX', 'AVE', 'STOCHASTIC'], 'MAX');
    const w = window3d(ctx, p, 'POOLING3D');
    if (w && w.pad[1] !== 0 && pool !== 'AVE') ctx.error('invalid-parameter', `pad ${w.pad[1]} needs pool: AVE ("Padding implemented only for average pooling")`, p.rangeOf('pad'));
    if (!w || ctx.failed) return NO_SHAPE;
    // No temporal pad in POOLING3D: L uses kernel_depth and temporal_stride alone.
    const size = (I: Dim, i: number): Dim => addN(ceilDivN(addN(I, (i === 0 ? 0 : 2 * w.pad[i]!) - w.kernel[i]!), w.stride[i]!), 1);
    const spatial = x.slice(2).map(size);
    const bad = spatial.findIndex((d) => isKnown(d) && d <= 0);
    if (bad !== -1) {
      ctx.error('non-positive-output', `${['L', 'H', 'W'][bad]}: the pooled size ${String(spatial[bad])} is not positive for the input ${formatShape(x)}`);
      return NO_SHAPE;
    }
    return { outputs: [[x[0] ?? null, x[1] ?? null, ...spatial]] };
  },
};

/**
 * Video clips. Which fork's fields the layer uses decides the rule: v1.0 reads everything (crop
 * included) from image_data_param and labels (N, 1, 1, 1, 1); v1.1 crops with transform_param and
 * labels (N) or (N, num_of_labels).
 */
export const videoData: LayerSpec = {
  types: ['VIDEO_DATA', 'VideoData'],
  fork: 'facebook/C3D (C3D-v1.0 / C3D-v1.1 video_data_layer.cpp)',
  bottoms: [0, 0],
  tops: [1, 2],
  shape(ctx): LayerShape {
    const v11 = ctx.params('video_data_param').has('new_length') || (ctx.layer.kind === 'VideoData' && !ctx.params('image_data_param').has('new_length'));
    const p = ctx.params(v11 ? 'video_data_param' : 'image_data_param');
    const batch = p.int('batch_size', v11 ? 1 : null, 1);
    const length = p.int('new_length', null, 1);
    const height = p.int('new_height', 0, 0);
    const width = p.int('new_width', 0, 0);
    if ((height === 0) !== (width === 0)) ctx.error('conflicting-parameters', `new_height ${height} and new_width ${width} must be set together (CHECK: "requires new_height and new_width to be set at the same time")`, p.rangeOf(height === 0 ? 'new_width' : 'new_height'));
    const crop = (v11 ? ctx.params('transform_param') : p).int('crop_size', 0, 0);
    if (!v11 && p.bool('mirror', false) && crop === 0) ctx.error('conflicting-parameters', 'mirror needs crop_size (C3D-v1.0 LOG(FATAL): "requires mirror and crop_size to be set at the same time")', p.rangeOf('mirror'));
    if (ctx.failed) return NO_SHAPE;
    const size = (resized: number): number | null => (crop > 0 ? crop : resized > 0 ? resized : null);
    const labels = v11 && p.bool('use_multiple_label', false) ? [batch, p.int('num_of_labels', 1, 1)] : v11 ? [batch] : [batch, 1, 1, 1, 1];
    return sourceShapes(ctx, [[batch, 3, length, size(height), size(width)], labels]);
  },
};
