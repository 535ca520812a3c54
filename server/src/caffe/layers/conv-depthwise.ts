/**
 * ConvolutionDepthwise (MobileNet / ShuffleNet forks): a layer of its own, not a BaseConvolution.
 * The top keeps the bottom's channels whatever num_output says; H and W by the conv formula with
 * dilation, C++ integer division; one k_h·k_w filter (and bias) per channel. LayerSetUp reads each
 * window field as a `_h`/`_w` pair when both are set, else element 0 (and 1) of the repeated field,
 * checking nothing: an absent kernel_size/stride/pad reads an empty list, undefined in C++.
 * [yonghenglh6/DepthwiseConvolution, as in sophgo/caffe @101a1e3 · src/caffe/layers/conv_dw_layer.cpp ·
 *  LayerSetUp, Reshape]
 */
import { convCost } from '../../engine/cost.js';
import { windowAxis } from '../../engine/window.js';
import { formatShape } from '../diagnostic.js';
import type { Params } from '../params.js';
import { legacyDim, perSpatialAxis } from './axes.js';
import { NO_SHAPE, type LayerContext, type LayerSpec } from './spec.js';

/** `h`/`w` when both are set, else the repeated `name` (once: both axes); null when absent. */
function pair(p: Params, name: string, [h, w]: readonly [string, string], min: number): [number, number] | null {
  if (p.has(h) && p.has(w)) return [p.int(h, 0, min), p.int(w, 0, min)];
  const values = p.ints(name, min);
  if (values.length === 0) return null;
  return [values[0]!, values[values.length === 1 ? 0 : 1]!];
}

function window(ctx: LayerContext, p: Params): { kernel: [number, number]; stride: [number, number]; pad: [number, number]; dilation: [number, number] } | null {
  const kernel = pair(p, 'kernel_size', ['kernel_h', 'kernel_w'], 1);
  const stride = pair(p, 'stride', ['stride_h', 'stride_w'], 0);
  const pad = pair(p, 'pad', ['pad_h', 'pad_w'], 0);
  // No dilation_h/dilation_w in caffe.proto: the unused names keep the helper uniform.
  const dilation = pair(p, 'dilation', ['dilation_h', 'dilation_w'], 1) ?? [1, 1];
  if (stride?.includes(0)) ctx.error('invalid-parameter', `stride ${stride.join(' × ')} divides by zero: ConvolutionDepthwise divides by the stride and has no CHECK`, p.rangeOf('stride'));
  const missing = [kernel ? '' : 'kernel_size', stride ? '' : 'stride', pad ? '' : 'pad'].filter((f) => f !== '');
  if (missing.length > 0 && !ctx.failed) {
    ctx.inform('undefined-parameter', `${missing.join(', ')} not given: ConvolutionDepthwise reads element 0 of the empty repeated field (undefined in C++), so H and W are unknown; give ${missing.join(', ')} explicitly`, p.range);
  }
  return kernel && stride && pad ? { kernel, stride, pad, dilation } : null;
}

export const convolutionDepthwise: LayerSpec = {
  types: ['ConvolutionDepthwise'],
  fork: 'yonghenglh6/DepthwiseConvolution (conv_dw_layer.cpp)',
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('convolution_param');
    const bias = p.bool('bias_term', true);
    const w = window(ctx, p);
    if (x.length > 4) {
      ctx.error('wrong-rank', `ConvolutionDepthwise reads num/channels/height/width, which CHECK at most 4 axes: got ${formatShape(x)}`);
      return NO_SHAPE;
    }
    const channels = legacyDim(x, 1);
    if (p.has('num_output') && typeof channels === 'number' && p.int('num_output', 0, 0) !== channels) {
      ctx.inform('num-output-ignored', `num_output ${p.int('num_output', 0, 0)} is ignored: ConvolutionDepthwise keeps the bottom's ${channels} channels`, p.rangeOf('num_output'));
    }
    if (ctx.failed) return NO_SHAPE;
    const num = legacyDim(x, 0);
    if (!w) return { outputs: [[num, channels, null, null]] };
    const axes = perSpatialAxis(ctx, [legacyDim(x, 2), legacyDim(x, 3)], (I, i) =>
      windowAxis(I, { kernel: w.kernel[i]!, stride: w.stride[i]!, dilation: w.dilation[i]! }, { kind: 'caffe-conv', pad: w.pad[i]! }),
    );
    if (!axes) return NO_SHAPE;
    const spatial = axes.map((a) => a.output);
    return {
      outputs: [[num, channels, ...spatial]],
      cost: convCost({ inChannels: channels, outChannels: channels, group: typeof channels === 'number' ? channels : 1, kernel: w.kernel, positions: spatial, bias }),
      windowing: { kind: 'window', op: 'convolution', axes, axisNames: ['H', 'W'], framework: 'caffe' },
    };
  },
};
