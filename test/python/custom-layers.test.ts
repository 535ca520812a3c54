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
});
