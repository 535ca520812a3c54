/**
 * Nothing vanishes: a class the catalog does not know, or a user layer whose `call` cannot be
 * followed, gets a row with an unknown output and one information note per class; the layers after
 * it keep the sizes they set (Keras' Dense maps (…, d) → (…, units), keras/src/layers/core/dense.py
 * `compute_output_shape`: `input_shape[:-1] + [units]`, kernel (d, units) + bias (units,)).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { formatShape, shapeFormat } from '../../server/src/analysis/format.js';
import { summaryTable } from '../../server/src/analysis/summary.js';
import { toJson } from '../../server/src/cli/report.js';
import { analyzer } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const KERAS_CV = `import keras_cv
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(224, 224, 3))
x = keras_cv.layers.RandAugment(value_range=(0, 255))(inputs)
x = keras_cv.layers.RandAugment(value_range=(0, 255))(x)
x = layers.Dense(64)(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(10)(x)
`;

describe('a library layer Shape Lens does not know', () => {
  it('gets a row per application and one note per class', () => {
    const r = analyze(KERAS_CV);
    const rows = r.layers.filter((l) => l.type !== 'keras.Input');
    expect(rows.map((l) => [l.type, l.outputs[0]!.shape, l.outputs[0]!.tail ?? null, l.params])).toEqual([
      ['keras_cv.layers.RandAugment', null, null, null],
      ['keras_cv.layers.RandAugment', null, null, null],
      ['layers.Dense', null, [64], null],
      ['layers.Dropout', null, [64], 0],
      // 64·10 + 10: the input's last size is known even though its rank is not.
      ['layers.Dense', null, [10], 650],
    ]);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.range.start.line])).toEqual([['information', 'unknown-layer', 5]]);
    expect(r.diagnostics[0]!.message).toContain('`keras_cv.layers.RandAugment`');
  });

  it('spells unknown leading dims (…, 10) in hints and the summary, ["...", 10] in --json', () => {
    const r = analyze(KERAS_CV);
    const last = r.layers.at(-1)!.outputs[0]!;
    expect(formatShape(last.shape, shapeFormat('python'), last.tail)).toBe('(…, 10)');
    expect(formatShape(last.shape, shapeFormat('python', 'cross'), last.tail)).toBe('…×10');
    expect(summaryTable(r)).toContain('(…, 10)');
    const json = toJson([{ file: 'm.py', result: r }]) as { layers: { outputs: Record<string, unknown> }[] }[];
    expect(json[0]!.layers.at(-1)!.outputs).toEqual({ outputs: ['...', 10] });
  });

  it('a keras.layers class missing from the catalog is noted the same way', () => {
    const r = analyze('from tensorflow import keras\nx = keras.Input(shape=(8,))\ny = keras.layers.NotALayerYet(3)(x)\n');
    expect(r.layers.at(-1)!.type).toBe('keras.layers.NotALayerYet');
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-layer']);
  });

  it('a constructor never applied to a tensor, or a lower-case function, adds nothing', () => {
    const r = analyze('import argparse\nimport mylib\np = argparse.ArgumentParser()\nmylib.run(3)\n');
    expect([r.layers, r.diagnostics]).toEqual([[], []]);
  });
});

describe('a framework function Shape Lens does not know', () => {
  // TF 1's contrib layers and slim (`slim.conv2d` is `tf.contrib.layers.conv2d`,
  // tensorflow/contrib/layers/python/layers/layers.py `convolution2d`) are not in the catalog: each
  // call on a tensor is a row with an unknown output and the function is noted once, as a class is.
  const TF1 = `import tensorflow as tf
import tensorflow.contrib.slim as slim
x = tf.placeholder(tf.float32, [None, 28, 28, 1])
a = tf.contrib.layers.conv2d(x, 32, 5)
b = slim.conv2d(x, 32, [5, 5])
c = slim.conv2d(b, 64, [5, 5])
d = tf.layers.dense(tf.layers.flatten(c), 10)
tf.summary.histogram('logits', d)
tf.keras.preprocessing.image.save_img('out.png', x)
`;
  it('gets a row per call on a tensor and one note per function; bookkeeping like tf.summary and data utilities like save_img add nothing', () => {
    const r = analyze(TF1);
    expect(r.layers.map((l) => [l.type, l.outputs[0]!.shape, l.params])).toEqual([
      ['tf.placeholder', [null, 28, 28, 1], 0],
      ['tf.contrib.layers.conv2d', null, null],
      ['slim.conv2d', null, null],
      ['slim.conv2d', null, null],
      // Rows sit where their call starts: the outer dense before the flatten inside it. The rank is
      // unknown after flatten of an unknown tensor; Dense still sets its last size.
      ['tf.layers.dense', null, null],
      ['tf.layers.flatten', null, 0],
    ]);
    expect(r.layers.find((l) => l.type === 'tf.layers.dense')!.outputs[0]!.tail).toEqual([10]);
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['unknown-layer', 3], ['unknown-layer', 4]]);
  });
});

describe('a user layer whose call cannot be followed', () => {
  it('gets a row and one note', () => {
    const r = analyze(`import tensorflow as tf
from tensorflow import keras
import mylib

class Mystery(keras.layers.Layer):
    def call(self, x):
        return mylib.transform(x)

inp = keras.Input(shape=(16,))
y = Mystery()(inp)
z = Mystery()(y)
out = keras.layers.Dense(4)(z)
`);
    expect(r.layers.filter((l) => l.type === 'Mystery').map((l) => l.outputs[0]!.shape)).toEqual([null, null]);
    expect(r.layers.at(-1)!.outputs[0]!.tail).toEqual([4]);
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['unknown-layer', 9]]);
  });
});
