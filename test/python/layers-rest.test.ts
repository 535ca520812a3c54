/**
 * The public layers issue 13 §1 still lacked (docs/LAYERS.md lists every name the releases export).
 * Truth: TensorFlow.js (@tensorflow/tfjs-layers 4.22) where it has the layer (PReLU with
 * sharedAxes); otherwise the Keras source formula cited in each case — keras-team/keras at v3.15.1
 * (keras/src/layers/…), v2.15.0 (tf.keras, keras/layers/…), 2.3.1 and 1.2.2 (standalone).
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

const KERAS3 = 'import keras\nfrom keras import layers\n';
const KERAS1 = 'from keras.layers import *\n';

/** The last row of `src` (Keras 1 files: built on `Input(shape=…)` by the test). */
function lastRow(src: string): { shape: (number | string | null)[] | null; params: number | null } {
  const r = analyze(src);
  const row = r.layers[r.layers.length - 1]!;
  return { shape: shapeOf(row), params: row.params };
}

describe('PReLU shared_axes against TensorFlow.js', () => {
  it('layers.PReLU(shared_axes=[1, 2]) on (8, 8, 3): alpha (1, 1, 3)', () => {
    const truth = tfjsLayer(tfl.layers.prelu({ sharedAxes: [1, 2] }), [8, 8, 3]);
    expect(layerRow(analyze, 'layers.PReLU(shared_axes=[1, 2])', [8, 8, 3])).toEqual({ shape: truth.shape, params: truth.params });
    const plain = tfjsLayer(tfl.layers.prelu({}), [8, 8, 3]);
    expect(layerRow(analyze, 'layers.PReLU()', [8, 8, 3])).toEqual({ shape: plain.shape, params: plain.params });
  });
});

describe('recurrent: CuDNNLSTM / CuDNNGRU, ConvRNN2D(ConvLSTM2DCell)', () => {
  it('CuDNNLSTM: kernel (d, 4u), recurrent (u, 4u), bias (8u,) — tf.keras keras/layers/rnn/cudnn_lstm.py build', () => {
    const src = 'import tensorflow as tf\nx = tf.keras.Input(shape=(10, 32))\ny = tf.compat.v1.keras.layers.CuDNNLSTM(64, return_sequences=True)(x)\n';
    expect(lastRow(src)).toEqual({ shape: [null, 10, 64], params: 4 * 64 * (32 + 64) + 8 * 64 });
  });
  it('CuDNNGRU: kernel (d, 3u), recurrent (u, 3u), bias (6u,) — Keras 2.3.1 keras/layers/cudnn_recurrent.py build; return_state adds h', () => {
    const r = analyze('from keras.layers import Input, CuDNNGRU\nx = Input(shape=(7, 4))\ny = CuDNNGRU(16, return_state=True)(x)\n');
    const row = r.layers[r.layers.length - 1]!;
    expect(row.outputs.map((o) => o.shape)).toEqual([[null, 16], [null, 16]]);
    expect(row.params).toBe(3 * 16 * (4 + 16) + 6 * 16);
  });
  it('ConvRNN2D(ConvLSTM2DCell(…)) is ConvLSTM2D — Keras 2.3.1 convolutional_recurrent.py ConvLSTM2DCell.build', () => {
    const src = "from keras.layers import Input, ConvRNN2D, ConvLSTM2DCell\nx = Input(shape=(4, 16, 16, 2))\ny = ConvRNN2D(ConvLSTM2DCell(6, (3, 3), padding='same'), return_sequences=True)(x)\n";
    expect(lastRow(src)).toEqual({ shape: [null, 4, 16, 16, 6], params: 9 * 2 * 24 + 9 * 6 * 24 + 24 });
  });
});

describe('Keras 3 pooling, attention, embedding', () => {
  it('AdaptiveAveragePooling2D / AdaptiveMaxPooling1D / 3D: (N, *output_size, C) — base_adaptive_pooling.py compute_output_shape', () => {
    expect(layerRow(analyze, 'layers.AdaptiveAveragePooling2D((4, 5))', [32, 30, 3], KERAS3)).toEqual({ shape: [null, 4, 5, 3], params: 0 });
    expect(layerRow(analyze, 'layers.AdaptiveMaxPooling1D(7)', [50, 8], KERAS3)).toEqual({ shape: [null, 7, 8], params: 0 });
    expect(layerRow(analyze, 'layers.AdaptiveMaxPooling3D(2, data_format="channels_first")', [3, 8, 8, 8], KERAS3)).toEqual({ shape: [null, 3, 2, 2, 2], params: 0 });
  });
  it('GroupQueryAttention: query (D, Hq, h)+(Hq, h), key/value (D, Hkv, h)+(Hkv, h), output (Hq, h, D)+(D,) — grouped_query_attention.py build', () => {
    const src = `${KERAS3}q = keras.Input(shape=(10, 64))\nv = keras.Input(shape=(12, 64))\ny = layers.GroupQueryAttention(head_dim=16, num_query_heads=8, num_key_value_heads=2)(q, v)\n`;
    const params = 8 * 16 * (64 + 1) + 2 * (2 * 16 * (64 + 1)) + 8 * 16 * 64 + 64;
    expect(lastRow(src)).toEqual({ shape: [null, 10, 64], params });
    const scores = analyze(`${KERAS3}q = keras.Input(shape=(10, 64))\nv = keras.Input(shape=(12, 64))\ny, s = layers.GroupQueryAttention(16, 8, 2, use_bias=False)(q, v, return_attention_scores=True)\n`);
    const row = scores.layers[scores.layers.length - 1]!;
    // compute_output_spec: scores (B, Hq, Tq, Tk).
    expect(row.outputs.map((o) => o.shape)).toEqual([[null, 10, 64], [null, 8, 10, 12]]);
    expect(row.params).toBe(8 * 16 * 64 + 2 * (2 * 16 * 64) + 8 * 16 * 64);
  });
  it('ReversibleEmbedding: Embedding forward, (…, input_dim) with reverse=True; tie_weights=False adds (output_dim, input_dim) — reversible_embedding.py', () => {
    expect(layerRow(analyze, 'layers.ReversibleEmbedding(1000, 32)', [20], KERAS3)).toEqual({ shape: [null, 20, 32], params: 32_000 });
    const src = `${KERAS3}x = keras.Input(shape=(20, 32))\ny = layers.ReversibleEmbedding(1000, 32, tie_weights=False)(x, reverse=True)\n`;
    expect(lastRow(src)).toEqual({ shape: [null, 20, 1000], params: 64_000 });
  });
});

describe('Keras 3 audio', () => {
  it('MelSpectrogram: (N, T) → (N, num_mel_bins, (T + stride + 1) // stride) — mel_spectrogram.py compute_output_shape', () => {
    expect(layerRow(analyze, 'layers.MelSpectrogram()', [16000], KERAS3)).toEqual({ shape: [null, 128, Math.floor((16000 + 513) / 512)], params: 0 });
    expect(layerRow(analyze, 'layers.MelSpectrogram(num_mel_bins=80, sequence_stride=160)', [16000], KERAS3)).toEqual({ shape: [null, 80, Math.floor((16000 + 161) / 160)], params: 0 });
  });
  it('STFTSpectrogram: a conv of frame_length taps, F = fft // 2 + 1 bins per channel; kernels (frame_length, 1, F) — stft_spectrogram.py', () => {
    // frame_length 256, frame_step 128, fft 256 → F = 129; valid: ⌊(1000 − 256) / 128⌋ + 1 = 6.
    expect(layerRow(analyze, 'layers.STFTSpectrogram()', [1000, 2], KERAS3)).toEqual({ shape: [null, 6, 129 * 2], params: 2 * 256 * 129 });
    // frame_length 200 → fft 256; step 100, same: ⌈1000 / 100⌉ = 10; mode 'real' keeps only the real kernel.
    expect(layerRow(analyze, 'layers.STFTSpectrogram(mode="real", frame_length=200, frame_step=100, padding="same", expand_dims=True)', [1000, 3], KERAS3)).toEqual({ shape: [null, 10, 129, 3], params: 200 * 129 });
  });
});

describe('preprocessing and normalization', () => {
  it('HashedCrossing: int keeps the shape, one_hot adds num_bins — hashed_crossing.py compute_output_shape', () => {
    const src = (mode: string) => `${KERAS3}a = keras.Input(shape=(1,))\nb = keras.Input(shape=(1,))\ny = layers.HashedCrossing(num_bins=5, output_mode="${mode}")((a, b))\n`;
    expect(lastRow(src('int'))).toEqual({ shape: [null, 1], params: 0 });
    expect(lastRow(src('one_hot'))).toEqual({ shape: [null, 5], params: 0 });
  });
  it('CategoryCrossing (tf.keras 2.6–2.7): rank-2 inputs → (batch, None) — category_crossing.py compute_output_shape', () => {
    const src = 'import tensorflow as tf\na = tf.keras.Input(shape=(2,))\nb = tf.keras.Input(shape=(3,))\ny = tf.keras.layers.experimental.preprocessing.CategoryCrossing()([a, b])\n';
    expect(lastRow(src)).toEqual({ shape: [null, null], params: 0 });
  });
  it('Pipeline: its layers in order, their weights its own — pipeline.py call', () => {
    expect(layerRow(analyze, 'layers.Pipeline([layers.Rescaling(1 / 255), layers.CenterCrop(24, 24), layers.Normalization(mean=0.5, variance=0.25)])', [32, 32, 3], KERAS3)).toEqual({ shape: [null, 24, 24, 3], params: 0 });
    expect(layerRow(analyze, 'layers.Pipeline([layers.Resizing(16, 16), layers.Normalization()])', [32, 32, 3], KERAS3)).toEqual({ shape: [null, 16, 16, 3], params: 2 * 3 + 1 });
  });
  it('SpectralNormalization: the wrapped layer plus vector_u (1, kernel.shape[-1]) — spectral_normalization.py build', () => {
    expect(layerRow(analyze, 'layers.SpectralNormalization(layers.Conv2D(8, 3))', [16, 16, 3], KERAS3)).toEqual({ shape: [null, 14, 14, 8], params: 3 * 3 * 3 * 8 + 8 + 8 });
    expect(layerRow(analyze, 'layers.SpectralNormalization(layers.Dense(10))', [20], KERAS3)).toEqual({ shape: [null, 10], params: 20 * 10 + 10 + 10 });
  });
  it('SyncBatchNormalization: BatchNormalization\'s γ, β, moving mean and variance — tf.keras normalization/batch_normalization.py', () => {
    expect(layerRow(analyze, 'layers.experimental.SyncBatchNormalization()', [8, 8, 16])).toEqual({ shape: [null, 8, 8, 16], params: 4 * 16 });
  });
  it('RandomFourierFeatures: (N, output_dim); kernel (d, o), bias (o,), kernel_scale (1,) — tf.keras kernelized.py build', () => {
    expect(layerRow(analyze, 'layers.experimental.RandomFourierFeatures(64)', [10])).toEqual({ shape: [null, 64], params: 10 * 64 + 64 + 1 });
  });
  it('ContrastLimitedAdaptiveHistogramEqualization and MaxNumBoundingBoxes keep an image\'s shape (clahe.py, max_num_bounding_box.py)', () => {
    expect(layerRow(analyze, 'layers.ContrastLimitedAdaptiveHistogramEqualization()', [64, 64, 3], KERAS3).shape).toEqual([null, 64, 64, 3]);
    expect(layerRow(analyze, 'layers.MaxNumBoundingBoxes(10)', [64, 64, 3], KERAS3).shape).toEqual([null, 64, 64, 3]);
  });
});

describe('Keras 1.2.2 layers (keras/layers/core.py, advanced_activations.py, engine/topology.py)', () => {
  const k1 = (input: string, layer: string) => lastRow(`${KERAS1}x = Input(shape=${input})\ny = ${layer}(x)\n`);
  it('MaxoutDense: W (nb_feature, d, o) + b (nb_feature, o)', () => {
    expect(k1('(100,)', 'MaxoutDense(64)')).toEqual({ shape: [null, 64], params: 4 * 100 * 64 + 4 * 64 });
    expect(k1('(100,)', 'MaxoutDense(64, nb_feature=2, bias=False)')).toEqual({ shape: [null, 64], params: 2 * 100 * 64 });
  });
  it('Highway: W, W_carry (d, d) + b, b_carry (d,); the shape is kept', () => {
    expect(k1('(50,)', 'Highway()')).toEqual({ shape: [null, 50], params: 2 * 50 * 50 + 2 * 50 });
  });
  it('TimeDistributedDense: (N, T, output_dim); W (d, o) + b (o,)', () => {
    expect(k1('(10, 20)', 'TimeDistributedDense(8)')).toEqual({ shape: [null, 10, 8], params: 20 * 8 + 8 });
  });
  it('SReLU (4 tensors) and ParametricSoftplus (2) of input_shape[1:], shared_axes set to 1', () => {
    expect(k1('(8, 8, 3)', 'SReLU()')).toEqual({ shape: [null, 8, 8, 3], params: 4 * 8 * 8 * 3 });
    expect(k1('(8, 8, 3)', 'SReLU(shared_axes=[1, 2])')).toEqual({ shape: [null, 8, 8, 3], params: 4 * 3 });
    expect(k1('(8, 8, 3)', 'ParametricSoftplus()')).toEqual({ shape: [null, 8, 8, 3], params: 2 * 8 * 8 * 3 });
  });
  it('Merge modes: concat on concat_axis, sum keeps the shape, dot drops dot_axes (a lone batch gets a 1)', () => {
    const m = (mode: string) => lastRow(`${KERAS1}a = Input(shape=(4, 6))\nb = Input(shape=(4, 6))\ny = Merge(${mode})([a, b])\n`);
    expect(m("mode='concat', concat_axis=1").shape).toEqual([null, 8, 6]);
    expect(m("mode='sum'").shape).toEqual([null, 4, 6]);
    // (N, 4, 6) · (N, 4, 6) over axis 2: [N, 4] + [4] → (N, 4, 4).
    expect(m("mode='dot', dot_axes=2").shape).toEqual([null, 4, 4]);
    expect(lastRow(`${KERAS1}a = Input(shape=(6,))\nb = Input(shape=(6,))\ny = merge([a, b], mode='cos', dot_axes=1)\n`).shape).toEqual([null, 1]);
  });
  it('Merge([branch_a, branch_b]) first in a Sequential merges the branches\' outputs (Merge.__init__ with layers)', () => {
    const src = `from keras.models import Sequential\nfrom keras.layers import Dense, Merge\na = Sequential()\na.add(Dense(8, input_dim=4))\nb = Sequential()\nb.add(Dense(6, input_dim=3))\nm = Sequential()\nm.add(Merge([a, b], mode='concat'))\nm.add(Dense(2))\n`;
    const r = analyze(src);
    const merge = r.layers.find((l) => l.type === 'Merge');
    expect(shapeOf(merge)).toEqual([null, 14]);
    expect(r.layers[r.layers.length - 1]!.params).toBe(14 * 2 + 2);
  });
  it("Merge(mode='dot') of axes with different sizes is Keras' \"Dimension incompatibility\"", () => {
    const r = analyze(`${KERAS1}a = Input(shape=(4, 6))\nb = Input(shape=(5, 7))\ny = Merge(mode='dot', dot_axes=2)([a, b])\n`);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'dot-mismatch']]);
  });
});
