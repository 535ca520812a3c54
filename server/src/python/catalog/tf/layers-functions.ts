/**
 * The functional `tf.layers.*` ops (TF 1.x): the Keras layers of ../keras/ with `inputs` first.
 */
import { KERAS_ENTRIES } from '../keras/index.js';
import { rejected } from '../rule-report.js';
import { fmtShape } from '../shapes.js';
import type { OpEntry } from '../types.js';

/** The functional `tf.layers.*` ops: Keras layers with `inputs` first (SHAPE_SEMANTICS §1.2). */
const TF_LAYERS_FUNCTIONS: [string, string][] = [
  ['conv1d', 'Conv1D'],
  ['conv2d', 'Conv2D'],
  ['conv3d', 'Conv3D'],
  ['conv2d_transpose', 'Conv2DTranspose'],
  ['conv3d_transpose', 'Conv3DTranspose'],
  ['separable_conv1d', 'SeparableConv1D'],
  ['separable_conv2d', 'SeparableConv2D'],
  ['max_pooling1d', 'MaxPooling1D'],
  ['max_pooling2d', 'MaxPooling2D'],
  ['max_pooling3d', 'MaxPooling3D'],
  ['average_pooling1d', 'AveragePooling1D'],
  ['average_pooling2d', 'AveragePooling2D'],
  ['average_pooling3d', 'AveragePooling3D'],
  ['dense', 'Dense'],
  ['flatten', 'Flatten'],
  ['dropout', 'Dropout'],
  ['batch_normalization', 'BatchNormalization'],
];

/**
 * The least input rank of a function whose class does not check it in its shape rule: Dense's
 * `InputSpec(min_ndim=2)` (keras/layers/core.py at 2.1.6, which TF 1's tf.layers.Dense subclasses;
 * keras/src/layers/core/dense.py) rejects a rank-1 input.
 */
const MIN_RANK: Readonly<Record<string, number>> = { dense: 2 };

function withMinRank(fn: string, e: OpEntry): OpEntry['apply'] {
  const min = MIN_RANK[fn];
  if (min === undefined) return e.apply;
  return (call) => {
    const t = call.input;
    if (t.kind === 'tensor' && t.shape && t.shape.length < min) {
      return rejected(call, 'rank-mismatch', `tf.layers.${fn} expects an input of rank ≥ ${min} (InputSpec min_ndim=${min}), got ${fmtShape(t.shape)} of rank ${t.shape.length}`, [{ what: 'the input', tensor: t }]);
    }
    return e.apply(call);
  };
}

export function tfLayersFunctions(): OpEntry[] {
  const byName = new Map<string, OpEntry>();
  for (const e of KERAS_ENTRIES) for (const n of e.names) byName.set(n, e);
  return TF_LAYERS_FUNCTIONS.flatMap(([fn, cls]) => {
    const e = byName.get(cls);
    if (!e) return [];
    return [{ ...e, names: [fn], namespaces: ['tf.layers'], kind: 'op', params: ['inputs', ...e.params], inputs: ['inputs'], apply: withMinRank(fn, e) } satisfies OpEntry];
  });
}

/** tf.layers.Conv2D etc. are the Keras classes (TF 1.x tf.layers subclass keras layers). */
export const TF_LAYER_CLASSES = new Set(TF_LAYERS_FUNCTIONS.map(([, cls]) => cls));
