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
import { legacyDim } from './axes.js';
import { NO_SHAPE, type LayerContext, type LayerSpec } from './spec.js';

/** What both layers read: the two parameters they CHECK are > 0, and the bottoms. */
interface Regions {
  readonly x: Shape;
  readonly rois: Shape;
  /** The two CHECKed parameters, in the order asked. */
  readonly values: readonly [number, number];
}

/**
 * The checks both layers share: `fields` of `param` each > 0 (CHECK_GT; a bad value is reported by
 * the read), at most 4 axes, 5 values per ROI. Null when one fails.
 */
function regions(ctx: LayerContext, type: string, param: string, fields: readonly [string, string]): Regions | null {
  const p = ctx.params(param);
  const positive = (field: string): number => {
    if (p.has(field)) return p.int(field, 0, 1);
    ctx.error('missing-parameter', `${field} is not given: ${type} CHECKs it is > 0`, p.range);
    return 0;
  };
  const values: [number, number] = [positive(fields[0]), positive(fields[1])];
  p.float('spatial_scale', 1);
  const [x, rois] = ctx.inputs as [Shape, Shape];
  const tooLong = [x, rois].find((s) => s.length > 4);
  if (tooLong) ctx.error('wrong-rank', `${type} reads its bottoms through num/channels/height/width, which CHECK at most 4 axes: got ${formatShape(tooLong)}`);
  else if (dimsConflict(productOf([1, 2, 3].map((i) => legacyDim(rois, i))), 5)) {
    ctx.error('roi-shape-mismatch', `the ROIs ${formatShape(rois)} must hold 5 values per ROI (batch index, x1, y1, x2, y2): ${type} CHECKs channels·height·width == 5`, ctx.layer.bottoms[1]!.range);
  }
  return ctx.failed ? null : { x, rois, values };
}

export const roiPooling: LayerSpec = {
  types: ['ROIPooling'],
  bottoms: [2, 2],
  fork: 'rbgirshick/caffe-fast-rcnn (roi_pooling_layer.cpp)',
  shape(ctx) {
    const r = regions(ctx, 'ROIPooling', 'roi_pooling_param', ['pooled_h', 'pooled_w']);
    return r ? { outputs: [[legacyDim(r.rois, 0), legacyDim(r.x, 1), ...r.values]] } : NO_SHAPE;
  },
};

export const psroiPooling: LayerSpec = {
  types: ['PSROIPooling'],
  bottoms: [2, 2],
  fork: 'daijifeng001/caffe-rfcn (psroi_pooling_layer.cpp)',
  shape(ctx) {
    const r = regions(ctx, 'PSROIPooling', 'psroi_pooling_param', ['output_dim', 'group_size']);
    if (!r) return NO_SHAPE;
    const [dim, group] = r.values;
    const channels = legacyDim(r.x, 1);
    if (isKnown(channels) && channels !== dim * group * group) {
      ctx.error('channel-mismatch', `the input has ${channels} channels but output_dim ${dim} × group_size² ${group * group} = ${dim * group * group}: PSROIPooling CHECK_EQs them`, ctx.layer.bottoms[0]!.range);
      return NO_SHAPE;
    }
    return { outputs: [[legacyDim(r.rois, 0), dim, group, group]] };
  },
};
