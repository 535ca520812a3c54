/**
 * Pooling: 4-D only; MAX/AVE/STOCHASTIC; ceil rounding by default (`round_mode: FLOOR`, or the fork
 * field `ceil_mode: false`, rounds down); `global_pooling` covers the whole plane. A second top (the
 * MAX argmax mask) has the output's shape.
 * [BVLC/caffe · src/caffe/layers/pooling_layer.cpp · LayerSetUp, Reshape] — SHAPE_SEMANTICS §4.1, §4.4;
 * `ceil_mode`: unmerged BVLC/caffe PR #3057, used by shicai/DenseNet-Caffe.
 */
import { isKnown } from '../../engine/dim.js';
import { windowAxis } from '../../engine/window.js';
import { formatShape } from '../diagnostic.js';
import type { Params } from '../params.js';
import { perSpatialAxis, spatialNames } from './axes.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';
import { perAxis } from './window-fields.js';

const KERNEL_FIELDS = ['kernel_size', 'kernel_h', 'kernel_w'];

function rounding(p: Params): 'ceil' | 'floor' {
  if (p.has('ceil_mode')) return p.bool('ceil_mode', true) ? 'ceil' : 'floor';
  return p.choice('round_mode', ['CEIL', 'FLOOR'], 'CEIL') === 'CEIL' ? 'ceil' : 'floor';
}

export const pooling: LayerSpec = {
  types: ['Pooling'],
  tops: [1, 2],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    if (x.length !== 4) {
      ctx.error('wrong-rank', `Pooling needs a 4-D (N, C, H, W) input, got ${formatShape(x)}`);
      return NO_SHAPE;
    }
    const p = ctx.params('pooling_param');
    const method = p.choice('pool', ['MAX', 'AVE', 'STOCHASTIC'], 'MAX');
    const round = rounding(p);
    const global = p.bool('global_pooling', false);
    const [N, C, H, W] = x;
    const kernelGiven = KERNEL_FIELDS.find((f) => p.has(f));
    if (global && kernelGiven) {
      ctx.error('conflicting-parameters', 'with global_pooling the kernel is the whole input plane; remove the kernel size', p.rangeOf(kernelGiven));
    }
    const kernel = global ? [H, W] : perAxis(ctx, p, { name: 'kernel_size', pair: ['kernel_h', 'kernel_w'], min: 1 }, 2);
    const stride = perAxis(ctx, p, { name: 'stride', pair: ['stride_h', 'stride_w'], fallback: 1, min: 1 }, 2);
    const pad = perAxis(ctx, p, { name: 'pad', pair: ['pad_h', 'pad_w'], fallback: 0, min: 0 }, 2);
    const anyPad = pad.some((v) => v !== 0);
    if (global && (anyPad || stride.some((s) => s !== 1))) {
      ctx.error('conflicting-parameters', 'global_pooling needs pad 0 and stride 1', p.range);
    }
    if (anyPad && method === 'STOCHASTIC') {
      ctx.error('conflicting-parameters', 'padding is implemented only for MAX and AVE pooling', p.rangeOf(p.has('pad') ? 'pad' : 'pad_h'));
    }
    if (ctx.failed) return NO_SHAPE;
    const shape = global ? [N, C, 1, 1] : null;
    if (!kernel.every(isKnown)) return { outputs: ctx.tops.map(() => shape) };
    const axes = perSpatialAxis(ctx, [H, W], (I, i) =>
      windowAxis(I, { kernel: kernel[i]!, stride: stride[i]!, dilation: 1 }, { kind: 'caffe-pool', pad: pad[i]!, round, anyPad }),
    );
    if (!axes) return NO_SHAPE;
    const out = [N, C, ...axes.map((a) => a.output)];
    return {
      outputs: ctx.tops.map(() => out),
      windowing: { kind: 'window', op: 'pooling', axes, axisNames: spatialNames(2), framework: 'caffe' },
    };
  },
};
