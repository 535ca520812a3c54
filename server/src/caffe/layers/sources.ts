/**
 * Layers that start the net. Their shapes come from (in order) the user's `--input NAME=…`, the
 * prototxt's own parameters, or nowhere — then an `input-shape-unknown` note says how to give them.
 * [BVLC/caffe · src/caffe/layers/input_layer.cpp, dummy_data_layer.cpp, data_layer.cpp,
 *  image_data_layer.cpp, window_data_layer.cpp, memory_data_layer.cpp, hdf5_data_layer.cpp;
 *  src/caffe/data_transformer.cpp · InferBlobShape] — SHAPE_SEMANTICS §4.6.
 */
import type { Range, Shape } from '../../analysis/types.js';
import { isKnown } from '../../engine/dim.js';
import { checkInt } from '../../engine/outcome.js';
import { formatShape } from '../diagnostic.js';
import type { Params } from '../params.js';
import type { LayerContext, LayerShape, LayerSpec } from './spec.js';

/**
 * For every top: the shape given with --input, else the stated one, else (when not stated in full)
 * the editor's default; a shape still unknown in part is noted.
 */
export function sourceShapes(ctx: LayerContext, stated: readonly (Shape | null)[]): LayerShape {
  const outputs = ctx.tops.map((top, i) => {
    const given = ctx.supplied.given[top.name];
    if (given) return checked(ctx, `--input ${top.name}`, given, top.range);
    const shape = stated[i] ?? null;
    if (shape === null || !shape.every(isKnown)) {
      const fallback = ctx.supplied.defaults[top.name];
      if (fallback) return checked(ctx, `default input ${top.name}`, fallback, top.range);
      const known = shape === null ? '' : ` beyond ${formatShape(shape)}`;
      ctx.inform('input-shape-unknown', `The shape of '${top.name}' is not stated in the prototxt${known}; give it with --input ${top.name}=D0,D1,… (CLI) or "shapelens.prototxt.defaultInputs": {"${top.name}": [D0, D1, …]} (editor)`, top.range);
    }
    return shape;
  });
  return { outputs };
}

/** A user's shape, its sizes checked (a bad one is an error at the top). */
function checked(ctx: LayerContext, what: string, shape: readonly number[], range: Range): readonly number[] {
  const bad = shape.map((d) => checkInt(`${what} size`, d, 1)).find((m) => m !== null);
  if (bad) ctx.error('invalid-parameter', bad, range);
  return shape;
}

/** `shape { dim: … }` given once (for every top), once per top, or not at all. */
function shapesPerTop(ctx: LayerContext, shapes: readonly Params[]): (Shape | null)[] {
  if (shapes.length > 1 && shapes.length !== ctx.tops.length) {
    ctx.error('conflicting-parameters', `shape must be given once, once per top (${ctx.tops.length}), or not at all; got ${shapes.length}`, shapes[0]!.range);
  }
  return ctx.tops.map((_, i) => {
    const s = shapes.length === 1 ? shapes[0] : shapes[i];
    return s ? s.ints('dim', 1) : null;
  });
}

export const input: LayerSpec = {
  types: ['Input'],
  bottoms: [0, 0],
  tops: [1, Infinity],
  shape: (ctx) => sourceShapes(ctx, shapesPerTop(ctx, ctx.params('input_param').messages('shape'))),
};

const LEGACY_DUMMY_FIELDS = ['num', 'channels', 'height', 'width'];

export const dummyData: LayerSpec = {
  types: ['DummyData'],
  bottoms: [0, 0],
  tops: [1, Infinity],
  shape(ctx) {
    const p = ctx.params('dummy_data_param');
    const shapes = p.messages('shape');
    const legacy = LEGACY_DUMMY_FIELDS.map((f) => p.ints(f, 1));
    if (legacy.some((v) => v.length > 0)) {
      if (shapes.length > 0) ctx.error('conflicting-parameters', 'give either shape or num/channels/height/width, not both', p.range);
      const pick = (values: number[], i: number): number | null => (values.length === 1 ? values[0]! : values[i] ?? null);
      return sourceShapes(ctx, ctx.tops.map((_, i) => legacy.map((values) => pick(values, i))));
    }
    return sourceShapes(ctx, shapesPerTop(ctx, shapes));
  },
};

/** Data-layer images: (batch, channels, height, width), cropped by transform_param.crop_size when set. */
function images(ctx: LayerContext, batch: number, channels: number | null, height: number | null, width: number | null): LayerShape {
  const crop = ctx.params('transform_param').int('crop_size', 0, 0);
  const size = (d: number | null): number | null => (crop > 0 ? crop : d);
  return sourceShapes(ctx, [[batch, channels, size(height), size(width)], [batch]]);
}

export const data: LayerSpec = {
  types: ['Data'],
  bottoms: [0, 0],
  tops: [1, 2],
  // Channels and size come from the first stored datum (data_layer.cpp · DataLayerSetUp).
  shape: (ctx) => images(ctx, ctx.params('data_param').int('batch_size', null, 1), null, null, null),
};

export const imageData: LayerSpec = {
  types: ['ImageData'],
  bottoms: [0, 0],
  tops: [1, 2],
  shape(ctx) {
    const p = ctx.params('image_data_param');
    const resize = (f: string): number | null => p.int(f, 0, 0) || null;
    return images(ctx, p.int('batch_size', 1, 1), p.bool('is_color', true) ? 3 : 1, resize('new_height'), resize('new_width'));
  },
};

export const windowData: LayerSpec = {
  types: ['WindowData'],
  bottoms: [0, 0],
  tops: [1, 2],
  shape: (ctx) => images(ctx, ctx.params('window_data_param').int('batch_size', null, 1), 3, null, null),
};

export const memoryData: LayerSpec = {
  types: ['MemoryData'],
  bottoms: [0, 0],
  tops: [1, 2],
  shape(ctx) {
    const p = ctx.params('memory_data_param');
    const [n, c, h, w] = ['batch_size', 'channels', 'height', 'width'].map((f) => p.int(f, null, 1));
    return sourceShapes(ctx, [[n, c, h, w], [n]]);
  },
};

export const hdf5Data: LayerSpec = {
  types: ['HDF5Data'],
  bottoms: [0, 0],
  tops: [1, Infinity],
  // Every top's shape is that of the HDF5 dataset of the same name.
  shape: (ctx) => sourceShapes(ctx, []),
};

/**
 * DenseImageData (SegNet): images and their label images from a list file; both resized to
 * new_height × new_width (set together, CHECKed) or cropped to crop_size, else the images' own size.
 * Channels: 3 with is_color (default), else 1; labels 1.
 * [alexgkendall/caffe-segnet @03d1e9f · src/caffe/layers/dense_image_data_layer.cpp · DataLayerSetUp]
 */
export const denseImageData: LayerSpec = {
  types: ['DenseImageData'],
  bottoms: [0, 0],
  tops: [1, 2],
  fork: 'alexgkendall/caffe-segnet (dense_image_data_layer.cpp)',
  shape(ctx) {
    const p = ctx.params('dense_image_data_param');
    const height = p.int('new_height', 0, 0);
    const width = p.int('new_width', 0, 0);
    if ((height === 0) !== (width === 0)) ctx.error('conflicting-parameters', `new_height ${height} and new_width ${width} must be set together (DenseImageData CHECKs it)`, p.range);
    const crop = ctx.params('transform_param').int('crop_size', 0, 0);
    const size = (d: number): number | null => (crop > 0 ? crop : d || null);
    const batch = p.has('batch_size') ? p.int('batch_size', 1, 1) : null;
    const channels = p.bool('is_color', true) ? 3 : 1;
    return sourceShapes(ctx, [[batch, channels, size(height), size(width)], [batch, 1, size(height), size(width)]]);
  },
};
