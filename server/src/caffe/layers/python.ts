/**
 * Python layers: the shapes come from user code Caffe imports at run time, so each top is unknown
 * unless the user gives it (`--input NAME=…`, which blobs.ts applies to any top) or the module is a
 * well-known one whose shape rule is public:
 * - `rpn.proposal_layer` · ProposalLayer [rbgirshick/py-faster-rcnn @54d2576 · lib/rpn/proposal_layer.py
 *   · forward]: rois (R, 5), scores (R, 1), R known only after NMS.
 * - `roi_data_layer.layer` · RoIDataLayer [rbgirshick/py-faster-rcnn @1b12f84 · lib/roi_data_layer/layer.py,
 *   minibatch.py]: with an RPN (3 tops) data (1, 3, H, W), im_info (1, 3), gt_boxes (G, 5); without
 *   (5 or 6 tops) data (N, 3, H, W), rois (R, 5), labels (R), then (R, 4·num_classes) targets and
 *   weights, num_classes read from param_str.
 * - `spatial_dropout` · SpatialDropoutLayer (ENet, by Timo Sämann) [haanjack/caffe @3aede7b ·
 *   python/spatial_dropout.py · reshape]: `top[0].reshape(*bottom[0].data.shape)`; setup raises
 *   unless one bottom and one top.
 */
import type { Shape } from '../../analysis/types.js';
import type { LayerContext, LayerShape, LayerSpec } from './spec.js';

/** `'num_classes': 21` in a YAML param_str; null when absent. */
function numClasses(paramStr: string | null): number | null {
  const m = /['"]?num_classes['"]?\s*:\s*(\d+)/.exec(paramStr ?? '');
  return m ? Number(m[1]) : null;
}

function roiData(ctx: LayerContext, paramStr: string | null): (Shape | null)[] | null {
  const count = ctx.tops.length;
  if (count === 3) return [[1, 3, null, null], [1, 3], [null, 5]];
  if (count !== 5 && count !== 6) return null;
  const k = numClasses(paramStr);
  const targets: Shape = [null, k === null ? null : 4 * k];
  return [[null, 3, null, null], [null, 5], [null], targets, targets, targets].slice(0, count);
}

function spatialDropout(ctx: LayerContext): (Shape | null)[] | null {
  if (ctx.layer.bottoms.length === 1 && ctx.tops.length === 1) return [ctx.inputs[0] ?? null];
  ctx.error(ctx.layer.bottoms.length === 1 ? 'wrong-top-count' : 'wrong-bottom-count', `spatial_dropout.SpatialDropoutLayer takes one bottom and one top (its setup raises), got ${ctx.layer.bottoms.length} and ${ctx.tops.length}`);
  return [];
}

const KNOWN: Readonly<Record<string, (ctx: LayerContext, paramStr: string | null) => (Shape | null)[] | null>> = {
  'rpn.proposal_layer.ProposalLayer': () => [[null, 5], [null, 1]],
  'roi_data_layer.layer.RoIDataLayer': roiData,
  'spatial_dropout.SpatialDropoutLayer': spatialDropout,
};

export const python: LayerSpec = {
  types: ['Python'],
  bottoms: [0, Infinity],
  tops: [0, Infinity],
  shape: (ctx) => pythonShapes(ctx),
  partial: (ctx) => pythonShapes(ctx),
};

function pythonShapes(ctx: LayerContext): LayerShape {
  const p = ctx.params('python_param');
  const module = p.string('module');
  const layer = p.string('layer');
  const known = KNOWN[`${module}.${layer}`]?.(ctx, p.string('param_str'));
  if (known) return { outputs: known };
  const missing = ctx.tops.filter((t) => ctx.supplied.given[t.name] === undefined && ctx.supplied.defaults[t.name] === undefined);
  if (missing.length > 0) {
    const names = missing.map((t) => t.name);
    ctx.inform('python-layer-shape', `Python layer ${module ?? '?'}.${layer ?? '?'}: its code sets the shapes of ${names.map((n) => `'${n}'`).join(', ')} at run time; give them with ${names.map((n) => `--input ${n}=D0,D1,…`).join(' ')} (CLI) or shapelens.prototxt.defaultInputs (editor)`);
  }
  return { outputs: [] };
}
