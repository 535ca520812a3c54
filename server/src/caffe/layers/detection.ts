/**
 * SSD layers [weiliu89/caffe (ssd) · src/caffe/layers/permute_layer.cpp · LayerSetUp, Reshape;
 * prior_box_layer.cpp · LayerSetUp, Reshape].
 */
import { mulDims, mulN } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

/** `order` lists the new axis order; axes it leaves out follow in their old order. */
export const permute: LayerSpec = {
  types: ['Permute'],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('permute_param');
    const order = p.ints('order', 0);
    const bad = order.find((o, i) => o >= x.length || order.indexOf(o) !== i);
    if (bad !== undefined) {
      ctx.error('invalid-parameter', `order ${order.join(', ')} is not a permutation of the axes of the ${x.length}-D input ${formatShape(x)}`, p.rangeOf('order'));
    }
    if (ctx.failed) return NO_SHAPE;
    const full = [...order, ...x.keys()].filter((o, i, all) => all.indexOf(o) === i);
    return { outputs: [full.map((o) => x[o] ?? null)] };
  },
};

/**
 * (1, 2, H·W·priors·4): boxes and variances for every position of bottom[0]. Priors per position:
 * (1 + the distinct aspect ratios ≠ 1, doubled by `flip`) per min_size, plus one per max_size.
 */
export const priorBox: LayerSpec = {
  types: ['PriorBox'],
  bottoms: [2, 2],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('prior_box_param');
    const minSizes = p.floats('min_size');
    const maxSizes = p.floats('max_size');
    const flip = p.bool('flip', true);
    if (minSizes.length === 0) ctx.error('missing-parameter', 'min_size is required', p.range);
    if (maxSizes.length > 0 && maxSizes.length !== minSizes.length) {
      ctx.error('conflicting-parameters', `give one max_size per min_size (${minSizes.length}), got ${maxSizes.length}`, p.rangeOf('max_size'));
    }
    if (x.length !== 4) ctx.error('wrong-rank', `PriorBox needs a 4-D (N, C, H, W) first bottom, got ${formatShape(x)}`);
    if (ctx.failed) return NO_SHAPE;
    const ratios = [1];
    for (const ar of p.floats('aspect_ratio')) {
      if (ratios.some((r) => Math.abs(r - ar) < 1e-6)) continue;
      ratios.push(ar);
      if (flip) ratios.push(1 / ar);
    }
    const priors = ratios.length * minSizes.length + maxSizes.length;
    return { outputs: [[1, 2, mulN(mulDims(x[2] ?? null, x[3] ?? null), priors * 4)]] };
  },
};
