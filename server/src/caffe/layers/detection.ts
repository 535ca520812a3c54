/**
 * SSD layers [weiliu89/caffe (ssd) · src/caffe/layers/permute_layer.cpp · LayerSetUp, Reshape;
 * prior_box_layer.cpp · LayerSetUp, Reshape; detection_output_layer.cpp].
 */
import type { Shape } from '../../analysis/types.js';
import { dimsConflict, isKnown, mulDims, mulN } from '../../engine/dim.js';
import { legacyDim } from './axes.js';
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

/**
 * DetectionOutput (SSD): bottoms loc (N, priors·loc_classes·4), conf (N, priors·num_classes) and
 * the PriorBox output (1, 2, priors·4); top (1, 1, kept, 7), kept known only after NMS at run time.
 * num_classes is required; loc_classes is 1 with share_location (the default), else num_classes.
 * [weiliu89/caffe (ssd) @0f964fe · src/caffe/layers/detection_output_layer.cpp · LayerSetUp, Reshape]
 */
export const detectionOutput: LayerSpec = {
  types: ['DetectionOutput'],
  // RefineDet and other forks add bottoms; the checks below are SSD's three-bottom ones.
  bottoms: [3, Infinity],
  fork: 'weiliu89/caffe (detection_output_layer.cpp)',
  shape(ctx) {
    const p = ctx.params('detection_output_param');
    if (!p.has('num_classes')) ctx.error('missing-parameter', 'num_classes is required (DetectionOutput CHECKs has_num_classes)', p.range);
    const classes = p.int('num_classes', 0, 0);
    const locClasses = p.bool('share_location', true) ? 1 : classes;
    const nms = p.message('nms_param');
    const threshold = nms.float('nms_threshold', 0.3);
    if (threshold < 0) ctx.error('invalid-parameter', `nms_threshold ${threshold} must be >= 0 (CHECK_GE)`, nms.rangeOf('nms_threshold'));
    const eta = nms.float('eta', 1);
    if (!(eta > 0 && eta <= 1)) ctx.error('invalid-parameter', `eta ${eta} must be in (0, 1] (CHECK_GT 0, CHECK_LE 1)`, nms.rangeOf('eta'));
    const [loc, conf, prior] = ctx.inputs as [Shape, Shape, Shape];
    const tooLong = ctx.inputs.slice(0, 3).find((s) => s.length > 4);
    if (tooLong) ctx.error('wrong-rank', `DetectionOutput reads its bottoms through num/channels/height, which CHECK at most 4 axes: got ${formatShape(tooLong)}`);
    if (ctx.failed) return NO_SHAPE;
    const names = ctx.layer.bottoms;
    if (dimsConflict(legacyDim(loc, 0), legacyDim(conf, 0))) {
      ctx.error('detection-shape-mismatch', `loc ${formatShape(loc)} and conf ${formatShape(conf)} must have the same batch size (CHECK_EQ num)`, names[1]!.range);
    }
    const priorValues = legacyDim(prior, 2);
    if (ctx.inputs.length === 3 && isKnown(priorValues)) {
      const priors = Math.floor(priorValues / 4);
      const check = (i: number, what: string, perPrior: number, formula: string) => {
        const channels = legacyDim(ctx.inputs[i]!, 1);
        if (isKnown(channels) && channels !== priors * perPrior) {
          ctx.error('detection-shape-mismatch', `${what} has ${channels} channels but ${priors} priors × ${formula} = ${priors * perPrior}: "Number of priors must match number of ${what === 'loc' ? 'location' : 'confidence'} predictions"`, names[i]!.range);
        }
      };
      check(0, 'loc', locClasses * 4, `${locClasses} location class${locClasses === 1 ? '' : 'es'} × 4`);
      check(1, 'conf', classes, `num_classes ${classes}`);
    }
    return ctx.failed ? NO_SHAPE : { outputs: [[1, 1, null, 7]] };
  },
};
