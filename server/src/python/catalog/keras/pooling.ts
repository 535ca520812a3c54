/**
 * Keras 2/3 and tf.keras pooling: MaxPoolingND, AveragePoolingND, their global forms, Keras 3's adaptive ones.
 * Rules: SHAPE_SEMANTICS §3.5 (keras/src/layers/pooling/*.py).
 */
import { NO_COST } from '../../../engine/cost.js';
import { LEGACY, pool } from '../common.js';
import { channelsFirstOf, inputShape, layout, out } from '../shapes.js';
import type { OpEntry } from '../types.js';

function poolEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['pool_size', 'strides', 'padding', 'data_format'],
    aliases: LEGACY,
    apply: (call) => pool(call, names[0]!, spatial, call.flavour === 'tf' ? 'tensorflow' : 'keras'),
  };
}

/** Global pooling (SHAPE_SEMANTICS §3.5): (N, C), or (N, 1…, C) with keepdims. */
function globalPoolEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['data_format', 'keepdims'],
    aliases: LEGACY,
    apply: (call) => {
      const cf = channelsFirstOf(call);
      const shape = inputShape(call, call.input, spatial + 2, cf ?? false, names[0]!);
      if (!shape || cf === null) return { output: out(null, call), cost: NO_COST };
      const lay = layout(spatial + 2, cf);
      const c = shape[lay.channel]!;
      const keep = call.args.bool('keepdims', false);
      if (keep === null) return { output: out(null, call), cost: NO_COST };
      if (!keep) return { output: out([shape[0]!, c], call), cost: NO_COST };
      const result = shape.map((d, i) => (lay.spatial.includes(i) ? 1 : d));
      return { output: out(result, call), cost: NO_COST };
    },
  };
}

/**
 * AdaptiveAverage/MaxPoolingND (Keras 3.13+, keras/src/layers/pooling/base_adaptive_pooling.py
 * `compute_output_shape`): the spatial axes become `output_size` (an int repeated, or one size per
 * axis: adaptive_average_pooling2d.py `__init__`), batch and channels kept; no weights.
 */
function adaptivePoolEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['output_size', 'data_format'],
    frameworks: 'Keras 3',
    apply: (call) => {
      const cf = channelsFirstOf(call);
      const shape = inputShape(call, call.input, spatial + 2, cf ?? false, names[0]!);
      const size = call.args.ints('output_size', spatial);
      if (!shape || cf === null) return { output: out(null, call), cost: NO_COST };
      const lay = layout(spatial + 2, cf);
      return { output: out(shape.map((d, i) => (lay.spatial.includes(i) ? (size?.[lay.spatial.indexOf(i)] ?? null) : d)), call), cost: NO_COST };
    },
  };
}

export const POOLING_ENTRIES: OpEntry[] = [
  poolEntry(['MaxPooling1D', 'MaxPool1D'], 1),
  poolEntry(['MaxPooling2D', 'MaxPool2D'], 2),
  poolEntry(['MaxPooling3D', 'MaxPool3D'], 3),
  poolEntry(['AveragePooling1D', 'AvgPool1D'], 1),
  poolEntry(['AveragePooling2D', 'AvgPool2D'], 2),
  poolEntry(['AveragePooling3D', 'AvgPool3D'], 3),
  globalPoolEntry(['GlobalAveragePooling1D', 'GlobalAvgPool1D'], 1),
  globalPoolEntry(['GlobalAveragePooling2D', 'GlobalAvgPool2D'], 2),
  globalPoolEntry(['GlobalAveragePooling3D', 'GlobalAvgPool3D'], 3),
  globalPoolEntry(['GlobalMaxPooling1D', 'GlobalMaxPool1D'], 1),
  globalPoolEntry(['GlobalMaxPooling2D', 'GlobalMaxPool2D'], 2),
  globalPoolEntry(['GlobalMaxPooling3D', 'GlobalMaxPool3D'], 3),
  ...[1, 2, 3].flatMap((n) => [adaptivePoolEntry([`AdaptiveAveragePooling${n}D`], n), adaptivePoolEntry([`AdaptiveMaxPooling${n}D`], n)]),
];
