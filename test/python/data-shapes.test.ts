/**
 * Shapes that come from data (issue 8 §4): `keras.datasets.*.load_data()` with the shapes Keras'
 * loaders document (keras-team/keras keras/src/datasets/*.py, cited per test), NumPy arrays built
 * with literal shapes, array methods, and NumPy/keras.ops functions. A `tf.identity(...)` row shows
 * an array's shape (NumPy calls make no summary rows of their own).
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

/** The shapes of the named arrays, each shown through a tf.identity row. */
function shapes(src: string, names: string[]): Record<string, (number | string | null)[] | null> {
  const r = analyze(`import tensorflow as tf\n${src}\n${names.map((n) => `show_${n} = tf.identity(${n})`).join('\n')}\n`);
  expect(r.diagnostics).toEqual([]);
  return Object.fromEntries(names.map((n) => [n, out(r, `show_${n}`)]));
}

const SPLITS = ['x_train', 'y_train', 'x_test', 'y_test'];

describe('keras.datasets load_data()', () => {
  it('mnist and fashion_mnist: (60000, 28, 28) / (60000,), (10000, 28, 28) / (10000,) (mnist.py, fashion_mnist.py docstrings)', () => {
    for (const ds of ['mnist', 'fashion_mnist']) {
      expect(shapes(`from keras.datasets import ${ds}\n(x_train, y_train), (x_test, y_test) = ${ds}.load_data()`, SPLITS)).toEqual({
        x_train: [60000, 28, 28],
        y_train: [60000],
        x_test: [10000, 28, 28],
        y_test: [10000],
      });
    }
  });

  it('cifar10 and cifar100 channels_last: (50000, 32, 32, 3), labels (50000, 1) (cifar10.py: transposed from (N, 3, 32, 32) when image_data_format() is channels_last)', () => {
    for (const ds of ['tf.keras.datasets.cifar10', 'tf.keras.datasets.cifar100']) {
      expect(shapes(`(x_train, y_train), (x_test, y_test) = ${ds}.load_data()`, SPLITS)).toEqual({
        x_train: [50000, 32, 32, 3],
        y_train: [50000, 1],
        x_test: [10000, 32, 32, 3],
        y_test: [10000, 1],
      });
    }
  });

  it('boston_housing: 506 samples split at int(506 · 0.8) = 404, 13 features (boston_housing.py); test_split=0.1 → 455 / 51', () => {
    expect(shapes(`from keras.datasets import boston_housing\n(x_train, y_train), (x_test, y_test) = boston_housing.load_data()`, SPLITS)).toEqual({
      x_train: [404, 13],
      y_train: [404],
      x_test: [102, 13],
      y_test: [102],
    });
    expect(shapes(`from keras.datasets import boston_housing\n(x_train, y_train), (x_test, y_test) = boston_housing.load_data(test_split=0.1)`, ['x_train', 'x_test'])).toEqual({ x_train: [455, 13], x_test: [51, 13] });
  });

  it('imdb (25000 / 25000) and reuters (11228 split at int(11228 · 0.8) = 8982) are ragged (N,); maxlen makes N unknown (imdb.py, reuters.py)', () => {
    expect(shapes(`from keras.datasets import imdb\n(x_train, y_train), (x_test, y_test) = imdb.load_data(num_words=20000)`, SPLITS)).toEqual({ x_train: [25000], y_train: [25000], x_test: [25000], y_test: [25000] });
    expect(shapes(`from keras.datasets import reuters\n(x_train, y_train), (x_test, y_test) = reuters.load_data(num_words=10000)`, ['x_train', 'x_test'])).toEqual({ x_train: [8982], x_test: [2246] });
    expect(shapes(`from keras.datasets import imdb\n(x_train, y_train), (x_test, y_test) = imdb.load_data(maxlen=100)`, ['x_train'])).toEqual({ x_train: [null] });
  });
});

describe('Keras data utilities', () => {
  it('to_categorical drops a trailing 1 and adds num_classes (np_utils.py at 2.1.6); pad_sequences gives (len, maxlen) (sequence.py)', () => {
    expect(
      shapes(
        `from tensorflow import keras
from keras.preprocessing import sequence
(x_train, y_train), (x_test, y_test) = keras.datasets.cifar10.load_data()
c = keras.utils.to_categorical(y_train, 10)
(a_train, b_train), _ = keras.datasets.imdb.load_data(num_words=20000)
p = sequence.pad_sequences(a_train, maxlen=80)
v = keras.utils.to_categorical(b_train, num_classes=2)`,
        ['c', 'p', 'v'],
      ),
    ).toEqual({ c: [50000, 10], p: [25000, 80], v: [25000, 2] });
  });
});

describe('NumPy arrays and methods (NumPy docs of each function)', () => {
  it('zeros, ones, random.rand/randn/normal(size=...), arange(n).reshape, eye, array of a nested list', () => {
    expect(
      shapes(
        `import numpy as np
z = np.zeros((32, 28, 28, 1))
o = np.ones(7)
r = np.random.rand(5, 3)
n = np.random.randn(4)
g = np.random.normal(0, 1, size=(2, 3))
u = np.random.uniform(size=10)
a = np.arange(24).reshape(2, 3, 4)
s = np.arange(2, 10, 3)
e = np.eye(3)
l = np.array([[1, 2, 3], [4, 5, 6]])`,
        ['z', 'o', 'r', 'n', 'g', 'u', 'a', 's', 'e', 'l'],
      ),
    ).toEqual({ z: [32, 28, 28, 1], o: [7], r: [5, 3], n: [4], g: [2, 3], u: [10], a: [2, 3, 4], s: [3], e: [3, 3], l: [2, 3] });
  });

  it('mnist prepared as Keras examples do: reshape(N, 784), astype, / 255, expand_dims, x[..., None], shape[1:], transpose, mean', () => {
    expect(
      shapes(
        `import numpy as np
from keras.datasets import mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
flat = x_train.reshape(x_train.shape[0], 784).astype('float32') / 255.0
col = np.expand_dims(x_test, -1)
none = x_test[..., None]
first = x_train.reshape((-1,) + x_train.shape[1:] + (1,))
t = col.transpose(0, 3, 1, 2)
m = x_train.mean(axis=0)
c = np.concatenate([x_train, x_test])`,
        ['flat', 'col', 'none', 'first', 't', 'm', 'c'],
      ),
    ).toEqual({ flat: [60000, 784], col: [10000, 28, 28, 1], none: [10000, 28, 28, 1], first: [60000, 28, 28, 1], t: [10000, 1, 28, 28], m: [28, 28], c: [70000, 28, 28] });
  });

  it('np.dot, np.matmul with a vector, np.tensordot, np.einsum, np.sum keepdims, np.split (numpy docs examples)', () => {
    expect(
      shapes(
        `import numpy as np
d = np.dot(np.ones((3, 4)), np.ones((4, 5)))
dv = np.dot(np.ones((3, 4)), np.ones(4))
mv = np.matmul(np.ones((2, 3, 4)), np.ones(4))
td = np.tensordot(np.ones((3, 4, 5)), np.ones((4, 3, 2)), axes=([1, 0], [0, 1]))
es = np.einsum('ij,jk', np.ones((2, 3)), np.ones((3, 4)))
k = np.sum(np.ones((2, 3)), axis=1, keepdims=True)
a, b, c = np.split(np.arange(9), 3)`,
        ['d', 'dv', 'mv', 'td', 'es', 'k', 'a'],
      ),
    ).toEqual({ d: [3, 5], dv: [3], mv: [2, 3], td: [5, 2], es: [2, 4], k: [2, 1], a: [3] });
  });

  it('np.pad widths broadcast per axis: an int, a pair, ((b, a),), one pair per axis; negative is unknown (numpy.pad docs, _as_pairs)', () => {
    expect(
      shapes(
        `import numpy as np
x = np.zeros((100, 28, 28, 1))
p = np.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]], mode='constant')
i = np.pad(np.ones((3, 4)), 1)
t = np.pad(np.ones((3, 4)), (1, 2))
o = np.pad(np.ones((3, 4)), ((1, 2),))
n = np.pad(np.ones((3, 4)), -1)`,
        ['p', 'i', 't', 'o', 'n'],
      ),
    ).toEqual({ p: [100, 32, 32, 1], i: [5, 6], t: [6, 7], o: [6, 7], n: null });
  });

  it('NumPy shape errors: reshape of 60000·28·28 into (60000, 785), matmul inner 4 vs 5', () => {
    const r = analyze(`import numpy as np
from keras.datasets import mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
a = x_train.reshape(60000, 785)
b = np.ones((3, 4)) @ np.ones((5, 2))
`);
    expect(r.diagnostics.map((d) => `${d.range.start.line} ${d.severity} ${d.code}`)).toEqual(['3 error reshape-size-mismatch', '4 error matmul-mismatch']);
  });
});

describe('Keras examples whose input shape is x_train.shape[1:] (keras-team/keras examples at 2.1.6)', () => {
  it('a cifar10_cnn-style Sequential gets exact shapes and the params TensorFlow.js 4 counts (1,250,858), with no diagnostic', () => {
    const r = analyze(`import keras
from keras.datasets import cifar10
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation, Flatten, Conv2D, MaxPooling2D
(x_train, y_train), (x_test, y_test) = cifar10.load_data()
x_train = x_train.astype('float32') / 255
model = Sequential()
model.add(Conv2D(32, (3, 3), padding='same', input_shape=x_train.shape[1:]))
model.add(Activation('relu'))
model.add(Conv2D(32, (3, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Conv2D(64, (3, 3), padding='same'))
model.add(Activation('relu'))
model.add(Conv2D(64, (3, 3)))
model.add(Activation('relu'))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Dropout(0.25))
model.add(Flatten())
model.add(Dense(512))
model.add(Activation('relu'))
model.add(Dropout(0.5))
model.add(Dense(10))
model.add(Activation('softmax'))
`);
    expect(r.diagnostics).toEqual([]);
    const conv = r.layers.filter((l) => l.type === 'Conv2D').map(shapeOf);
    expect(conv).toEqual([[null, 32, 32, 32], [null, 30, 30, 32], [null, 15, 15, 64], [null, 13, 13, 64]]);
    expect(shapeOf(r.layers.find((l) => l.type === 'Flatten'))).toEqual([null, 2304]);
    expect(r.layers.reduce((s, l) => s + (l.params ?? 0), 0)).toBe(1250858);
  });

  it('a Flatten after a layer whose input shape is unknown (a tf.data tensor) says nothing: its symbolic sizes are assumed', () => {
    const r = analyze(`import keras
from keras import layers
import tensorflow as tf
inputs, targets = tf.data.Dataset.from_tensor_slices((a, b)).batch(128).make_one_shot_iterator().get_next()
x = layers.Input(tensor=inputs)
x = layers.Conv2D(32, (3, 3))(x)
x = layers.Flatten()(x)
`);
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
  });
});
