/**
 * TensorFlow ops and imports. Expected values: SHAPE_SEMANTICS §1 (tf.nn conv/pool/pad, explicit
 * padding, data formats) and §3.5/§3.7 for tf.keras layers reached through every import spelling.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, outputsNamed, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

function out(r: AnalysisResult, name: string): (number | string | null)[] | null {
  return shapeOf(outputsNamed(r, name).at(-1));
}

describe('tf.nn (SHAPE_SEMANTICS §1.2, §1.3)', () => {
  it("conv2d 224, 7×7/2 'SAME' → 112 with pads (2, 3); VALID → 109", () => {
    const src = `import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 224, 224, 3])
w = tf.Variable(tf.random.normal([7, 7, 3, 64]))
a = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding='SAME')
b = tf.nn.conv2d(x, w, [1, 2, 2, 1], 'VALID')
`;
    const r = analyze(src);
    expect(out(r, 'a')).toEqual([null, 112, 112, 64]);
    expect(out(r, 'b')).toEqual([null, 109, 109, 64]);
    const a = outputsNamed(r, 'a')[0]!;
    if (a.windowing?.kind === 'window') expect([a.windowing.axes[0]!.padBefore, a.windowing.axes[0]!.padAfter]).toEqual([2, 3]);
    else expect.fail('no windowing');
  });

  it('explicit padding [[0,0],[1,1],[1,1],[0,0]] on 56, k3 s2 → 28 with pads (1, 1)', () => {
    const src = `import tensorflow as tf
x = tf.zeros([1, 56, 56, 64])
w = tf.get_variable('w', shape=[3, 3, 64, 128])
y = tf.nn.conv2d(x, w, strides=2, padding=[[0, 0], [1, 1], [1, 1], [0, 0]])
`;
    const r = analyze(src);
    expect(out(r, 'y')).toEqual([1, 28, 28, 128]);
  });

  it("max_pool 3×3/2 on 112: 'SAME' → 56, 'VALID' → 55; NCHW reads ksize/strides in NCHW order", () => {
    const src = `import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 112, 112, 64])
a = tf.nn.max_pool(x, ksize=[1, 3, 3, 1], strides=[1, 2, 2, 1], padding='SAME')
b = tf.nn.avg_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], 'VALID')
c = tf.nn.max_pool(tf.transpose(x, [0, 3, 1, 2]), [1, 1, 3, 3], [1, 1, 2, 2], 'SAME', data_format='NCHW')
`;
    const r = analyze(src);
    expect(out(r, 'a')).toEqual([null, 56, 56, 64]);
    expect(out(r, 'b')).toEqual([null, 55, 55, 64]);
    expect(out(r, 'c')).toEqual([null, 64, 56, 56]);
  });

  it('atrous_conv2d rate 2, k3 on 10: SAME → 10, VALID → 6 (§8 #6, #7)', () => {
    const src = `import tensorflow as tf
x = tf.placeholder(tf.float32, [1, 10, 10, 4])
w = tf.get_variable('w', [3, 3, 4, 8])
a = tf.nn.atrous_conv2d(x, w, 2, 'SAME')
b = tf.nn.atrous_conv2d(x, w, rate=2, padding='VALID')
`;
    const r = analyze(src);
    expect(out(r, 'a')).toEqual([1, 10, 10, 8]);
    expect(out(r, 'b')).toEqual([1, 6, 6, 8]);
  });
});

describe('tf array ops', () => {
  it('tf.pad (§1.5), reshape, concat, reduce_mean keepdims, squeeze, expand_dims, broadcasting +', () => {
    const src = `import tensorflow as tf
x = tf.placeholder(tf.float32, [1, 224, 224, 3])
p = tf.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]])
r = tf.reshape(p, [-1, 230 * 230, 3])
c = tf.concat([x, x], axis=3)
m = tf.reduce_mean(c, axis=[1, 2], keepdims=True)
s = tf.squeeze(m, [1, 2])
e = tf.expand_dims(s, 1)
b = x + tf.ones([3])
k = tf.reduce_sum(x, 1)
`;
    const r = analyze(src);
    expect(out(r, 'p')).toEqual([1, 230, 230, 3]);
    expect(out(r, 'r')).toEqual([1, 52900, 3]);
    expect(out(r, 'c')).toEqual([1, 224, 224, 6]);
    expect(out(r, 'm')).toEqual([1, 1, 1, 6]);
    expect(out(r, 's')).toEqual([1, 6]);
    expect(out(r, 'e')).toEqual([1, 1, 6]);
    expect(out(r, 'k')).toEqual([1, 224, 3]);
    expect(r.diagnostics).toEqual([]);
  });

  it('+ between non-broadcastable tensors is an error', () => {
    const src = `import tensorflow as tf
a = tf.zeros([1, 56, 56, 256])
b = tf.zeros([1, 55, 55, 256])
c = a + b
`;
    expect(analyze(src).diagnostics.map((d) => d.code)).toEqual(['not-broadcastable']);
  });
});

describe('imports and aliases', () => {
  const cases: [string, string, string][] = [
    ['import tensorflow as tf', 'tf.keras.layers.Conv2D', 'tf.keras.layers.Conv2D'],
    ['from tensorflow.keras import layers', 'layers.Conv2D', 'layers.Conv2D'],
    ['from keras.layers import Conv2D as C', 'C', 'C'],
    ['import keras', 'keras.layers.Conv2D', 'keras.layers.Conv2D'],
    ['import tensorflow.compat.v1 as tf', 'tf.layers.Conv2D', 'tf.layers.Conv2D'],
    ['from tensorflow.keras.layers import *', 'Conv2D', 'Conv2D'],
    ['from tensorflow.python.keras import layers as KL', 'KL.Conv2D', 'KL.Conv2D'],
  ];
  for (const [imp, callee, type] of cases) {
    it(`${imp} → ${callee}(16, 3, strides=2) gives 15 on 32 (§3.2)`, () => {
      const src = `import tensorflow as tf0\n${imp}\nx = tf0.zeros((1, 32, 32, 3))\ny = ${callee}(16, 3, strides=2)(x)\n`;
      const r = analyze(src);
      const y = outputsNamed(r, 'y')[0]!;
      expect(y.type).toBe(type);
      expect(shapeOf(y)).toEqual([1, 15, 15, 16]);
    });
  }

  it('tf.compat.v1.layers.conv2d and tf.layers.max_pooling2d functional forms', () => {
    const src = `import tensorflow as tf
x = tf.compat.v1.placeholder(tf.float32, shape=(None, 32, 32, 3))
y = tf.compat.v1.layers.conv2d(x, 16, 3, padding='same', name='c1')
z = tf.layers.max_pooling2d(y, 2, 2)
`;
    const r = analyze(src);
    expect(out(r, 'y')).toEqual([null, 32, 32, 16]);
    expect(outputsNamed(r, 'y')[0]!.name).toBe('c1');
    expect(out(r, 'z')).toEqual([null, 16, 16, 16]);
  });
});

describe('interpreter: constants, arithmetic, branches, loops, unpacking', () => {
  it('module constants, //, **, conditional expressions, if on known values, tuple unpacking, for over lists', () => {
    const src = `from tensorflow.keras import layers
SIZE = 2 ** 5
FILTERS = [16, 32, 64]
h, w = SIZE, SIZE // 2
channels_first = False
x = layers.Input(shape=(3, h, w) if channels_first else (h, w, 3))
if channels_first:
    fmt = 'channels_first'
else:
    fmt = 'channels_last'
for i, f in enumerate(FILTERS):
    x = layers.Conv2D(f, 3, strides=2 if i > 0 else 1, padding='same', data_format=fmt)(x)
y = x
`;
    const r = analyze(src);
    expect(outputsNamed(r, 'x').map((l) => shapeOf(l))).toEqual([
      [null, 32, 16, 3],
      [null, 32, 16, 16],
      [null, 16, 8, 32],
      [null, 8, 4, 64],
    ]);
  });

  it('an if on an unknown value runs both branches and joins (differing sizes become unknown)', () => {
    const src = `import sys
from tensorflow.keras import layers
x = layers.Input(shape=(32, 32, 3))
if len(sys.argv) > 1:
    y = layers.Conv2D(8, 3, strides=2, padding='same')(x)
else:
    y = layers.Conv2D(8, 3, strides=1, padding='same')(x)
z = layers.Dense(10)(y)
`;
    const r = analyze(src);
    expect(out(r, 'z')).toEqual([null, null, null, 10]);
  });
});
