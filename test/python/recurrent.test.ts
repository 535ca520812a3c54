/**
 * Recurrent layers, cells, RNN(cell), Bidirectional, TimeDistributed, ConvLSTM.
 * Truth: TensorFlow.js (@tensorflow/tfjs-layers 4.22, the Keras layers ported: computeOutputShape
 * and countParams) for everything it runs; where it cannot (GRU reset_after=True — tfjs' GRU is Keras' reset_after=False —, ConvLSTM1D/3D),
 * the weight shapes of keras/src/layers/rnn/gru.py and conv_lstm.py `build`, cited per case.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, layerRow } from './helpers.js';
import { tfjsLayer, tfjsReady, tfl } from './tfjs.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
  await tfjsReady();
});

// Recurrent initializers do not change shapes or counts; 'zeros' keeps tfjs from computing orthogonal matrices.
const z = { recurrentInitializer: 'zeros' as const };

describe('LSTM / GRU / SimpleRNN against TensorFlow.js', () => {
  const cases: [string, () => tfl.layers.Layer, number[]][] = [
    ['layers.LSTM(64)', () => tfl.layers.lstm({ units: 64, ...z }), [10, 32]],
    ['layers.LSTM(64, return_sequences=True)', () => tfl.layers.lstm({ units: 64, returnSequences: true, ...z }), [10, 32]],
    ['layers.LSTM(8, return_state=True)', () => tfl.layers.lstm({ units: 8, returnState: true, ...z }), [5, 3]],
    ['layers.LSTM(8, return_sequences=True, return_state=True, go_backwards=True)', () => tfl.layers.lstm({ units: 8, returnSequences: true, returnState: true, goBackwards: true, ...z }), [5, 3]],
    ['layers.LSTM(8, use_bias=False)', () => tfl.layers.lstm({ units: 8, useBias: false, ...z }), [5, 3]],
    ['layers.GRU(16, reset_after=False)', () => tfl.layers.gru({ units: 16, ...z }), [7, 4]],
    ['layers.GRU(16, reset_after=False, return_state=True)', () => tfl.layers.gru({ units: 16, returnState: true, ...z }), [7, 4]],
    ['layers.SimpleRNN(12, return_sequences=True)', () => tfl.layers.simpleRNN({ units: 12, returnSequences: true, ...z }), [6, 5]],
    ['layers.RNN(layers.LSTMCell(10))', () => tfl.layers.rnn({ cell: tfl.layers.lstmCell({ units: 10, ...z }) }), [6, 5]],
    [
      'layers.RNN([layers.GRUCell(10, reset_after=False), layers.SimpleRNNCell(4)], return_sequences=True)',
      () => tfl.layers.rnn({ cell: [tfl.layers.gruCell({ units: 10, ...z }), tfl.layers.simpleRNNCell({ units: 4, ...z })], returnSequences: true }),
      [6, 5],
    ],
    ['layers.Bidirectional(layers.LSTM(16, return_sequences=True))', () => tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 16, returnSequences: true, ...z }) as tfl.RNN }), [10, 32]],
    ['layers.Bidirectional(layers.GRU(8, reset_after=False), merge_mode="sum")', () => tfl.layers.bidirectional({ layer: tfl.layers.gru({ units: 8, ...z }) as tfl.RNN, mergeMode: 'sum' }), [10, 3]],
    ['layers.Bidirectional(layers.LSTM(4), merge_mode="ave")', () => tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 4, ...z }) as tfl.RNN, mergeMode: 'ave' }), [10, 3]],
    ['layers.TimeDistributed(layers.Dense(8))', () => tfl.layers.timeDistributed({ layer: tfl.layers.dense({ units: 8 }) }), [10, 16]],
    ['layers.TimeDistributed(layers.Conv2D(4, 3))', () => tfl.layers.timeDistributed({ layer: tfl.layers.conv2d({ filters: 4, kernelSize: 3 }) }), [5, 12, 12, 3]],
    ['layers.ConvLSTM2D(6, 3, padding="same", return_sequences=True)', () => tfl.layers.convLstm2d({ filters: 6, kernelSize: 3, padding: 'same', returnSequences: true, ...z }), [4, 16, 16, 2]],
    ['layers.ConvLSTM2D(6, (3, 3), strides=2)', () => tfl.layers.convLstm2d({ filters: 6, kernelSize: 3, strides: 2, ...z }), [4, 17, 17, 2]],
  ];
  for (const [py, make, input] of cases) {
    it(py, () => {
      const truth = tfjsLayer(make(), input);
      expect(layerRow(analyze, py, input)).toEqual({ shape: truth.shape, params: truth.params });
    });
  }
});

describe('formulas tfjs cannot run (Keras source)', () => {
  it('GRU reset_after=True (tf.keras 2 / Keras 3 default): bias (2, 3u) — gru.py GRUCell.build', () => {
    // 3·16·(4 + 16) kernel + recurrent, 2·3·16 biases.
    expect(layerRow(analyze, 'layers.GRU(16)', [7, 4])).toEqual({ shape: [null, 16], params: 3 * 16 * 20 + 96 });
    expect(layerRow(analyze, 'layers.Bidirectional(layers.GRU(16), merge_mode=None)', [7, 4])).toEqual({ shape: [[null, 16], [null, 16]], params: 2 * (960 + 96) });
  });
  it('GRU in standalone Keras 2+: the default differs (False in 2.0–2.3, True in 3), so the count is unknown', () => {
    expect(layerRow(analyze, 'layers.GRU(16)', [7, 4], 'import keras\nfrom keras import layers\n')).toEqual({ shape: [null, 16], params: null });
    expect(layerRow(analyze, 'layers.GRU(16, reset_after=False)', [7, 4], 'import keras\nfrom keras import layers\n').params).toBe(3 * (16 * 20 + 16));
  });
  it('ConvLSTM1D / ConvLSTM3D: conv_lstm.py ConvLSTMCell.build — kernel (k…, C, 4f), recurrent (k…, f, 4f), bias (4f)', () => {
    expect(layerRow(analyze, 'layers.ConvLSTM1D(5, 3)', [4, 20, 2])).toEqual({ shape: [null, 18, 5], params: 3 * 2 * 20 + 3 * 5 * 20 + 20 });
    expect(layerRow(analyze, 'layers.ConvLSTM3D(2, 3, padding="same", return_sequences=True)', [3, 8, 8, 8, 1])).toEqual({ shape: [null, 3, 8, 8, 8, 2], params: 27 * 1 * 8 + 27 * 2 * 8 + 8 });
  });
  it('a rank that is known and wrong is an error, as Keras raises "expected ndim=3"', () => {
    const r = analyze('from tensorflow.keras import layers, Input\nx = Input(shape=(10,))\ny = layers.LSTM(4)(x)\n');
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'rank-mismatch']]);
  });
});
