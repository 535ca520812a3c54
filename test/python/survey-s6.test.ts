/**
 * Findings of the session-6 survey of real code nobody here wrote: keras-core's examples
 * (keras-team/keras-core 3a464f90, Apache 2.0, `examples/`), the Keras 3 preview whose package was
 * `keras_core` before Keras 3.0 took the name `keras`. Each snippet is a minimal reproduction of the
 * file named in its test; the expected numbers cite their source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzer, shapeOf } from './helpers.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

describe('keras_core is Keras 3', () => {
  it('examples/demo_mnist_convnet.py: `import keras_core` builds the layers keras.io prints for mnist_convnet', () => {
    // keras-core's demo is keras-io's vision/mnist_convnet.py with `keras_core` for `keras`; its
    // summary in keras-io examples/vision/md/mnist_convnet.md (chicham/keras-io ac7f64cb, Keras 3):
    // (None,26,26,32) 320 · (None,13,13,32) · (None,11,11,64) 18,496 · (None,5,5,64) · (None,1600)
    // · (None,1600) · (None,10) 16,010; total 34,826.
    const r = analyze(`import numpy as np
import keras_core
from keras_core import layers

input_shape = (28, 28, 1)
model = keras_core.Sequential(
    [
        layers.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ]
)
`);
    expect(alarms(r)).toEqual([]);
    const rows = r.layers.slice(1); // after the Input row
    expect(rows.map(shapeOf)).toEqual([
      [null, 26, 26, 32], [null, 13, 13, 32], [null, 11, 11, 64], [null, 5, 5, 64], [null, 1600], [null, 1600], [null, 10],
    ]);
    expect(rows.map((l) => l.params)).toEqual([320, 0, 18496, 0, 0, 0, 16010]);
    expect(r.diagnostics.filter((d) => d.code === 'unresolved-import')).toEqual([]);
  });

  it('`from keras_core import ops` reads Keras 3 signatures: Conv2D(32, 3, 2) has strides 2', () => {
    // keras-core keras_core/layers/convolutional/conv2d.py: Conv2D(filters, kernel_size, strides=(1, 1), ...).
    const r = analyze(`import keras_core as keras
from keras_core import layers
x = keras.Input(shape=(32, 32, 3))
y = layers.Conv2D(8, 3, 2)(x)
`);
    expect(shapeOf(r.layers.at(-1))).toEqual([null, 15, 15, 8]);
  });
});
