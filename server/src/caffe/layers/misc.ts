/**
 * ArgMax, Silence, Tile and Reduction.
 * [BVLC/caffe · src/caffe/layers/argmax_layer.cpp, silence_layer.cpp, tile_layer.cpp,
 *  reduction_layer.cpp · LayerSetUp, Reshape]
 */
import { mulN } from '../../engine/dim.js';
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
