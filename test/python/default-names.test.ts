/**
 * Keras' default layer names. Sources: keras-team/keras keras/src/utils/naming.py (`to_snake_case`,
 * `uniquify`: `conv2d`, `conv2d_1`, … in Keras 3), tf.keras 2.4+ base_layer.py `_init_set_name` →
 * `backend.unique_object_name(..., zero_based=True)` (the same spelling), Keras 1.2
 * engine/topology.py `Layer.__init__`: `prefix + '_' + str(K.get_uid(prefix))` (from 1); and the
 * keras-io MNIST convnet summary (tf.keras: conv2d, max_pooling2d, conv2d_1, max_pooling2d_1,
 * flatten, dropout, dense).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { summaryTable } from '../../server/src/analysis/summary.js';
import { snakeCase } from '../../server/src/python/default-names.js';
import { analyzer } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const MNIST = `from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPool2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax", name="predictions"),
    ]
)
`;

describe('default layer names', () => {
  it('to_snake_case', () => {
    expect(['Conv2D', 'MaxPooling2D', 'Conv2DTranspose', 'MultiHeadAttention', 'LSTM', 'BatchNormalization', 'GlobalAveragePooling1D'].map(snakeCase)).toEqual([
      'conv2d', 'max_pooling2d', 'conv2d_transpose', 'multi_head_attention', 'lstm', 'batch_normalization', 'global_average_pooling1d',
    ]);
  });
  it('tf.keras 2.4+ / Keras 3: conv2d, conv2d_1, …; an alias takes its class name; a name= stays the user\'s', () => {
    const r = analyze(MNIST);
    const rows = r.layers.filter((l) => l.type !== 'keras.Input');
    expect(rows.map((l) => [l.name, l.defaultName ?? false])).toEqual([
      ['conv2d', true], ['max_pooling2d', true], ['conv2d_1', true], ['max_pooling2d_1', true], ['flatten', true], ['dropout', true], ['predictions', false],
    ]);
    const table = summaryTable(r);
    expect(table).toContain('layers.Conv2D [conv2d_1]');
    expect(table).toContain('predictions (layers.Dense)');
  });
  it('Keras 1: convolution2d_1 from 1', () => {
    const r = analyze('from keras.models import Sequential\nfrom keras.layers import Convolution2D, Dense\nm = Sequential()\nm.add(Convolution2D(8, 3, 3, border_mode="same", input_shape=(3, 32, 32)))\nm.add(Convolution2D(8, 3, 3))\n');
    expect(r.layers.map((l) => l.name)).toEqual(['convolution2d_1', 'convolution2d_2']);
  });
  it('standalone Keras 2+ (2.0–2.3 count from 1, Keras 3 from 0) and layers built in a loop of unknown length: no name', () => {
    expect(analyze('import keras\nfrom keras import layers\nx = keras.Input(shape=(4,))\ny = layers.Dense(3)(x)\n').layers.at(-1)!.name).toBeNull();
    const r = analyze(`import sys
from tensorflow import keras
from tensorflow.keras import layers
x = keras.Input(shape=(4,))
for _ in range(int(sys.argv[1])):
    x = layers.Dense(4)(x)
y = layers.Dense(2)(x)
`);
    expect(r.layers.at(-1)!.name).toBeNull();
  });
  it('functional merges take the class\'s name', () => {
    const r = analyze('from tensorflow import keras\nfrom tensorflow.keras import layers\na = keras.Input(shape=(4,))\nb = layers.add([a, a])\nc = layers.Add()([b, a])\n');
    // Input is input_1 in tf.keras 2 but input_layer in Keras 3: tf.keras may be either, so no name.
    expect(r.layers.map((l) => l.name)).toEqual([null, 'add', 'add_1']);
  });
});
