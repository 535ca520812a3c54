/**
 * Layers that join bottoms. Eltwise never broadcasts: every bottom must have bottom[0]'s exact
 * shape. Concat: same rank, same sizes except along the axis, which adds up.
 * [BVLC/caffe · src/caffe/layers/eltwise_layer.cpp, concat_layer.cpp · LayerSetUp, Reshape] —
 * SHAPE_SEMANTICS §4.5.
 */
import { addDims, type Dim } from '../../engine/dim.js';
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

