/**
 * Fork layers that resize H and W. SHAPE_SEMANTICS §4.8:
 * - Interp, PSPNet [hszhao/PSPNet · src/caffe/layers/interp_layer.cpp · Reshape, as copied in
 *   Cambricon/caffe]: shrink_factor alone, zoom_factor alone, else height and width, else shrink
 *   then zoom; pad_beg/pad_end ≤ 0 crop the input first. DeepLab v2's [gpapan/caffe @f78ad20 ·
 *   interp_layer.cpp · LayerSetUp] CHECKs exactly one of the three: where only that differs, a
 *   warning. Forks with a second bottom take its H and W.
 * - Upsample, SegNet unpooling [alexgkendall/caffe-segnet · src/caffe/layers/upsample_layer.cpp]:
 *   two bottoms (data and the pooling mask, same shape); upsample_h/w, else I·scale − pad_out.
 * - Upsample, YOLOv3 ports [eric612/MobileNet-YOLO · src/caffe/layers/upsample_layer.cpp]: one
 *   bottom, H and W times `scale`.
 */
import type { Shape } from '../../analysis/types.js';
import { addN, dimsConflict, floorDivN, isKnown, mulN, type Dim } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { ANY_INT, type Params } from '../params.js';
import { NO_SHAPE, type LayerContext, type LayerSpec } from './spec.js';

function planes(ctx: LayerContext, type: string): Shape | null {
  const x = ctx.inputs[0]!;
  if (x.length === 4) return x;
  ctx.error('wrong-rank', `${type} needs a 4-D (N, C, H, W) input, got ${formatShape(x)}`);
  return null;
}

/** Interp's output size per axis from the factors, PSPNet's order (InterpLayer::Reshape). */
interface InterpFactors {
  /** Null when not given. */
  readonly zoom: number | null;
  readonly shrink: number | null;
  readonly sized: boolean;
}

function interpSize(f: InterpFactors, I: Dim, pads: number, explicit: number): Dim {
  const eff = addN(I, pads);
  const zoom = (d: Dim, z: number) => addN(mulN(addN(d, -1), z), 1);
  const shrink = (d: Dim, s: number) => addN(floorDivN(addN(d, -1), s), 1);
  if (f.shrink !== null && f.zoom === null) return shrink(eff, f.shrink);
  if (f.zoom !== null && f.shrink === null) return zoom(eff, f.zoom);
  // The third branch: height and width (none of the three was reported already).
  if (f.sized || f.zoom === null || f.shrink === null) return explicit;
  return zoom(shrink(eff, f.shrink), f.zoom);
}

export const interp: LayerSpec = {
  types: ['Interp'],
  bottoms: [1, 2],
  fork: 'hszhao/PSPNet, gpapan/caffe (interp_layer.cpp)',
  shape(ctx) {
    const x = planes(ctx, 'Interp');
    const p = ctx.params('interp_param');
    const sized = p.has('height') && p.has('width');
    const specs = [p.has('zoom_factor'), p.has('shrink_factor'), sized].filter(Boolean).length;
    const reference: Shape | undefined = ctx.inputs[1];
    if (reference && (specs > 0 || p.has('height') || p.has('width'))) {
      ctx.error('conflicting-parameters', 'Interp with a second bottom takes its size from it: no zoom_factor, shrink_factor, height or width (the forks with two bottoms CHECK it; the others take one bottom)', p.range);
    } else if (!reference && specs === 0) {
      ctx.error('missing-parameter', 'Interp needs zoom_factor, shrink_factor, or height and width (InterpLayer::Reshape LOG(FATAL)s otherwise)', p.range);
    } else if (specs > 1) {
      ctx.warn('fork-specific', 'DeepLab\'s Interp (gpapan/caffe) CHECKs exactly one of zoom_factor, shrink_factor, or height and width; PSPNet\'s runs it (shrink then zoom; a single factor wins over height and width)', p.range);
    }
    const padBeg = p.int('pad_beg', 0, ANY_INT);
    const padEnd = p.int('pad_end', 0, ANY_INT);
    if (padBeg > 0 || padEnd > 0) ctx.error('invalid-parameter', `pad_beg (${padBeg}) and pad_end (${padEnd}) must be <= 0 (Interp only crops)`, p.rangeOf(padBeg > 0 ? 'pad_beg' : 'pad_end'));
    const height = p.int('height', 1, 1);
    const width = p.int('width', 1, 1);
    const f: InterpFactors = {
      zoom: p.has('zoom_factor') ? p.int('zoom_factor', 1, 1) : null,
      shrink: p.has('shrink_factor') ? p.int('shrink_factor', 1, 1) : null,
      sized,
    };
    if (!x || ctx.failed) return NO_SHAPE;
    if (reference) return { outputs: [[x[0] ?? null, x[1] ?? null, reference[2] ?? null, reference[3] ?? null]] };
    const pads = padBeg + padEnd;
    const sizes = [x[2] ?? null, x[3] ?? null].map((I, i) => [addN(I, pads), interpSize(f, I, pads, i === 0 ? height : width)] as const);
    // CHECK_GT(height_in_eff_, 0), CHECK_GT(height_out_, 0) and the same for the width.
    const bad = sizes.find(([eff, out]) => (isKnown(eff) && eff <= 0) || (isKnown(out) && out <= 0));
    if (bad) {
      ctx.error('non-positive-output', `Interp on ${formatShape(x)} with pad_beg ${padBeg}, pad_end ${padEnd}: the cropped input ${String(bad[0])} or the output ${String(bad[1])} is not positive (InterpLayer::Reshape CHECK_GTs both)`);
      return NO_SHAPE;
    }
    return { outputs: [[x[0] ?? null, x[1] ?? null, sizes[0]![1], sizes[1]![1]]] };
  },
};

/**
 * SegNet's Upsample output per axis: upsample_h/upsample_w when both are given (each > 1), else
 * I·scale − pad_out, scale from scale_h/scale_w or `scale` (each > 1), pad_out a bool only allowed
 * with scale 2 (UpsampleLayer::LayerSetUp, Reshape).
 */
function segnetSize(ctx: LayerContext, p: Params, I: Dim, axis: 'h' | 'w', scale: number): Dim {
  if (p.has('upsample_h') && p.has('upsample_w')) return p.int(`upsample_${axis}`, 2, 2);
  const padOut = p.bool(`pad_out_${axis}`, false);
  if (padOut && scale !== 2) ctx.error('conflicting-parameters', `pad_out_${axis} needs scale 2, got ${scale} (CHECK(!pad_out_${axis} || scale_${axis} == 2))`, p.rangeOf(`pad_out_${axis}`));
  return addN(mulN(I, scale), padOut ? -1 : 0);
}

export const upsample: LayerSpec = {
  types: ['Upsample'],
  bottoms: [1, 2],
  fork: 'alexgkendall/caffe-segnet (two bottoms), eric612/MobileNet-YOLO (one) (upsample_layer.cpp)',
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
    const exact = p.has('upsample_h') && p.has('upsample_w');
    const scales = !p.has('scale') && p.has('scale_h') && p.has('scale_w');
    if (!exact && !scales && (p.has('scale_h') || p.has('scale_w'))) {
      ctx.error('conflicting-parameters', 'give upsample_h and upsample_w, or scale, or scale_h and scale_w without scale (UpsampleLayer CHECKs it)', p.range);
    }
    const scale = exact ? 2 : p.int('scale', 2, 2);
    const scaleOf = (axis: 'h' | 'w') => (scales ? p.int(`scale_${axis}`, 2, 2) : scale);
    const out: Shape = [x[0] ?? null, x[1] ?? null, segnetSize(ctx, p, x[2] ?? null, 'h', scaleOf('h')), segnetSize(ctx, p, x[3] ?? null, 'w', scaleOf('w'))];
    return ctx.failed ? NO_SHAPE : { outputs: [out] };
  },
};
