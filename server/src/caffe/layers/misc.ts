/**
 * ArgMax, Silence, Tile and Reduction; the fork types ShuffleChannel and Reorg.
 * [BVLC/caffe · src/caffe/layers/argmax_layer.cpp, silence_layer.cpp, tile_layer.cpp,
 *  reduction_layer.cpp · LayerSetUp, Reshape]
 */
import type { Shape } from '../../analysis/types.js';
import { floorDivN, isKnown, mulN, type Dim } from '../../engine/dim.js';
import { formatShape } from '../diagnostic.js';
import { canonicalAxis } from './axes.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

/** With `axis`: that axis becomes top_k; without: (N, 1 or 2 with out_max_val, top_k, 1, …). */
export const argMax: LayerSpec = {
  types: ['ArgMax'],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('argmax_param');
    const topK = p.int('top_k', 1, 1);
    if (p.has('axis')) {
      const axis = canonicalAxis(ctx, p, 'axis', 0, x);
      return axis === null || ctx.failed ? NO_SHAPE : { outputs: [x.map((d, i) => (i === axis ? topK : d))] };
    }
    if (x.length < 3) {
      ctx.error('wrong-rank', `ArgMax without axis needs at least 3 axes, got ${formatShape(x)}`);
      return NO_SHAPE;
    }
    const outMaxVal = p.bool('out_max_val', false);
    return ctx.failed ? NO_SHAPE : { outputs: [x.map((d, i) => (i === 0 ? d : i === 1 ? (outMaxVal ? 2 : 1) : i === 2 ? topK : 1))] };
  },
};

export const silence: LayerSpec = {
  types: ['Silence'],
  bottoms: [1, Infinity],
  tops: [0, 0],
  shape: () => ({ outputs: [] }),
};

export const tile: LayerSpec = {
  types: ['Tile'],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('tile_param');
    const axis = canonicalAxis(ctx, p, 'axis', 1, x);
    const tiles = p.int('tiles', null, 1);
    return axis === null || ctx.failed ? NO_SHAPE : { outputs: [x.map((d, i) => (i === axis ? mulN(d, tiles) : d))] };
  },
};

/** Reduces every axis from `axis` on: top = bottom[:axis]. */
export const reduction: LayerSpec = {
  types: ['Reduction'],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const axis = canonicalAxis(ctx, ctx.params('reduction_param'), 'axis', 0, x);
    return axis === null ? NO_SHAPE : { outputs: [x.slice(0, axis)] };
  },
};

/**
 * ShuffleChannel (ShuffleNet): same shape. group must be > 0 (CHECK_GT in LayerSetUp); a group
 * that does not divide the channels is not checked at set-up (the CPU Forward CHECKs it, the GPU one
 * does not), so it is only noted.
 * [farmingyard/ShuffleNet @0dbecdc · shuffle_channel_layer.cpp · LayerSetUp, Forward_cpu]
 */
export const shuffleChannel: LayerSpec = {
  types: ['ShuffleChannel'],
  fork: 'farmingyard/ShuffleNet (shuffle_channel_layer.cpp)',
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('shuffle_channel_param');
    const group = p.int('group', 1, 0);
    if (group === 0) ctx.error('invalid-parameter', 'group 0 must be > 0 (ShuffleChannel CHECK_GT(group, 0))', p.rangeOf('group'));
    const channels = x[1] ?? null;
    if (isKnown(channels) && group > 0 && channels % group !== 0) {
      ctx.inform('group-mismatch', `group ${group} does not divide the ${channels} channels: the CPU forward pass CHECKs it ("Wrong group size"), the GPU one shuffles a truncated grid`, p.rangeOf('group'));
    }
    return ctx.failed ? NO_SHAPE : { outputs: [x] };
  },
};

/**
 * Reorg (YOLOv2 ports, space-to-depth): (N, C·s², H/s, W/s), or with `reverse` (N, C/s², H·s, W·s),
 * C++ integer division. The ports differ in what they CHECK (stride given, sizes divisible) and some
 * add a `flatten` mode, so only the shared rule gives shapes: anything else is a note, never an error.
 * [e.g. gklz1982/caffe-yolov2 · src/caffe/layers/reorg_layer.cpp · LayerSetUp, Reshape; the
 *  MobileNet-YOLO and Cambricon copies]
 */
export const reorg: LayerSpec = {
  types: ['Reorg'],
  fork: 'YOLOv2 Caffe ports (reorg_layer.cpp)',
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const p = ctx.params('reorg_param');
    const flatten = p.has('flatten') || p.has('is_flatten');
    if (!p.has('stride') || flatten || x.length !== 4) {
      ctx.inform('fork-specific', `Reorg ${flatten ? 'with flatten' : !p.has('stride') ? 'without stride' : `on ${formatShape(x)}`} differs between the YOLO ports: its shape is left unknown`, p.range);
      return NO_SHAPE;
    }
    const s = p.int('stride', 1, 1);
    const [n, c, h, w] = x as [Dim, Dim, Dim, Dim];
    const out: Shape = p.bool('reverse', false) ? [n, floorDivN(c, s * s), mulN(h, s), mulN(w, s)] : [n, mulN(c, s * s), floorDivN(h, s), floorDivN(w, s)];
    return ctx.failed ? NO_SHAPE : { outputs: [out] };
  },
};
