/**
 * InnerProduct: K = ∏ shape[axis:], output shape[:axis] + [num_output] (2-D for the default axis).
 * [BVLC/caffe · src/caffe/layers/inner_product_layer.cpp · LayerSetUp, Reshape] — SHAPE_SEMANTICS §4.5.
 */
import { denseCost } from '../../engine/cost.js';
import { productOf } from '../../engine/dim.js';
import { ANY_INT } from '../params.js';
import { canonicalAxis } from './axes.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

export const innerProduct: LayerSpec = {
  types: ['InnerProduct'],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('inner_product_param');
    const numOutput = p.int('num_output', null, 1);
    const bias = p.bool('bias_term', true);
    const axis = canonicalAxis(ctx, p, 'axis', 1, x);
    if (axis === null || ctx.failed) return NO_SHAPE;
    return {
      outputs: [[...x.slice(0, axis), numOutput]],
      cost: denseCost(productOf(x.slice(axis)), numOutput, x.slice(1, axis), bias),
    };
  },
  // After a bottom of unknown rank: (?, …, num_output) for a non-negative axis.
  partial(ctx) {
    const p = ctx.params('inner_product_param');
    const numOutput = p.int('num_output', null, 1);
    const axis = p.int('axis', 1, ANY_INT);
    return axis < 0 || ctx.failed ? NO_SHAPE : { outputs: [[...new Array<null>(axis).fill(null), numOutput]] };
  },
};
