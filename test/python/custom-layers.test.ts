/**
 * Layers users write: Lambda with output_shape, custom keras.layers.Layer subclasses.
 * Truth: Keras' own rules — keras/src/layers/core/lambda_layer.py (`output_shape`: a tuple without
 * the batch axis, or a function of the whole input shape), keras/src/layers/layer.py (`__call__`
 * builds once with the input shape; `add_weight` creates the weights model.summary() counts; the
 * output shape is what `call` returns, or `compute_output_shape`) — and keras-io's "Making new
 * layers and models via subclassing" (the `Linear` layer: units=32 on 2 inputs, 96 params).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const HEAD = 'import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n';

describe('Lambda', () => {
  it('output_shape as a tuple (no batch) and as a function of the whole input shape', () => {
    const r = analyze(`${HEAD}x = keras.Input(shape=(8, 3))
a = layers.Lambda(lambda t: t, output_shape=(8, 3))(x)
b = layers.Lambda(lambda t: t, output_shape=lambda s: (s[0], s[1] * 2, s[2]))(x)
c = layers.Lambda(lambda t: t, output_shape=keras.backend.int_shape(x)[1:])(x)
`);
    expect(r.layers.slice(1).map(shapeOf)).toEqual([[null, 8, 3], [null, 16, 3], [null, 8, 3]]);
  });
  it("a Lambda over a list of inputs: output_shape's tuple after the first input's batch; without it, the function runs with `arguments=` as keywords", () => {
    // keras_applications/inception_resnet_v2.py inception_resnet_block; the rule is Keras 2.2
    // keras/layers/core.py Lambda.compute_output_shape (`input_shape[0][0]` for a list) and Lambda.call.
    const r = analyze(`${HEAD}x = keras.Input(shape=(35, 35, 320))
up = keras.Input(shape=(35, 35, 320))
a = layers.Lambda(lambda inputs, scale: inputs[0] + inputs[1] * scale, output_shape=keras.backend.int_shape(x)[1:], arguments={'scale': 0.17})([x, up])
b = layers.Lambda(lambda inputs, scale: inputs[0] + inputs[1] * scale, arguments={'scale': 0.17})([x, up])
`);
    expect(r.layers.slice(2).map(shapeOf)).toEqual([[null, 35, 35, 320], [null, 35, 35, 320]]);
  });
});

describe('custom Layer subclasses', () => {
  it("keras-io's Linear layer: build(input_shape) with add_weight, one row with its weights", () => {
    const r = analyze(`${HEAD}
class Linear(keras.layers.Layer):
    def __init__(self, units=32):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal", trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="random_normal", trainable=True)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b

x = keras.Input(shape=(2,))
y = Linear(32)(x)
`);
    const row = r.layers.find((l) => l.type === 'Linear')!;
    expect(row.params).toBe(2 * 32 + 32);
    expect(row.composite).toBeUndefined();
  });

  it('compute_output_shape is preferred where defined', () => {
    const r = analyze(`${HEAD}
import mylib
class Pairs(layers.Layer):
    def call(self, x):
        return mylib.pairs(x)
    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] * (input_shape[1] - 1) // 2)

x = keras.Input(shape=(6,))
y = Pairs()(x)
`);
    const row = r.layers.find((l) => l.type === 'Pairs')!;
    expect([shapeOf(row), row.params]).toEqual([[null, 15], 0]);
    expect(r.diagnostics).toEqual([]);
  });

  it('a layer made of Keras layers keeps their rows; it shows its output', () => {
    const r = analyze(`${HEAD}
class MLP(layers.Layer):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(16)
        self.d2 = layers.Dense(4)
    def call(self, x):
        return self.d2(self.d1(x))

x = keras.Input(shape=(8,))
y = MLP()(x)
`);
    // The Dense rows sit where they are applied (inside call), so they come first in source order.
    expect(r.layers.map((l) => [l.type, shapeOf(l), l.composite ? 'composite' : l.params])).toEqual([
      ['layers.Dense', [null, 4], 16 * 4 + 4],
      ['layers.Dense', [null, 16], 8 * 16 + 16],
      ['keras.Input', [null, 8], 0],
      ['MLP', [null, 4], 'composite'],
    ]);
  });

  it('a subclass of a catalog layer that overrides call is a layer: its row shows call\'s output; params unknown (the base\'s build is not followed)', () => {
    // keras/src/layers/layer.py __call__ runs the subclass's call; Conv2D's build (not overridden)
    // makes a kernel from the constructor's arguments, which the analysis does not follow: `?`, not 0.
    const r = analyze(`${HEAD}
class ReluOnly(layers.Conv2D):
    def call(self, inputs):
        return tf.nn.relu(inputs)

x = keras.Input(shape=(32, 32, 8))
a = ReluOnly(8, (3, 3), padding='same', name='a')(x)
b = layers.BatchNormalization()(a)
`);
    // The module's table, where the relu call's row sits under the layer that applied it.
    expect(r.models!.find((m) => m.name === '<module>')!.layers.map((l) => [l.type, l.depth ?? 0, shapeOf(l), l.params])).toEqual([
      ['keras.Input', 0, [null, 32, 32, 8], 0],
      ['ReluOnly', 0, [null, 32, 32, 8], null],
      ['tf.nn.relu', 1, [null, 32, 32, 8], 0],
      ['layers.BatchNormalization', 0, [null, 32, 32, 8], 4 * 8],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  it('a user layer in a Sequential, by model.add and in the list, is applied with the layers around it', () => {
    // In the style of Keras' examples/antirectifier.py (2.2.4): centring by the mean over axis 1
    // (keepdims: broadcast back), then concatenating relu(x) and relu(-x) doubles the last axis (its
    // compute_output_shape: `shape[-1] *= 2`). Dense params
    // units·(in + 1) (keras/layers/core.py Dense.build: kernel (in, units), bias (units,)).
    const r = analyze(`from keras import backend as K
from keras import layers
from keras.models import Sequential

class SignSplit(layers.Layer):
    def call(self, inputs):
        inputs -= K.mean(inputs, axis=1, keepdims=True)
        inputs = K.l2_normalize(inputs, axis=1)
        pos = K.relu(inputs)
        neg = K.relu(-inputs)
        return K.concatenate([pos, neg], axis=1)

m = Sequential()
m.add(layers.Dense(64, input_shape=(100,)))
m.add(SignSplit())
m.add(layers.Dense(10))
n = Sequential([layers.Dense(32, input_shape=(16,)), SignSplit(), layers.Dense(2)])
`);
    const rows = (model: string) => r.models!.find((t) => t.name === model)!.layers.filter((l) => !l.depth);
    expect(rows('m').map((l) => [l.type, shapeOf(l), l.params])).toEqual([
      ['layers.Dense', [null, 64], 64 * 101],
      ['SignSplit', [null, 128], 0],
      ['layers.Dense', [null, 10], 10 * 129],
    ]);
    expect(rows('n').map((l) => [l.type, shapeOf(l), l.params])).toEqual([
      ['layers.Dense', [null, 32], 32 * 17],
      ['SignSplit', [null, 64], 0],
      ['layers.Dense', [null, 2], 2 * 65],
    ]);
    expect(r.diagnostics).toEqual([]);
  });
});
