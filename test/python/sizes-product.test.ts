/**
 * Products of known sizes, as keras-io and keras-applications feed them to Reshape/Dense:
 * `np.prod` (numpy/_core/fromnumeric.py `prod`: the product of the elements), `math.prod` (Python's
 * math module: the product of an iterable), `tf.math.reduce_prod` (tensorflow/python/ops/math_ops.py:
 * all axes reduced when `axis=None`) and `keras.ops.prod` (keras/src/ops/numpy.py `prod`, same).
 * Each is 7·7·32 = 1,568 here; the Dense rows after them are TensorFlow.js' Dense(1568) on (1568).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, shapeOf } from './helpers.js';
import { tfjsLayer, tfjsReady, tfl } from './tfjs.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
  await tfjsReady();
});

const SRC = `import math
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, backend

inp = keras.Input(shape=(7, 7, 32))
a = np.prod((7, 7, 32))
b = math.prod(inp.shape[1:])
c = tf.math.reduce_prod((7, 7, 32))
d = keras.ops.prod(inp.shape[1:])
e = np.prod(backend.int_shape(inp)[1:])
x = layers.Reshape((int(a),))(inp)
y1 = layers.Dense(b)(x)
y2 = layers.Dense(int(c))(x)
y3 = layers.Dense(d)(x)
y4 = layers.Dense(e)(x)
`;

describe('products of known sizes', () => {
  it('np.prod, math.prod, tf.math.reduce_prod and keras.ops.prod of sizes give the number', () => {
    const r = analyze(SRC);
    const truth = tfjsLayer(tfl.layers.dense({ units: 1568 }), [1568]);
    expect(shapeOf(r.layers.find((l) => l.type === 'layers.Reshape'))).toEqual([null, 1568]);
    const dense = r.layers.filter((l) => l.type === 'layers.Dense');
    expect(dense.map((l) => [shapeOf(l), l.params])).toEqual(Array(4).fill([truth.shape, truth.params]));
    // A number is no layer application: no rows for the products themselves.
    expect(r.layers.filter((l) => /prod/.test(l.type))).toEqual([]);
  });
  it('a product over a symbolic size stays symbolic, and a tensor product keeps its rule', () => {
    const r = analyze(`import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
inp = keras.Input(shape=(None, 8))
x = layers.Reshape((np.prod(inp.shape[1:]),))(inp)
t = tf.math.reduce_prod(inp, axis=1)
`);
    // Input(shape=(None, 8))'s length is the symbol L (never a number).
    expect(shapeOf(r.layers.find((l) => l.type === 'layers.Reshape'))).toEqual([null, '8*L']);
    expect(shapeOf(r.layers.find((l) => l.type === 'tf.math.reduce_prod'))).toEqual([null, 8]);
  });
});
