/**
 * The C3D fork's 3-D layers, V1 enum types on 5-D (N, C, L, H, W) blobs; one kernel_size and
 * stride/pad for H and W, kernel_depth / temporal_stride / temporal_pad for L.
 * [facebook/C3D · C3D-v1.0/src/caffe/layers/convolution3d_layer.cpp, pooling3d_layer.cpp · SetUp]
 * - CONVOLUTION3D: each axis (I + 2·pad − k)/stride + 1 (C++ division); CHECK_GT(num_output, 0),
 *   CHECK_EQ(num_output % filter_group, 0); weights (num_output, C, kernel_depth, k, k).
 * - POOLING3D: H, W ceil((I + 2·pad − k)/stride) + 1 and L ceil((L − kernel_depth)/temporal_stride) + 1,
 *   with no last-window correction; a pad needs AVE pooling (CHECK).
 * The BVLC N-D Convolution with three kernel_size values is `convolution.ts`.
 */
import { convCost } from '../../engine/cost.js';
import { addN, ceilDivN, isKnown, type Dim } from '../../engine/dim.js';
import { windowAxis } from '../../engine/window.js';
import { formatShape } from '../diagnostic.js';
import type { Params } from '../params.js';
import { perSpatialAxis } from './axes.js';
import { NO_SHAPE, type LayerContext, type LayerSpec } from './spec.js';

const FORK = 'facebook/C3D (convolution3d_layer.cpp, pooling3d_layer.cpp)';

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
  types: ['CONVOLUTION3D'],
  fork: FORK,
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('convolution_param');
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

export const pooling3d: LayerSpec = {
  types: ['POOLING3D'],
  fork: FORK,
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('pooling_param');
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
