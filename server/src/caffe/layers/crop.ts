/**
 * Crop: axes before `axis` keep bottom[0]'s size, the others take bottom[1]'s; the window starts at
 * `offset` (none → 0, one → every cropped axis, else one per cropped axis) and must fit.
 * [BVLC/caffe · src/caffe/layers/crop_layer.cpp · LayerSetUp, Reshape] — SHAPE_SEMANTICS §4.5, §4.9.
 */
import { isKnown } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { canonicalAxis } from './axes.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

export const crop: LayerSpec = {
  types: ['Crop'],
  bottoms: [2, 2],
  shape(ctx) {
    const [x, ref] = ctx.inputs;
    const p = ctx.params('crop_param');
    const axis = canonicalAxis(ctx, p, 'axis', 2, x);
    const offsets = p.ints('offset', 0);
    if (axis === null || ctx.failed) return NO_SHAPE;
    const cropped = x.length - axis;
    if (offsets.length > 1 && offsets.length !== cropped) {
      ctx.error('conflicting-parameters', `give one offset, or one per cropped axis (${cropped}); got ${offsets.length}`, p.rangeOf('offset'));
      return NO_SHAPE;
    }
    if (ref.length !== x.length) {
      ctx.error('crop-out-of-bounds', `the reference bottom ${formatShape(ref)} must have as many axes as the data ${formatShape(x)}`);
      return NO_SHAPE;
    }
    const out = x.map((d, i) => {
      if (i < axis) return d;
      const offset = offsets.length === 0 ? 0 : offsets.length === 1 ? offsets[0]! : offsets[i - axis]!;
      const want = ref[i] ?? null;
      if (isKnown(d) && isKnown(want) && d - offset < want) {
        ctx.error('crop-out-of-bounds', `axis ${i}: cropping ${want} at offset ${offset} needs at least ${want + offset}, but the data has ${d} (data ${formatShape(x)}, reference ${formatShape(ref)})`, p.rangeOf('offset'));
      }
      return want;
    });
    return ctx.failed ? NO_SHAPE : { outputs: [out] };
  },
};
