/**
 * Unknown keyword arguments to a layer class (issue 8 §6): Keras 2 raises TypeError ("Keyword
 * argument not understood", keras/engine/base_layer.py · Layer.__init__ / generic_utils.validate_kwargs),
 * Keras 3 ValueError ("Unrecognized keyword arguments passed to …", keras/src/layers/layer.py ·
 * Layer.__init__). A warning only when no release of the dialect in play accepts it: the tables
 * (server/src/python/catalog/keywords.ts) are read from keras-team/keras' release tags by
 * scripts/keras-keywords.py. `groups` arrived in tf.keras with TF 2.3 (keras/layers/convolutional
 * Conv.__init__); `border_mode` is Keras 2.0–2.3's legacy spelling (keras/legacy/interfaces.py
 * legacy_conv2d_support).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzer } from './helpers.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const unknownKw = (r: AnalysisResult) => r.diagnostics.filter((d) => d.code === 'unknown-keyword');

describe('unknown keyword arguments to layer classes', () => {
  it('a keyword no release of tf.keras 2 or Keras 3 accepts is a warning at the keyword, with the closest name as a fix', () => {
    const src = `from tensorflow.keras import layers
x = layers.Input(shape=(32, 32, 3))
y = layers.Conv2D(8, kernal_size=3)(x)
`;
    const r = analyze(src);
    const [d] = unknownKw(r);
    expect(unknownKw(r)).toHaveLength(1);
    expect(d?.severity).toBe('warning');
    expect(d?.range.start).toEqual({ line: 2, character: 21 });
    expect(d?.message).toBe("Conv2D() got an unexpected keyword argument 'kernal_size': no release of tf.keras 2 or Keras 3 accepts it (a TypeError or ValueError when it runs, by version); did you mean 'kernel_size'?");
    expect(d?.fixes[0]?.edits[0]?.newText).toBe('kernel_size');
  });

  it('what some release accepts is silent: groups (TF 2.3+), Keras 2 legacy names, base Layer keywords', () => {
    const r = analyze(`from tensorflow.keras import layers
x = layers.Input(shape=(32, 32, 4))
y = layers.Conv2D(8, 3, groups=2, name='c', dtype='float32', trainable=False)(x)
z = layers.Dense(4, input_dim=8, kernel_initializer='he_normal')(y)
`);
    expect(unknownKw(r)).toEqual([]);
    const k2 = analyze(`from keras.layers import Conv2D, Dense, Input
x = Input(shape=(32, 32, 3))
y = Conv2D(8, 3, border_mode='same', init='glorot_uniform')(x)
`);
    expect(unknownKw(k2)).toEqual([]);
  });

  it("tf.keras 2 and Keras 3 do not take Keras 1's output_dim for Dense; standalone Keras 2.0–2.3 does", () => {
    expect(unknownKw(analyze('from tensorflow.keras import layers\nd = layers.Dense(output_dim=4)\n')).map((d) => d.severity)).toEqual(['warning']);
    expect(unknownKw(analyze('from keras import layers\nd = layers.Dense(output_dim=4)\n'))).toEqual([]);
  });

  it('Input: shape= and batch_shape= are fine; a misspelt shap= is a warning (keras/src/layers/core/input_layer.py Input; tf.keras 2.15 keras/engine/input_layer.py Input)', () => {
    expect(unknownKw(analyze('from tensorflow import keras\nx = keras.Input(shape=(8,), name="x")\ny = keras.Input(batch_shape=(2, 8))\n'))).toEqual([]);
    expect(unknownKw(analyze('from tensorflow import keras\nx = keras.Input(shap=(8,))\n')).map((d) => d.message)).toEqual([
      "Input() got an unexpected keyword argument 'shap': no release of tf.keras 2 or Keras 3 accepts it (a TypeError or ValueError when it runs, by version); did you mean 'shape'?",
    ]);
  });

  it('classes without a table, Keras 1 files and user classes are never checked', () => {
    expect(unknownKw(analyze('from tensorflow.keras import layers\np = layers.ZeroPadding2D(paddding=1)\n'))).toEqual([]);
    expect(unknownKw(analyze('from keras.layers import Convolution2D\nc = Convolution2D(8, 3, 3, whatever=1)\n'))).toEqual([]);
    expect(unknownKw(analyze('class Dense:\n    def __init__(self, **kw):\n        pass\nd = Dense(foo=1)\n'))).toEqual([]);
  });

  it("Keras' own 2016 examples give no unknown-keyword diagnostic", () => {
    for (const f of ['mnist_cnn.py', 'cifar10_cnn.py']) expect(unknownKw(analyze(readFileSync(`test/python/fixtures/keras-2016/${f}`, 'utf8')))).toEqual([]);
  });
});
