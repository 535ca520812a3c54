/**
 * Layers that join bottoms. Eltwise never broadcasts: every bottom must have bottom[0]'s exact
 * shape. Concat: same rank, same sizes except along the axis, which adds up.
 * [BVLC/caffe · src/caffe/layers/eltwise_layer.cpp, concat_layer.cpp · LayerSetUp, Reshape] —
 * SHAPE_SEMANTICS §4.5.
 */
import type { Shape } from '../../analysis/types.js';
import { addDims, dimsConflict, type Dim } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { canonicalAxis, shapeConflict } from './axes.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

export const eltwise: LayerSpec = {
  types: ['Eltwise'],
  bottoms: [2, Infinity],
  shape(ctx) {
    const p = ctx.params('eltwise_param');
    const op = p.choice('operation', ['PROD', 'SUM', 'MAX'], 'SUM');
    const coeffs = p.floats('coeff');
    if (coeffs.length > 0 && coeffs.length !== ctx.inputs.length) {
      ctx.error('conflicting-parameters', `Eltwise takes one coeff per bottom: ${ctx.inputs.length} bottoms, ${coeffs.length} coeff values`, p.rangeOf('coeff'));
    }
    if (coeffs.length > 0 && op !== 'SUM') ctx.error('conflicting-parameters', 'coeff is only supported for the SUM operation', p.rangeOf('coeff'));
    const [first] = ctx.inputs;
    ctx.inputs.forEach((x, i) => {
      if (i > 0 && shapeConflict(first, x) !== null) {
        const names = ctx.layer.bottoms;
        ctx.error(
          'eltwise-shape-mismatch',
          `Eltwise needs identical shapes: '${names[0]!.name}' is ${formatShape(first)} but '${names[i]!.name}' is ${formatShape(x)}`,
          names[i]!.range,
        );
      }
    });
    return ctx.failed ? NO_SHAPE : { outputs: [first] };
  },
};

export const concat: LayerSpec = {
  types: ['Concat'],
  bottoms: [1, Infinity],
  shape(ctx) {
    const [first] = ctx.inputs;
    const p = ctx.params('concat_param');
    // The deprecated unsigned concat_dim wins when given (concat_layer.cpp · Reshape).
    const axis = p.has('concat_dim') ? p.int('concat_dim', 1, 0) : canonicalAxis(ctx, p, 'axis', 1, first);
    if (axis === null || ctx.failed) return NO_SHAPE;
    if (axis >= first.length) {
      ctx.error('axis-out-of-range', `concat_dim ${axis} is out of range for the ${first.length}-D input ${formatShape(first)}`, p.rangeOf('concat_dim'));
      return NO_SHAPE;
    }
    let total: Dim = 0;
    ctx.inputs.forEach((x, i) => {
      const at = shapeConflict(first, x, axis);
      if (at !== null) {
        const names = ctx.layer.bottoms;
        const why = at === -1 ? `${x.length} axes instead of ${first.length}` : `size ${String(x[at])} on axis ${at} instead of ${String(first[at])}`;
        ctx.error(
          'concat-shape-mismatch',
          `Concat along axis ${axis} needs equal sizes on the other axes: '${names[i]!.name}' ${formatShape(x)} has ${why} ('${names[0]!.name}' is ${formatShape(first)})`,
          names[i]!.range,
        );
      }
      total = addDims(total, x[axis] ?? null);
    });
    if (ctx.failed) return NO_SHAPE;
    return { outputs: [first.map((d, k) => (k === axis ? total : d))] };
  },
};


/**
 * Axpy (SENet): top = a·X + Y with a (N, C) or (N, C, 1, 1) scaling X per channel; the top is
 * shaped like X, which must be Y's shape exactly.
 * [hujie-frank/SENet @577864e · src/caffe/layers/axpy_layer.cpp · Reshape]
 */
export const axpy: LayerSpec = {
  types: ['Axpy'],
  bottoms: [3, 3],
  fork: 'hujie-frank/SENet (axpy_layer.cpp)',
  shape(ctx) {
    const [a, x, y] = ctx.inputs as [Shape, Shape, Shape];
    const names = ctx.layer.bottoms.map((b, i) => `'${b.name}' ${formatShape(ctx.inputs[i]!)}`);
    if (a.length < 2 || x.length < 2 || [0, 1].some((i) => dimsConflict(a[i] ?? null, x[i] ?? null))) {
      ctx.error('axpy-shape-mismatch', `the scale ${names[0]} must have the (N, C) of X ${names[1]} (Axpy CHECK_EQs shape(0) and shape(1))`, ctx.layer.bottoms[0]!.range);
    }
    if (a.length === 4 && (dimsConflict(a[2] ?? null, 1) || dimsConflict(a[3] ?? null, 1))) {
      ctx.error('axpy-shape-mismatch', `the 4-D scale ${names[0]} must be (N, C, 1, 1)`, ctx.layer.bottoms[0]!.range);
    }
    if (shapeConflict(x, y) !== null) {
      ctx.error('axpy-shape-mismatch', `X ${names[1]} and Y ${names[2]} must have the same shape (Axpy CHECKs it)`, ctx.layer.bottoms[2]!.range);
    }
    return ctx.failed ? NO_SHAPE : { outputs: [x] };
  },
};
