/**
 * Pooling over regions of interest: bottom[0] the feature map, bottom[1] the ROIs (R, 5) as
 * (batch index, x1, y1, x2, y2); one pooled map per ROI. Both read the blobs through the legacy
 * num/channels/height/width accessors (at most 4 axes, 1 past the last).
 * - ROIPooling [rbgirshick/caffe-fast-rcnn @4c85442 · src/caffe/layers/roi_pooling_layer.cpp ·
 *   LayerSetUp, Reshape]: CHECK_GT pooled_h, pooled_w > 0 (both default 0), the ROIs' C·H·W == 5;
 *   top (R, C, pooled_h, pooled_w).
 * - PSROIPooling, R-FCN [daijifeng001/caffe-rfcn @8f031c1 · src/caffe/layers/psroi_pooling_layer.cpp
 *   · LayerSetUp, Reshape]: CHECK_GT output_dim, group_size > 0, channels == output_dim·group_size²;
 *   top (R, output_dim, group_size, group_size).
 */
import type { Shape } from '../../analysis/types.js';
import { dimsConflict, isKnown, productOf } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import type { Params } from '../params.js';
import { legacyDim } from './axes.js';
import { NO_SHAPE, type LayerContext, type LayerSpec } from './spec.js';

/** A field the layer CHECKs is > 0 (a bad value is reported by the read). */
function positive(ctx: LayerContext, p: Params, field: string, type: string): number {
  if (p.has(field)) return p.int(field, 0, 1);
  ctx.error('missing-parameter', `${field} is not given: ${type} CHECKs it is > 0`, p.range);
  return 0;
}

/** The checks both layers share; null when one fails. */
function regions(ctx: LayerContext, type: string): { x: Shape; rois: Shape } | null {
  const [x, rois] = ctx.inputs as [Shape, Shape];
  const tooLong = [x, rois].find((s) => s.length > 4);
  if (tooLong) ctx.error('wrong-rank', `${type} reads its bottoms through num/channels/height/width, which CHECK at most 4 axes: got ${formatShape(tooLong)}`);
  else if (dimsConflict(productOf([1, 2, 3].map((i) => legacyDim(rois, i))), 5)) {
    ctx.error('roi-shape-mismatch', `the ROIs ${formatShape(rois)} must hold 5 values per ROI (batch index, x1, y1, x2, y2): ${type} CHECKs channels·height·width == 5`, ctx.layer.bottoms[1]!.range);
  }
  return ctx.failed ? null : { x, rois };
}

export const roiPooling: LayerSpec = {
  types: ['ROIPooling'],
  bottoms: [2, 2],
  fork: 'rbgirshick/caffe-fast-rcnn (roi_pooling_layer.cpp)',
  shape(ctx) {
    const p = ctx.params('roi_pooling_param');
    const h = positive(ctx, p, 'pooled_h', 'ROIPooling');
    const w = positive(ctx, p, 'pooled_w', 'ROIPooling');
    p.float('spatial_scale', 1);
    const r = regions(ctx, 'ROIPooling');
    return r ? { outputs: [[legacyDim(r.rois, 0), legacyDim(r.x, 1), h, w]] } : NO_SHAPE;
  },
};

export const psroiPooling: LayerSpec = {
  types: ['PSROIPooling'],
  bottoms: [2, 2],
  fork: 'daijifeng001/caffe-rfcn (psroi_pooling_layer.cpp)',
  shape(ctx) {
    const p = ctx.params('psroi_pooling_param');
    const dim = positive(ctx, p, 'output_dim', 'PSROIPooling');
    const group = positive(ctx, p, 'group_size', 'PSROIPooling');
    p.float('spatial_scale', 1);
    const r = regions(ctx, 'PSROIPooling');
    if (!r) return NO_SHAPE;
    const channels = legacyDim(r.x, 1);
    if (isKnown(channels) && channels !== dim * group * group) {
      ctx.error('channel-mismatch', `the input has ${channels} channels but output_dim ${dim} × group_size² ${group * group} = ${dim * group * group}: PSROIPooling CHECK_EQs them`, ctx.layer.bottoms[0]!.range);
      return NO_SHAPE;
    }
    return { outputs: [[legacyDim(r.rois, 0), dim, group, group]] };
  },
};
