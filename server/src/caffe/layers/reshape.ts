/**
 * Flatten and Reshape: the element count is kept, axes regrouped; neither may run in place.
 * [BVLC/caffe · src/caffe/layers/flatten_layer.cpp · Reshape; reshape_layer.cpp · LayerSetUp,
 *  Reshape] — SHAPE_SEMANTICS §4.5.
 */
import type { Range, Shape } from '../../analysis/types.js';
import { isKnown, productOf, type Dim } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { ANY_INT } from '../params.js';
import { canonicalAxis } from './axes.js';
import { NO_SHAPE, type LayerContext, type LayerSpec } from './spec.js';

export const flatten: LayerSpec = {
  types: ['Flatten'],
  inPlace: false,
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('flatten_param');
    const start = canonicalAxis(ctx, p, 'axis', 1, x);
    const end = canonicalAxis(ctx, p, 'end_axis', -1, x);
    if (start === null || end === null) return NO_SHAPE;
    return { outputs: [[...x.slice(0, start), productOf(x.slice(start, end + 1)), ...x.slice(end + 1)]] };
  },
};

export const reshape: LayerSpec = {
  types: ['Reshape'],
  inPlace: false,
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('reshape_param');
    const shapeParams = p.message('shape');
    const dims = shapeParams.ints('dim', -1);
    const axis = p.int('axis', 0, ANY_INT);
    const numAxes = p.int('num_axes', -1, -1);
    if (ctx.failed) return NO_SHAPE;
    const at = shapeParams.rangeOf('dim');
    const inferred = dims.filter((d) => d === -1).length;
    if (inferred > 1) {
      ctx.error('reshape-multiple-inferred', `new shape contains ${inferred} dims of -1; at most one can be inferred`, at);
      return NO_SHAPE;
    }
    // A negative axis counts so that −1 means "after the last axis".
    const start = axis < 0 ? x.length + axis + 1 : axis;
    const end = numAxes === -1 ? x.length : start + numAxes;
    if (start < 0 || start > x.length || end > x.length) {
      ctx.error('axis-out-of-range', `axis ${axis} with num_axes ${numAxes} does not fit the ${x.length}-D input ${formatShape(x)}`, p.rangeOf('axis'));
      return NO_SHAPE;
    }
    const middle: Dim[] = [];
    for (const [i, d] of dims.entries()) {
      if (d !== 0) middle.push(d);
      else if (start + i < x.length) middle.push(x[start + i] ?? null);
      else {
        ctx.error('axis-out-of-range', `dim ${i} is 0 (copy), but the input ${formatShape(x)} has no axis ${start + i} to copy`, at);
        return NO_SHAPE;
      }
    }
    const shape = inferDim(ctx, [...x.slice(0, start), ...middle, ...x.slice(end)], x, at);
    return shape ? { outputs: [shape] } : NO_SHAPE;
  },
};

/** Replaces the −1 entry by count / (product of the rest), checking that the counts agree. */
function inferDim(ctx: LayerContext, out: Shape, x: Shape, at: Range): Shape | null {
  const count = productOf(x);
  const hole = out.indexOf(-1);
  const rest = productOf(out.filter((_, i) => i !== hole));
  if (!isKnown(count) || !isKnown(rest)) return out.map((d) => (d === -1 ? null : d));
  if (hole !== -1 && (rest === 0 || count % rest !== 0)) {
    ctx.error('reshape-count-mismatch', `the input ${formatShape(x)} has ${count} elements, which is not divisible by the product ${rest} of the other new dims`, at);
    return null;
  }
  const filled = out.map((d) => (d === -1 ? count / rest : d));
  if (hole === -1 && rest !== count) {
    ctx.error('reshape-count-mismatch', `the new shape ${formatShape(filled)} has ${rest} elements but the input ${formatShape(x)} has ${count}`, at);
    return null;
  }
  return filled;
}
