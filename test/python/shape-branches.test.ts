/**
 * Branches on shapes, as keras-applications writes them. Known sizes decide `!=` (the branch runs,
 * the other does not); a symbolic size read from a static shape is `None` to Keras
 * (keras/backend.py `int_shape` returns `tuple(x.shape.as_list())`, None where unknown), so
 * keras_applications' `correct_pad` takes its `input_size[0] is None` branch: padding
 * ((0, 1), (0, 1)), i.e. H + 1 (ZeroPadding2D adds top + bottom, keras/layers/convolutional.py).
 * A size read at run time (`tf.shape(x)[1]`) is a tensor, never None.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const PAD = (input: string) => `from tensorflow.keras import backend, layers
import tensorflow as tf


def pad_for(inputs, kernel_size):
    size = backend.int_shape(inputs)[1:3]
    if size[0] is None:
        adjust = (1, 1)
    else:
        adjust = (1 - size[0] % 2, 1 - size[1] % 2)
    half = (kernel_size // 2, kernel_size // 2)
    return ((half[0] - adjust[0], half[0]), (half[1] - adjust[1], half[1]))


inp = layers.Input(shape=${input})
x = layers.ZeroPadding2D(padding=pad_for(inp, 3))(inp)
x = layers.Conv2D(32, 3, strides=2, padding="valid")(x)
if backend.int_shape(x)[-1] != 32:
    y = layers.Conv2D(32, 1)(x)
else:
    y = x
if x.shape[-1] != 64:
    z = layers.Conv2D(64, 1, name="project")(x)
else:
    z = x
`;

describe('branches on shapes', () => {
  it('a known size picks the branch: 224 is even, so correct_pad-style padding is ((0, 1), (0, 1))', () => {
    const r = analyze(PAD('(224, 224, 3)'));
    expect(shapeOf(r.layers.find((l) => l.type === 'layers.ZeroPadding2D'))).toEqual([null, 225, 225, 3]);
    // 32 == 32: no 1x1 conv on that branch; 32 != 64: the projection runs.
    expect(r.layers.filter((l) => l.type === 'layers.Conv2D').map((l) => [l.name, shapeOf(l)])).toEqual([
      ['conv2d', [null, 112, 112, 32]],
      ['project', [null, 112, 112, 64]],
    ]);
  });
  it('a symbolic size is None to int_shape: the `is None` branch, so H + 1, not an unknown size', () => {
    const r = analyze(PAD('(None, None, 3)'));
    expect(shapeOf(r.layers.find((l) => l.type === 'layers.ZeroPadding2D'))).toEqual([null, 'H + 1', 'W + 1', 3]);
    expect(r.diagnostics.filter((d) => d.severity !== 'hint')).toEqual([]);
  });
  it('tf.shape(x)[1] is a tensor at run time: `is None` is False', () => {
    const r = analyze(`import tensorflow as tf
from tensorflow.keras import layers
inp = layers.Input(shape=(None, 8))
n = tf.shape(inp)[1]
if n is None:
    x = layers.Dense(4)(inp)
else:
    x = layers.Dense(16)(inp)
`);
    expect(r.layers.filter((l) => l.type === 'layers.Dense').map(shapeOf)).toEqual([[null, 'L', 16]]);
  });
  it("Keras 2's private x._keras_shape is the static shape: NASNet's _adjust_block pools when the sizes differ", () => {
    // titu1994/Keras-NASNet nasnet.py `_adjust_block` compares `p._keras_shape[img_dim]` with the
    // input's; Keras 2 layers set `_keras_shape` to the output's static shape (keras/engine/base_layer.py
    // __call__). SAME convs at stride 2: 64 → 32 → 16, so p is pooled at stride 2 to 16.
    const r = analyze(`from keras.layers import Input, Conv2D, AveragePooling2D
ip = Input(shape=(64, 64, 3))
p = Conv2D(8, 3, strides=2, padding='same')(ip)
x = Conv2D(8, 3, strides=2, padding='same')(p)
if p._keras_shape[1] != x._keras_shape[1]:
    p = AveragePooling2D((1, 1), strides=(2, 2))(p)
y = Conv2D(16, 1)(p)
`);
    expect(r.layers.map((l) => [l.type, shapeOf(l)])).toEqual([
      ['Input', [null, 64, 64, 3]],
      ['Conv2D', [null, 32, 32, 8]],
      ['Conv2D', [null, 16, 16, 8]],
      ['AveragePooling2D', [null, 16, 16, 8]],
      ['Conv2D', [null, 16, 16, 16]],
    ]);
  });
});

describe('attributes written on the paths of an unknown branch', () => {
  // Python runs one path; which one is unknown, so an attribute either path wrote is the join of
  // both values, as a variable is: equal values stay, different ones are unknown (never the last
  // path's). Dense maps (…, d) → (…, units) (keras/src/layers/core/dense.py compute_output_shape).
  const NET = (init: string) => `import mylib
from tensorflow.keras import layers

def narrow(x):
    return layers.Conv2D(8, 1)(x)

def wide(x):
    return layers.Conv2D(16, 1)(x)

class Net:
    def __init__(self, flag):
        self.units = 4
${init}
    def __call__(self, x):
        return layers.Dense(self.units)(self.block(x))

net = Net(mylib.flag())
y = net(layers.Input(shape=(8, 8, 3)))
`;
  const dense = (r: AnalysisResult) => r.layers.find((l) => l.type === 'layers.Dense')!.outputs[0]!;
  it('the block is one of two functions: a call runs both (conditionals.ts callEither), the shape after it is what they agree on', () => {
    const r = analyze(NET('        if flag:\n            self.block = narrow\n        else:\n            self.block = wide'));
    expect(r.layers.filter((l) => l.type === 'layers.Conv2D').map((l) => l.outputs[0]!.shape)).toEqual([
      [null, 8, 8, 8],
      [null, 8, 8, 16],
    ]);
    expect(dense(r).shape).toEqual([null, 8, 8, 4]);
  });
  it('equal values stay; a value one path changed is unknown', () => {
    const same = analyze(NET('        self.block = narrow\n        if flag:\n            self.units = 10\n        else:\n            self.units = 10'));
    expect(dense(same).shape).toEqual([null, 8, 8, 10]);
    const one = analyze(NET('        self.block = narrow\n        if flag:\n            self.units = 10'));
    expect(dense(one).shape).toEqual([null, 8, 8, null]);
  });
  it('a loop of unknown length may change an attribute or not: unknown after it', () => {
    const r = analyze(NET('        self.block = narrow\n        for _ in mylib.items():\n            self.units = 10'));
    expect(dense(r).shape).toEqual([null, 8, 8, null]);
  });
  it('a path that raises does not count: the other path\'s value holds', () => {
    const r = analyze(NET('        self.block = narrow\n        if flag:\n            raise ValueError(flag)\n        else:\n            self.units = 10'));
    expect(dense(r).shape).toEqual([null, 8, 8, 10]);
  });
});
