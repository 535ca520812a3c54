/**
 * Same-shape layers with a learned per-channel (or per-axis) blob: Scale, Bias, PReLU, Normalize.
 * [BVLC/caffe · src/caffe/layers/scale_layer.cpp, bias_layer.cpp, prelu_layer.cpp · LayerSetUp;
 *  weiliu89/caffe (ssd) · src/caffe/layers/normalize_layer.cpp]
 */
import type { Shape } from '../../analysis/types.js';
import { dimsConflict, isKnown, productOf } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { canonicalAxis } from './axes.js';
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
