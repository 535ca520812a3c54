/**
 * Same-shape layers with a learned per-channel (or per-axis) blob: Scale, Bias, PReLU, Normalize.
 * [BVLC/caffe · src/caffe/layers/scale_layer.cpp, bias_layer.cpp, prelu_layer.cpp · LayerSetUp;
 *  weiliu89/caffe (ssd) · src/caffe/layers/normalize_layer.cpp]
 */
import type { Shape } from '../../analysis/types.js';
import { dimsConflict, isKnown, productOf } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { ANY_INT } from '../params.js';
import { canonicalAxis, legacyDim } from './axes.js';
import { NO_SHAPE, type LayerContext, type LayerShape, type LayerSpec } from './spec.js';

/**
 * Scale/Bias: the blob covers bottom axes [axis, axis + num_axes) (num_axes −1: to the end). With a
 * second bottom, that bottom is the blob (so nothing is learned for it) and must match those axes.
 */
function affine(ctx: LayerContext, kind: 'scale' | 'bias'): LayerShape {
  const x = ctx.inputs[0]!;
  const second: Shape | undefined = ctx.inputs[1];
  const p = ctx.params(`${kind}_param`);
  const axis = canonicalAxis(ctx, p, 'axis', 1, x);
  const numAxes = p.int('num_axes', 1, -1);
  if (axis === null || ctx.failed) return NO_SHAPE;
  const covered: Shape = second ?? x.slice(axis, numAxes === -1 ? undefined : axis + numAxes);
  const target = x.slice(axis, axis + covered.length);
  if (target.length !== covered.length || covered.some((d, i) => dimsConflict(d, target[i] ?? null))) {
    ctx.error('scale-shape-mismatch', `the second bottom ${formatShape(covered)} must match the first bottom's axes from ${axis} on, ${formatShape(target)}`);
    return NO_SHAPE;
  }
  const count = productOf(covered);
  const blobs = (second ? 0 : 1) + (kind === 'scale' && p.bool('bias_term', false) ? 1 : 0);
  return { outputs: [x], cost: { params: isKnown(count) ? count * blobs : null, macs: 0 } };
}

export const scale: LayerSpec = {
  types: ['Scale'],
  bottoms: [1, 2],
  shape: (ctx) => affine(ctx, 'scale'),
};

export const bias: LayerSpec = {
  types: ['Bias'],
  bottoms: [1, 2],
  shape: (ctx) => affine(ctx, 'bias'),
};

/** PReLU and Normalize: one slope/scale per channel, or one in all when `channel_shared`. */
function perChannel(paramName: string, sharedByDefault: boolean): (ctx: LayerContext) => LayerShape {
  return (ctx) => {
    const x = ctx.inputs[0]!;
    const shared = ctx.params(paramName).bool('channel_shared', sharedByDefault);
    const channels = x.length > 1 ? x[1] ?? null : 1;
    return { outputs: [x], cost: { params: shared ? 1 : isKnown(channels) ? channels : null, macs: 0 } };
  };
}

export const prelu: LayerSpec = { types: ['PReLU'], shape: perChannel('prelu_param', false) };

export const normalize: LayerSpec = { types: ['Normalize'], shape: perChannel('norm_param', true) };

/**
 * BN, the batch normalisation of several forks (same name, different bn_param): the top has the
 * bottom's shape; scale and shift are learned (2·C), the running mean and variance some forks keep
 * are statistics, counted 0 as for BatchNorm.
 * - hszhao/PSPNet @88d0b3e · src/caffe/layers/bn_layer.cpp: bn_param { axis (CHECK 1 or 2), var_eps,
 *   decay, moving_average, scale_filler, shift_filler }; C = bottom.LegacyShape(axis), 4 blobs.
 * - alexgkendall/caffe-segnet @03d1e9f · src/caffe/layers/bn_layer.cpp: bn_param { bn_mode (LEARN,
 *   INFERENCE), scale_filler, shift_filler }; C = channels(), 2 blobs.
 * - the `slope_filler`/`bias_filler`/`momentum`/`eps`/`frozen` BN of other forks: same shape.
 * Every fork reads the bottom through the legacy accessors, which CHECK at most 4 axes.
 */
export const bn: LayerSpec = {
  types: ['BN'],
  // SegNet's BN may also output the batch mean and variance, (1, C, 1, 1) each (Reshape).
  tops: [1, 3],
  fork: 'hszhao/PSPNet, alexgkendall/caffe-segnet (bn_layer.cpp)',
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('bn_param');
    const axis = p.int('axis', 1, ANY_INT);
    if (axis !== 1 && axis !== 2) ctx.error('invalid-parameter', `axis ${axis} must be 1 or 2 (PSPNet's BN CHECKs it; the other forks have no axis field)`, p.rangeOf('axis'));
    p.choice('bn_mode', ['LEARN', 'INFERENCE'], 'LEARN');
    for (const flag of ['moving_average', 'frozen']) p.bool(flag, false);
    for (const value of ['var_eps', 'decay', 'momentum', 'eps']) p.float(value, 0);
    if (x.length > 4) ctx.error('wrong-rank', `BN reads the bottom through num/channels/height/width, which CHECK at most 4 axes: got ${formatShape(x)}`);
    if (ctx.failed) return NO_SHAPE;
    const channels = legacyDim(x, axis);
    const statistic: Shape = [1, channels, 1, 1];
    return { outputs: [x, statistic, statistic], cost: { params: isKnown(channels) ? 2 * channels : null, macs: 0 } };
  },
};
