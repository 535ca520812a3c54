/**
 * Fork layers that resize H and W. SHAPE_SEMANTICS §4.8:
 * - Interp (DeepLab v2) [gpapan/caffe · src/caffe/layers/interp_layer.cpp]: exactly one of
 *   zoom_factor, shrink_factor, or height+width; pad_beg/pad_end ≤ 0 crop the input first.
 * - Upsample, SegNet unpooling [alexgkendall/caffe-segnet · src/caffe/layers/upsample_layer.cpp]:
 *   two bottoms (data and the pooling mask, same shape); upsample_h/w, else I·scale − pad_out.
 * - Upsample, YOLOv3 ports [eric612/MobileNet-YOLO · src/caffe/layers/upsample_layer.cpp]: one
 *   bottom, H and W times `scale`.
 */
import type { Shape } from '../../analysis/types.js';
import { addN, dimsConflict, floorDivN, mulN, type Dim } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { ANY_INT, type Params } from '../params.js';
import { NO_SHAPE, type LayerContext, type LayerSpec } from './spec.js';

function planes(ctx: LayerContext, type: string): Shape | null {
  const x = ctx.inputs[0]!;
  if (x.length === 4) return x;
  ctx.error('wrong-rank', `${type} needs a 4-D (N, C, H, W) input, got ${formatShape(x)}`);
  return null;
}

export const interp: LayerSpec = {
  types: ['Interp'],
  shape(ctx) {
    const x = planes(ctx, 'Interp');
    const p = ctx.params('interp_param');
    const given = ['zoom_factor', 'shrink_factor', 'height'].filter((f) => p.has(f));
    if (given.length !== 1 || p.has('height') !== p.has('width')) {
      ctx.error('conflicting-parameters', 'Interp needs exactly one of zoom_factor, shrink_factor, or height and width', p.range);
    }
    const padBeg = p.int('pad_beg', 0, ANY_INT);
    const padEnd = p.int('pad_end', 0, ANY_INT);
    if (padBeg > 0 || padEnd > 0) ctx.error('invalid-parameter', `pad_beg (${padBeg}) and pad_end (${padEnd}) must be <= 0 (Interp only crops)`, p.rangeOf(padBeg > 0 ? 'pad_beg' : 'pad_end'));
    const zoom = p.int('zoom_factor', 1, 1);
    const shrink = p.int('shrink_factor', 1, 1);
    const height = p.int('height', 1, 1);
    const width = p.int('width', 1, 1);
    if (!x || ctx.failed) return NO_SHAPE;
    const size = (I: Dim, explicit: number): Dim => {
      const eff = addN(I, padBeg + padEnd);
      if (p.has('zoom_factor')) return addN(mulN(addN(eff, -1), zoom), 1);
      if (p.has('shrink_factor')) return addN(floorDivN(addN(eff, -1), shrink), 1);
      return explicit;
    };
    return { outputs: [[x[0] ?? null, x[1] ?? null, size(x[2] ?? null, height), size(x[3] ?? null, width)]] };
  },
};

function scaled(p: Params, I: Dim, axis: 'h' | 'w', scale: number): Dim {
  if (p.has(`upsample_${axis}`)) return p.int(`upsample_${axis}`, 1, 1);
  return addN(mulN(I, p.int(`scale_${axis}`, scale, 1)), -p.int(`pad_out_${axis}`, 0, 0));
}

export const upsample: LayerSpec = {
  types: ['Upsample'],
  bottoms: [1, 2],
  shape(ctx) {
    const x = planes(ctx, 'Upsample');
    const p = ctx.params('upsample_param');
    const mask: Shape | undefined = ctx.inputs[1];
    if (!x) return NO_SHAPE;
    if (!mask) {
      const s = p.int('scale', 1, 1);
      return ctx.failed ? NO_SHAPE : { outputs: [[x[0] ?? null, x[1] ?? null, mulN(x[2] ?? null, s), mulN(x[3] ?? null, s)]] };
    }
    if (mask.length !== x.length || x.some((d, i) => dimsConflict(d, mask[i] ?? null))) {
      ctx.error('upsample-shape-mismatch', `the data ${formatShape(x)} and the pooling mask ${formatShape(mask)} must have the same shape`);
      return NO_SHAPE;
    }
    const scale = p.int('scale', 2, 1);
    if ((p.has('pad_out_h') || p.has('pad_out_w')) && scale !== 2) {
      ctx.error('conflicting-parameters', `pad_out_h/pad_out_w are only supported with scale 2, got scale ${scale}`, p.rangeOf('scale'));
    }
    const out: Shape = [x[0] ?? null, x[1] ?? null, scaled(p, x[2] ?? null, 'h', scale), scaled(p, x[3] ?? null, 'w', scale)];
    return ctx.failed ? NO_SHAPE : { outputs: [out] };
  },
};
