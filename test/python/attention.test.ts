/**
 * Attention, EinsumDense and normalization layers. Truth: TensorFlow.js (@tensorflow/tfjs-layers
 * 4.22) for LayerNormalization and BatchNormalization; where tfjs has no such layer, the weight
 * shapes of the Keras source cited per case (keras/src/layers/attention/multi_head_attention.py
 * `build`, attention.py / additive_attention.py `build`, core/einsum_dense.py docstring examples,
 * normalization/group_normalization.py `build`).
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

const HEAD = 'from tensorflow import keras\nfrom tensorflow.keras import layers\n';

describe('MultiHeadAttention (multi_head_attention.py build: q/k/v kernels (D, H, key_dim) + biases (H, key_dim), output (H, value_dim, O) + (O,))', () => {
  it('self-attention in a transformer block: num_heads=2, key_dim=32 on (None, 200, 32)', () => {
    const r = analyze(`${HEAD}x = keras.Input(shape=(200, 32))\ny = layers.MultiHeadAttention(num_heads=2, key_dim=32)(x, x)\n`);
    const row = r.layers[r.layers.length - 1]!;
    // 3 × (32·2·32 + 2·32) + (2·32·32 + 32)
    expect([shapeOf(row), row.params]).toEqual([[null, 200, 32], 3 * (2048 + 64) + 2048 + 32]);
  });
  it('cross-attention by keyword, value_dim, output_shape, no bias, scores', () => {
    const r = analyze(
      `${HEAD}q = keras.Input(shape=(8, 16))\nv = keras.Input(shape=(5, 4))\n` +
        `y, s = layers.MultiHeadAttention(num_heads=3, key_dim=6, value_dim=7, output_shape=10, use_bias=False)(query=q, value=v, return_attention_scores=True)\n`,
    );
    const row = r.layers[r.layers.length - 1]!;
    // q: 16·3·6, k: 4·3·6 (key defaults to value), v: 4·3·7, out: 3·7·10
    expect(row.params).toBe(288 + 72 + 84 + 210);
    expect(row.outputs.map((o) => o.shape)).toEqual([[null, 8, 10], [null, 3, 8, 5]]);
  });
});

describe('Attention / AdditiveAttention (attention.py, additive_attention.py build)', () => {
  it('Attention: (B, Tq, dim_v); a scalar scale with use_scale, a scalar concat weight with score_mode="concat"', () => {
    const src = (args: string) => `${HEAD}q = keras.Input(shape=(8, 16))\nv = keras.Input(shape=(5, 16))\ny = layers.Attention(${args})([q, v])\n`;
    const rows = ['', 'use_scale=True', 'use_scale=True, score_mode="concat"'].map((a) => analyze(src(a)).layers.at(-1)!);
    expect(rows.map((l) => [shapeOf(l), l.params])).toEqual([[[null, 8, 16], 0], [[null, 8, 16], 1], [[null, 8, 16], 2]]);
  });
  it('AdditiveAttention: scale of shape (dim,) by default', () => {
    const row = analyze(`${HEAD}q = keras.Input(shape=(8, 16))\nv = keras.Input(shape=(5, 16))\ny = layers.AdditiveAttention()([q, v])\n`).layers.at(-1)!;
    expect([shapeOf(row), row.params]).toEqual([[null, 8, 16], 16]);
  });
});

describe('EinsumDense (einsum_dense.py docstring examples)', () => {
  it.each([
    ['layers.EinsumDense("ab,bc->ac", output_shape=64, bias_axes="c")', [32], [null, 64], 32 * 64 + 64],
    ['layers.EinsumDense("abc,cd->abd", output_shape=(None, 64), bias_axes="d")', [32, 128], [null, 32, 64], 128 * 64 + 64],
    ['layers.EinsumDense("...b,bc->...c", output_shape=64, bias_axes="c")', [32, 128], [null, 32, 64], 128 * 64 + 64],
    ['layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 8))', [10, 16], [null, 10, 4, 8], 16 * 4 * 8],
  ])('%s', (py, input, shape, params) => {
    expect(layerRow(analyze, py, input)).toEqual({ shape, params });
  });
});

describe('normalization', () => {
  it.each([
    ['layers.LayerNormalization()', () => tfl.layers.layerNormalization(), [10, 16]],
    ['layers.LayerNormalization(axis=[1, 2])', () => tfl.layers.layerNormalization({ axis: [1, 2] }), [10, 16]],
    ['layers.LayerNormalization(center=False)', () => tfl.layers.layerNormalization({ center: false }), [10, 16]],
    ['layers.BatchNormalization(axis=1)', () => tfl.layers.batchNormalization({ axis: 1 }), [6, 4, 4]],
    ['layers.BatchNormalization(scale=False)', () => tfl.layers.batchNormalization({ scale: false }), [6, 4, 4]],
  ] as [string, () => tfl.layers.Layer, number[]][])('%s against TensorFlow.js', (py, make, input) => {
    const truth = tfjsLayer(make(), input);
    expect(layerRow(analyze, py, input)).toEqual({ shape: truth.shape, params: truth.params });
  });
  it('GroupNormalization: γ, β of shape (C,); UnitNormalization: none', () => {
    expect(layerRow(analyze, 'layers.GroupNormalization(groups=4)', [8, 8, 16])).toEqual({ shape: [null, 8, 8, 16], params: 32 });
    expect(layerRow(analyze, 'layers.UnitNormalization()', [16])).toEqual({ shape: [null, 16], params: 0 });
  });
  it('GroupNormalization with channels not a multiple of groups is an error (ValueError in build)', () => {
    const r = analyze(`${HEAD}x = keras.Input(shape=(8, 8, 6))\ny = layers.GroupNormalization(groups=4)(x)\n`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['bad-groups']);
  });
});
