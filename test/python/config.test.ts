/**
 * The configuration code reads (issue 8 §3): `K.image_data_format()` & co. resolve to the setting
 * or to the file's own setter, and Keras 1 files that state no ordering are analysed under the one
 * that gives a valid model.
 * Sources: keras-team/keras 2.2 keras/backend/common.py (`image_data_format`, `set_image_data_format`;
 * `normalize_data_format(None)` returns it, keras/utils/conv_utils.py, so a layer with no
 * `data_format` follows it); Keras 1.0.8 keras/backend/common.py `_IMAGE_DIM_ORDERING = 'th'`,
 * 1.1.0 `'tf'`; Keras 1 `Convolution2D.get_output_shape_for` (conv_output_length: valid L − k + 1,
 * same L) and `MaxPooling2D` (floor(L / 2)).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzer, outputsNamed, shapeOf } from './helpers.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import type { PythonOptions } from '../../server/src/python/analyze.js';

let analyze: (src: string, options?: PythonOptions) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
const shapes = (r: AnalysisResult, type: string) => r.layers.filter((l) => l.type === type).map(shapeOf);

describe('image_data_format', () => {
  const src = `from tensorflow.keras import layers, backend as K
x = layers.Input(shape=(3, 32, 32))
y = layers.Conv2D(8, 3)(x)
fmt = K.image_data_format()
z = layers.Conv2D(4, 3, data_format=fmt)(x)
`;
  it('defaults to channels_last: Conv2D(8, 3) on (3, 32, 32) convolves 3×32 with 32 channels', () => {
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 1, 30, 8]);
    expect(shapeOf(outputsNamed(r, 'z')[0])).toEqual([null, 1, 30, 4]);
  });

  it('the setting channels_first applies to layers without data_format and to K.image_data_format()', () => {
    const r = analyze(src, { imageDataFormat: 'channels_first' });
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 8, 30, 30]);
    expect(shapeOf(outputsNamed(r, 'z')[0])).toEqual([null, 4, 30, 30]);
  });

  it("the file's own K.set_image_data_format wins over the setting from where it runs", () => {
    const r = analyze(`from keras import backend as K
from keras.layers import Input, Conv2D
a = Conv2D(8, 3)(Input(shape=(3, 32, 32)))
K.set_image_data_format('channels_first')
b = Conv2D(8, 3)(Input(shape=(3, 32, 32)))
`);
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, 1, 30, 8]);
    expect(shapeOf(outputsNamed(r, 'b')[0])).toEqual([null, 8, 30, 30]);
  });

  it('a problem only the assumed format has is information; one every format has stays an error', () => {
    // Keras 1.1.0's examples/mnist_net2net.py: input_shape=(1, 28, 28), "tested with 'th'"
    // (keras.json). Under channels_last the 3×3 kernel meets 1 row (Keras' conv_output_length:
    // 1 − 3 + 1 < 1), under channels_first 28×28 convolves: which one runs depends on keras.json.
    const assumed = analyze(`from tensorflow.keras import layers
y = layers.Conv2D(8, 3)(layers.Input(shape=(1, 28, 28)))
`);
    expect(assumed.diagnostics.map((d) => [d.severity, d.code])).toEqual([['information', 'non-positive-output']]);
    expect(assumed.diagnostics[0]!.message).toMatch(/assuming image_data_format 'channels_last'.*under 'channels_first' it runs/);
    expect(shapeOf(outputsNamed(assumed, 'y')[0])).toEqual([null, null, 26, 8]);
    // (1, 2, 1): 1×2 under channels_last, 2×1 under channels_first — a 3×3 kernel fits neither.
    const both = analyze(`from tensorflow.keras import layers
y = layers.Conv2D(8, 3)(layers.Input(shape=(1, 2, 1)))
`);
    expect(both.diagnostics.map((d) => d.severity)).toContain('error');
  });

  it('tf.nn and tf.layers keep NHWC whatever Keras is set to', () => {
    const r = analyze(`import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 32, 32, 3])
y = tf.layers.conv2d(x, 8, 3)
`, { imageDataFormat: 'channels_first' });
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 30, 30, 8]);
  });
});

describe('Keras 1 dim ordering the file does not state', () => {
  it("Keras' own mnist_cnn.py (2016): only 'th' gives a valid model; the conv shapes Keras 1.0 computes, no alarm", () => {
    const r = analyze(readFileSync('test/python/fixtures/keras-2016/mnist_cnn.py', 'utf8'));
    expect(alarms(r)).toEqual([]);
    expect(shapes(r, 'Convolution2D')).toEqual([
      [null, 32, 26, 26],
      [null, 32, 24, 24],
    ]);
    expect(shapes(r, 'MaxPooling2D')).toEqual([[null, 32, 12, 12]]);
    // 320 + 9,248 + 4,608·128 + 128 + 1,290 (Keras 1 Convolution2D/Dense weights + biases).
    expect(r.layers.reduce((s, l) => s + (l.params ?? 0), 0)).toBe(600_810);
    const note = r.diagnostics.find((d) => d.code === 'keras1-dim-ordering-assumed');
    expect(note?.severity).toBe('hint');
    expect(note?.message).toMatch(/assumed 'th'.*only it gives a model Keras accepts/);
  });

  it("Keras' own cifar10_cnn.py (2016): 'th', (3, 32, 32) → 32×32 same, 30, 15, 15, 13, 6", () => {
    const r = analyze(readFileSync('test/python/fixtures/keras-2016/cifar10_cnn.py', 'utf8'));
    expect(alarms(r)).toEqual([]);
    expect(shapes(r, 'Convolution2D')).toEqual([
      [null, 32, 32, 32],
      [null, 32, 30, 30],
      [null, 64, 15, 15],
      [null, 64, 13, 13],
    ]);
    expect(shapes(r, 'MaxPooling2D')).toEqual([
      [null, 32, 15, 15],
      [null, 64, 6, 6],
    ]);
  });

  it('both orderings valid: the setting decides (default tf), and says so', () => {
    const src = `from keras.layers import Input, Convolution2D
x = Input(shape=(32, 32, 32))
y = Convolution2D(8, 3, 3)(x)
`;
    expect(shapeOf(outputsNamed(analyze(src), 'y')[0])).toEqual([null, 30, 30, 8]);
    const th = analyze(src, { keras1DimOrdering: 'th' });
    expect(shapeOf(outputsNamed(th, 'y')[0])).toEqual([null, 8, 30, 30]);
    expect(th.diagnostics.find((d) => d.code === 'keras1-dim-ordering-assumed')?.message).toMatch(/assumed 'th'.*setting shapelens\.python\.keras1DimOrdering/);
  });

  it('Embedding(input_dim=, output_dim=) is not Keras 1 evidence: those are its own names in every version', () => {
    // keras-io examples/vision/swin_transformers.py (Keras 3: it uses keras.ops) loads cifar100 and
    // builds Embedding(input_dim=…, output_dim=…); Keras 3's keras/src/layers/core/embedding.py and
    // Keras 1.2's keras/layers/embeddings.py both name them so. cifar100 in Keras 2/3 is
    // channels_last (keras/src/datasets/cifar100.py transposes to (N, 32, 32, 3)).
    const r = analyze(`import keras
from keras import layers
(x_train, y_train), _ = keras.datasets.cifar100.load_data()
embed = layers.Embedding(input_dim=100, output_dim=8)
y = layers.Dense(4)(keras.Input(shape=x_train.shape[1:]))
`);
    expect(r.diagnostics).toEqual([]);
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 32, 32, 4]);
  });

  it('an ordering the file sets is used with no note', () => {
    const r = analyze(`from keras import backend as K
from keras.layers import Input, Convolution2D
K.set_image_dim_ordering('th')
y = Convolution2D(8, 3, 3)(Input(shape=(3, 32, 32)))
`);
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 8, 30, 30]);
    expect(r.diagnostics).toEqual([]);
  });

  it('a problem under every ordering stays an error; one only the assumed ordering has is information', () => {
    // 'th': 2×1 rows/cols, 'tf': 1×2: a 3×3 kernel fails under both, so the error stays.
    const both = analyze(`from keras.layers import Input, Convolution2D
y = Convolution2D(8, 3, 3)(Input(shape=(1, 2, 1)))
`);
    expect(alarms(both).map((d) => d.severity)).toContain('error');
    // (5, 5, 1): 'tf' is valid, 'th' (1 row of 5 channels) fails → 'tf', no alarm.
    const one = analyze(`from keras.layers import Input, Convolution2D
y = Convolution2D(8, 3, 3)(Input(shape=(5, 5, 1)))
`, { keras1DimOrdering: 'th' });
    expect(shapeOf(outputsNamed(one, 'y')[0])).toEqual([null, 3, 3, 8]);
    expect(alarms(one)).toEqual([]);
  });
});
