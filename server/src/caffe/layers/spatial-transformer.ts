/**
 * SpatialTransformer (Jaderberg et al.'s spatial transformer networks): bottoms U (N, C, H, W) and
 * theta, the affine parameters not fixed in st_param; top (N, C, output_H or H, output_W or W).
 * [daerduoCarey/SpatialTransformerLayer @cf2a461 · src/caffe/layers/st_layer.cpp · LayerSetUp,
 *  Reshape; caffe.proto · SpatialTransformerParameter]
 */
import { isKnown, productOf } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

const THETA = ['theta_1_1', 'theta_1_2', 'theta_1_3', 'theta_2_1', 'theta_2_2', 'theta_2_3'];

export const spatialTransformer: LayerSpec = {
  types: ['SpatialTransformer'],
  bottoms: [2, 2],
  tops: [1, 1],
  fork: 'daerduoCarey/SpatialTransformerLayer (st_layer.cpp)',
  shape(ctx) {
    const [u, theta] = [ctx.inputs[0]!, ctx.inputs[1]!];
    const p = ctx.params('st_param');
    for (const [field, only] of [['transform_type', 'affine'], ['sampler_type', 'bilinear']] as const) {
      const given = p.string(field);
      if (given !== null && given !== only) ctx.error('invalid-parameter', `${field} "${given}": only "${only}" is implemented (LayerSetUp CHECK)`, p.rangeOf(field));
    }
    if (u.length !== 4) ctx.error('wrong-rank', `SpatialTransformer needs a 4-D (N, C, H, W) input, got ${formatShape(u)}`);
    const fixed = THETA.filter((f) => p.has(f)).length;
    const learned = productOf(theta.slice(1));
    const thetaName = `theta '${ctx.layer.bottoms[1]!.name}' ${formatShape(theta)}`;
    if (isKnown(learned) && learned + fixed !== 6) {
      ctx.error('bottom-shape-mismatch', `${thetaName} gives ${learned} values per item and st_param fixes ${fixed}: together they must be the 6 of an affine transform (LayerSetUp CHECK)`, ctx.layer.bottoms[1]!.range);
    }
    if (isKnown(theta[0]) && isKnown(u[0]) && theta[0] !== u[0]) {
      ctx.error('bottom-shape-mismatch', `${thetaName} must have the batch ${String(u[0])} of the input ${formatShape(u)} (LayerSetUp CHECK)`, ctx.layer.bottoms[1]!.range);
    }
    const height = p.has('output_H') ? p.int('output_H', 1, 1) : (u[2] ?? null);
    const width = p.has('output_W') ? p.int('output_W', 1, 1) : (u[3] ?? null);
    return ctx.failed ? NO_SHAPE : { outputs: [[u[0] ?? null, u[1] ?? null, height, width]] };
  },
};
