/**
 * Preprocessing, Dot and LocallyConnected layers. Truth: TensorFlow.js (@tensorflow/tfjs-layers
 * 4.22: rescaling, centerCrop, categoryEncoding, dot) where it has the layer — its resizing and
 * randomWidth get computeOutputShape wrong for batched input ([64, 48, 32] for (None, 32, 32, 3)) —;
 * otherwise the Keras source cited per case (keras/src/layers/preprocessing/normalization.py
 * `build`, text_vectorization.py `compute_output_shape`, tf.keras 2 locally_connected2d.py `build`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, layerRow, shapeOf } from './helpers.js';
import { tfjsLayer, tfjsReady, tfl } from './tfjs.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
  await tfjsReady();
});

describe('preprocessing against TensorFlow.js', () => {
  it.each([
    ['layers.Rescaling(1.0 / 255)', () => tfl.layers.rescaling({ scale: 1 / 255 }), [32, 32, 3]],
    ['layers.CenterCrop(20, 24)', () => tfl.layers.centerCrop({ height: 20, width: 24 }), [32, 32, 3]],
    ['layers.CategoryEncoding(num_tokens=6)', () => tfl.layers.categoryEncoding({ numTokens: 6 }), [4]],
    ['layers.CategoryEncoding(num_tokens=6, output_mode="one_hot")', () => tfl.layers.categoryEncoding({ numTokens: 6, outputMode: 'oneHot' }), [1]],
    ['layers.experimental.preprocessing.Rescaling(0.5)', () => tfl.layers.rescaling({ scale: 0.5 }), [8, 8, 1]],
  ] as [string, () => tfl.layers.Layer, number[]][])('%s', (py, make, input) => {
    const truth = tfjsLayer(make(), input);
    expect(layerRow(analyze, py, input)).toEqual({ shape: truth.shape, params: truth.params });
  });
});

describe('preprocessing by the Keras source', () => {
  it('Normalization: mean, variance (kept axes) and a scalar count, none when mean/variance are given', () => {
    expect(layerRow(analyze, 'layers.Normalization()', [28, 28, 1])).toEqual({ shape: [null, 28, 28, 1], params: 3 });
    expect(layerRow(analyze, 'layers.Normalization(axis=None)', [4])).toEqual({ shape: [null, 4], params: 3 });
    expect(layerRow(analyze, 'layers.Normalization(mean=0.5, variance=0.2)', [4])).toEqual({ shape: [null, 4], params: 0 });
  });
  it('Resizing: (N, height, width, C) (resizing.py compute_output_shape); RandomWidth: width unknown (random_width.py)', () => {
    expect(layerRow(analyze, 'layers.Resizing(64, 48)', [32, 32, 3])).toEqual({ shape: [null, 64, 48, 3], params: 0 });
    expect(layerRow(analyze, 'layers.Resizing(64, 48, data_format="channels_first")', [3, 32, 32])).toEqual({ shape: [null, 3, 64, 48], params: 0 });
    expect(layerRow(analyze, 'layers.RandomWidth(0.2)', [32, 32, 3])).toEqual({ shape: [null, 32, null, 3], params: 0 });
  });
  it('random augmentations keep the shape; RandomCrop sets it', () => {
    const r = analyze(`from tensorflow import keras
from tensorflow.keras import layers
data_augmentation = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1), layers.RandomZoom(0.2), layers.RandomCrop(24, 24)])
inputs = keras.Input(shape=(32, 32, 3))
x = data_augmentation(inputs)
`);
    expect(r.layers.filter((l) => l.type.startsWith('layers.')).map((l) => shapeOf(l))).toEqual([[null, 32, 32, 3], [null, 32, 32, 3], [null, 32, 32, 3], [null, 24, 24, 3]]);
  });
  it('TextVectorization: (N, output_sequence_length) in int mode', () => {
    const r = analyze(`import tensorflow as tf
from tensorflow.keras import layers
vectorize = layers.TextVectorization(max_tokens=20000, output_mode="int", output_sequence_length=500)
inputs = tf.keras.Input(shape=(1,), dtype="string")
x = vectorize(inputs)
x = layers.Embedding(20000, 128)(x)
`);
    expect(r.layers.slice(1).map((l) => [shapeOf(l), l.params])).toEqual([[[null, 500], 0], [[null, 500, 128], 20000 * 128]]);
  });
});

describe('Dot against TensorFlow.js', () => {
  it.each([
    [1, [8], [8]],
    [2, [5, 8], [6, 8]],
    [[1, 1], [5, 8], [5, 3]],
  ] as [number | [number, number], number[], number[]][])('axes=%j on %j · %j', (axes, a, b) => {
    const x = tfl.input({ shape: a });
    const y = tfl.input({ shape: b });
    const truth = (tfl.layers.dot({ axes }).apply([x, y]) as tfl.SymbolicTensor).shape;
    const py = JSON.stringify(axes).replace('[', '(').replace(']', ')');
    const r = analyze(`from tensorflow import keras\nfrom tensorflow.keras import layers\nx = keras.Input(shape=(${a.join(', ')},))\ny = keras.Input(shape=(${b.join(', ')},))\nz = layers.Dot(axes=${py})([x, y])\n`);
    expect(shapeOf(r.layers.at(-1))).toEqual(truth);
  });
  it('mismatched axes are an error', () => {
    const r = analyze('from tensorflow import keras\nfrom tensorflow.keras import layers\nx = keras.Input(shape=(8,))\ny = keras.Input(shape=(7,))\nz = layers.Dot(axes=1)([x, y])\n');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['dot-mismatch']);
  });
});

describe('LocallyConnected (tf.keras 2 locally_connected1d.py / locally_connected2d.py build)', () => {
  it('2-D: kernel (out_h·out_w, 3·3·C, filters), bias (out_h, out_w, filters)', () => {
    expect(layerRow(analyze, 'layers.LocallyConnected2D(4, 3)', [10, 10, 2])).toEqual({ shape: [null, 8, 8, 4], params: 64 * 9 * 2 * 4 + 64 * 4 });
  });
  it('1-D with strides', () => {
    expect(layerRow(analyze, 'layers.LocallyConnected1D(5, 3, strides=2)', [11, 2])).toEqual({ shape: [null, 5, 5], params: 5 * 3 * 2 * 5 + 5 * 5 });
  });
});
