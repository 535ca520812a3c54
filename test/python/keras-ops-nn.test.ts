/**
 * Keras 3 `keras.ops` convolutions and pooling (keras/src/ops/nn.py `conv`, `depthwise_conv`,
 * `separable_conv`, `conv_transpose`, `max_pool`, `average_pool`: `compute_output_spec` through
 * operation_utils.py `compute_conv_output_shape` / `compute_conv_transpose_output_shape` /
 * `compute_pooling_output_shape`, the functions Keras' conv and pooling layers use too). Truth: the
 * matching TensorFlow.js layer on the same input — same window, strides, padding, dilation and
 * channels — whose output shape Keras' layer computes with those functions. Ops own no weights.
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

const SRC = `import keras
from keras import ops

x = keras.Input(shape=(32, 32, 3))
a = ops.conv(x, ops.ones((3, 3, 3, 16)), strides=2, padding="same")
b = ops.conv(x, ops.ones((3, 3, 3, 16)), strides=1, padding="valid", dilation_rate=2)
c = ops.depthwise_conv(x, ops.ones((5, 5, 3, 2)), strides=2)
d = ops.separable_conv(x, ops.ones((3, 3, 3, 2)), ops.ones((1, 1, 6, 8)), padding="same")
e = ops.conv_transpose(x, ops.ones((4, 4, 12, 3)), strides=2, padding="same")
f = ops.conv_transpose(x, ops.ones((3, 3, 12, 3)), strides=2)
g = ops.max_pool(x, 2)
h = ops.average_pool(x, 3, strides=2, padding="same")
s = keras.Input(shape=(100, 8))
i = keras.ops.nn.conv(s, ops.ones((5, 8, 4)), padding="causal")
j = keras.ops.nn.conv(s, ops.ones((5, 8, 4)))
`;

describe('keras.ops convolutions and pooling', () => {
  it('each output shape equals the matching Keras layer (TensorFlow.js)', () => {
    const r = analyze(SRC);
    const shape = (name: string) => shapeOf(r.layers.find((l) => l.outputs[0]?.name === name));
    const img = [32, 32, 3];
    const truth: Record<string, unknown> = {
      a: tfjsLayer(tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same' }), img).shape,
      b: tfjsLayer(tfl.layers.conv2d({ filters: 16, kernelSize: 3, dilationRate: 2 }), img).shape,
      c: tfjsLayer(tfl.layers.depthwiseConv2d({ kernelSize: 5, depthMultiplier: 2, strides: 2 }), img).shape,
      d: tfjsLayer(tfl.layers.separableConv2d({ filters: 8, kernelSize: 3, depthMultiplier: 2, padding: 'same' }), img).shape,
      e: tfjsLayer(tfl.layers.conv2dTranspose({ filters: 12, kernelSize: 4, strides: 2, padding: 'same' }), img).shape,
      f: tfjsLayer(tfl.layers.conv2dTranspose({ filters: 12, kernelSize: 3, strides: 2 }), img).shape,
      g: tfjsLayer(tfl.layers.maxPooling2d({ poolSize: 2 }), img).shape,
      h: tfjsLayer(tfl.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }), img).shape,
      j: tfjsLayer(tfl.layers.conv1d({ filters: 4, kernelSize: 5 }), [100, 8]).shape,
      // operation_utils.py: `elif padding == "same" or padding == "causal"`: ⌊(100 − 1)/1⌋ + 1
      // (tfjs' conv1d gives 96 for causal, which is not Keras' rule, so the source is the truth here).
      i: [null, 100, 4],
    };
    for (const [name, t] of Object.entries(truth)) expect([name, shape(name)]).toEqual([name, t]);
    const ops = r.layers.filter((l) => /^(ops|keras\.ops\.nn)\.(conv|depthwise|separable|max_pool|average_pool)/.test(l.type));
    expect(ops.map((l) => l.params)).toEqual(Array(ops.length).fill(0));
  });
});
