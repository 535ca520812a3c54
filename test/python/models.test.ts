/**
 * Keras models: Sequential (list and model.add), functional API, subclassed models.
 * Sources: keras-io examples/vision/mnist_convnet.py and its published model.summary()
 * (Total params: 34,826); SHAPE_SEMANTICS §3.2, §3.5, §3.7 for per-layer rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, atLine, ofType, outputsNamed, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const MNIST = `import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

num_classes = 10
input_shape = (28, 28, 1)

model = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),
    ]
)

model.summary()
`;

describe('Sequential: keras.io "Simple MNIST convnet" summary', () => {
  it('matches the published output shapes and parameter counts', () => {
    const r = analyze(MNIST);
    const rows = r.layers.filter((l) => l.type !== 'keras.Input').map((l) => [l.type, shapeOf(l), l.params]);
    expect(rows).toEqual([
      ['layers.Conv2D', [null, 26, 26, 32], 320],
      ['layers.MaxPooling2D', [null, 13, 13, 32], 0],
      ['layers.Conv2D', [null, 11, 11, 64], 18496],
      ['layers.MaxPooling2D', [null, 5, 5, 64], 0],
      ['layers.Flatten', [null, 1600], 0],
      ['layers.Dropout', [null, 1600], 0],
      ['layers.Dense', [null, 10], 16010],
    ]);
    expect(r.layers.reduce((s, l) => s + (l.params ?? 0), 0)).toBe(34826);
    expect(r.diagnostics).toEqual([]);
  });

  it('anchors each layer at the end of its own line', () => {
    const r = analyze(MNIST);
    const lines = MNIST.split('\n');
    for (const l of r.layers) expect(l.anchor).toEqual({ line: l.range.start.line, character: lines[l.range.start.line]!.length });
  });

  it('conv MACs: 26·26·32 positions × 3·3·1 = 194,688', () => {
    expect(ofType(analyze(MNIST), 'layers.Conv2D')[0]!.macs).toBe(194688);
  });
});

describe('Sequential with model.add and input_shape on the first layer', () => {
  it('applies each layer at its add() (CIFAR-style, shapes per SHAPE_SEMANTICS §3.2/§3.5)', () => {
    const src = `from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Dropout
model = Sequential()
model.add(Conv2D(32, (3, 3), padding='same', input_shape=(32, 32, 3)))
model.add(Conv2D(32, (3, 3)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(512))
`;
    const r = analyze(src);
    expect(r.layers.map((l) => shapeOf(l))).toEqual([
      [null, 32, 32, 32],
      [null, 30, 30, 32],
      [null, 15, 15, 32],
      [null, 7200],
      [null, 512],
    ]);
    // 3·3·3·32 + 32 = 896; 3·3·32·32 + 32 = 9248; 7200·512 + 512 = 3,686,912.
    expect(r.layers.map((l) => l.params)).toEqual([896, 9248, 0, 0, 3686912]);
  });

  it('an unbuilt Sequential gets shapes from model.build((None, 32, 32, 3))', () => {
    const src = `import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3, strides=2, padding='same'), tf.keras.layers.GlobalAveragePooling2D()])
model.build((None, 32, 32, 3))
`;
    const r = analyze(src);
    expect(r.layers.map((l) => shapeOf(l))).toEqual([
      [null, 16, 16, 8],
      [null, 8],
    ]);
  });

  it('a Sequential no input ever reaches shows symbolic shapes (N, ceil(H/2), …)', () => {
    const src = `import tensorflow as tf
model = tf.keras.Sequential([tf.keras.layers.Conv2D(8, 3, strides=2, padding='same'), tf.keras.layers.MaxPooling2D()])
`;
    const r = analyze(src);
    expect(r.layers.map((l) => shapeOf(l))).toEqual([
      ['N', 'ceil(H/2)', 'ceil(W/2)', 8],
      // valid pooling: ⌊(I − K)/S⌋ + 1 (SHAPE_SEMANTICS §3.5); in the engine's canonical form
      // ⌊(⌈H/2⌉ − 2)/2⌋ + 1 = ⌊⌈H/2⌉/2⌋ = ⌊(H + 1)/4⌋ (nested floors fold)
      ['N', 'floor((H + 1)/4)', 'floor((W + 1)/4)', 8],
    ]);
  });
});

describe('functional API', () => {
  it('Input → layers → Model(inputs, outputs); calling the model reuses its output shape', () => {
    const src = `from tensorflow.keras import Input, Model, layers
inputs = Input(shape=(32, 32, 3), name='img')
x = layers.Conv2D(16, 3, activation='relu')(inputs)
a = layers.Conv2D(16, 3, padding='same')(x)
b = layers.Conv2D(16, 1)(x)
x = layers.add([a, b])
x = layers.Concatenate(axis=-1)([x, a])
outputs = layers.GlobalMaxPooling2D(keepdims=True)(x)
model = Model(inputs, outputs)
y = model(inputs)
`;
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'inputs')[0])).toEqual([null, 32, 32, 3]);
    expect(shapeOf(atLine(r, 5)[0])).toEqual([null, 30, 30, 16]);
    expect(shapeOf(atLine(r, 6)[0])).toEqual([null, 30, 30, 32]);
    expect(shapeOf(outputsNamed(r, 'outputs')[0])).toEqual([null, 1, 1, 32]);
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 1, 1, 32]);
    expect(atLine(r, 1)[0]!.name).toBe('img');
  });
});

describe('subclassed models', () => {
  const SUB = `import tensorflow as tf
from tensorflow.keras import layers


class MyModel(tf.keras.Model):
    def __init__(self, num_classes=10):
        super(MyModel, self).__init__()
        self.conv1 = layers.Conv2D(32, 3, activation='relu')
        self.pool = layers.MaxPooling2D()
        self.flatten = layers.Flatten()
        self.d1 = layers.Dense(128, activation='relu')
        self.d2 = layers.Dense(num_classes)

    def call(self, x):
        x = self.conv1(x)
        x = self.pool(x)
        x = self.flatten(x)
        x = self.d1(x)
        return self.d2(x)


model = MyModel(num_classes=5)
model.build((None, 32, 32, 3))
`;
  it('model.build runs call: 30 → 15 → 7200 → 128 → 5 (§3.2, §3.5, §3.7)', () => {
    const r = analyze(SUB);
    const rows = r.layers.filter((l) => l.type.startsWith('layers.')).map((l) => [l.type, shapeOf(l)]);
    expect(rows).toEqual([
      ['layers.Conv2D', [null, 30, 30, 32]],
      ['layers.MaxPooling2D', [null, 15, 15, 32]],
      ['layers.Flatten', [null, 7200]],
      ['layers.Dense', [null, 128]],
      ['layers.Dense', [null, 5]],
    ]);
    expect(shapeOf(ofType(r, 'MyModel')[0])).toEqual([null, 5]);
  });

  it('calling the model on a tensor works the same; each call site gets its own entry', () => {
    const src = SUB.replace('model.build((None, 32, 32, 3))', 'a = model(tf.zeros((2, 32, 32, 3)))\nb = model(tf.zeros((2, 64, 64, 3)))');
    const r = analyze(src);
    expect(ofType(r, 'MyModel').map((l) => shapeOf(l))).toEqual([
      [2, 5],
      [2, 5],
    ]);
    expect(ofType(r, 'layers.Conv2D').map((l) => shapeOf(l))).toEqual([
      [2, 30, 30, 32],
      [2, 62, 62, 32],
    ]);
  });

  it('a model class never built still shows symbolic shapes from call()', () => {
    const r = analyze(SUB.replace('model.build((None, 32, 32, 3))', ''));
    expect(shapeOf(ofType(r, 'layers.Conv2D')[0])).toEqual(['N', 'H - 2', 'W - 2', 32]);
  });
});
