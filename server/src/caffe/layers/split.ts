/**
 * Slice cuts one axis into pieces (at `slice_point`s, or evenly); Split copies its bottom to every top.
 * [BVLC/caffe · src/caffe/layers/slice_layer.cpp · Reshape; split_layer.cpp · Reshape] —
 * SHAPE_SEMANTICS §4.5.
 */
import { isKnown } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { canonicalAxis } from './axes.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

export const slice: LayerSpec = {
  types: ['Slice'],
  tops: [1, Infinity],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('slice_param');
    // The deprecated unsigned slice_dim wins when given.
    const axis = p.has('slice_dim') ? p.int('slice_dim', 1, 0) : canonicalAxis(ctx, p, 'axis', 1, x);
    const points = p.ints('slice_point', 1);
    if (axis === null || ctx.failed) return NO_SHAPE;
    const n = ctx.tops.length;
    const total = x[axis];
    if (total === undefined) {
      ctx.error('axis-out-of-range', `slice_dim ${axis} is out of range for the ${x.length}-D input ${formatShape(x)}`, p.rangeOf('slice_dim'));
      return NO_SHAPE;
    }
    const withSize = (size: typeof total) => x.map((d, k) => (k === axis ? size : d));
    if (points.length === 0) {
      if (!isKnown(total)) return { outputs: ctx.tops.map(() => withSize(null)) };
      if (total % n !== 0) {
        ctx.error('slice-mismatch', `${n} tops do not evenly divide the size ${total} of axis ${axis}`);
        return NO_SHAPE;
      }
      return { outputs: ctx.tops.map(() => withSize(total / n)) };
    }
    const at = p.rangeOf('slice_point');
    if (points.length !== n - 1) {
      ctx.error('slice-mismatch', `${points.length} slice_point values need ${points.length + 1} tops, got ${n}`, at);
      return NO_SHAPE;
    }
    const bounds = [0, ...points, ...(isKnown(total) ? [total] : [])];
    for (let i = 1; i < bounds.length; i++) {
      if (bounds[i]! <= bounds[i - 1]!) {
        ctx.error('slice-mismatch', `slice points must increase and stay inside axis ${axis} (size ${String(total)}): ${bounds.slice(1).join(', ')}`, at);
        return NO_SHAPE;
      }
    }
    return { outputs: ctx.tops.map((_, i) => withSize(i + 1 < bounds.length ? bounds[i + 1]! - bounds[i]! : null)) };
  },
};

export const split: LayerSpec = {
  types: ['Split'],
  tops: [1, Infinity],
  inPlace: false,
  shape: (ctx) => ({ outputs: ctx.tops.map(() => ctx.inputs[0]!) }),
};
