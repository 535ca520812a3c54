/**
 * Diagnostics with numbers and quick fixes (SHAPE_SEMANTICS §7, D5–D20), plus tf.nn.conv2d_transpose
 * output_shape validation (§1.4).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, Diagnostic } from '../../server/src/analysis/types.js';
import { analyzer, outputsNamed, shapeOf } from './helpers.js';

let analyze: (src: string, o?: { notes?: boolean }) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const HEAD = `import tensorflow as tf
from tensorflow.keras import layers
x = layers.Input(shape=(28, 28, 64))
`;

function codes(r: AnalysisResult): string[] {
  return r.diagnostics.map((d) => d.code);
}

function only(r: AnalysisResult, code: string): Diagnostic {
  const ds = r.diagnostics.filter((d) => d.code === code);
  expect(ds).toHaveLength(1);
  return ds[0]!;
}

describe('Conv2DTranspose (SHAPE_SEMANTICS §3.3)', () => {
  it('same, k4, s2 on 28: 56 with no output_padding, 55 with output_padding=1 (§8 #19)', () => {
    const r = analyze(HEAD + `a = layers.Conv2DTranspose(32, 4, strides=2, padding='same')(x)\nb = layers.Conv2DTranspose(32, 4, strides=2, padding='same', output_padding=1)(x)\n`);
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, 56, 56, 32]);
    expect(shapeOf(outputsNamed(r, 'b')[0])).toEqual([null, 55, 55, 32]);
    expect(r.diagnostics).toEqual([]);
  });

  it('output_padding >= strides is an error with a fix (D7)', () => {
    const src = HEAD + `a = layers.Conv2DTranspose(32, 3, strides=2, padding='same', output_padding=2)(x)\n`;
    const d = only(analyze(src), 'output-padding-too-large');
    expect(d.severity).toBe('error');
    expect(d.message).toContain('output_padding (2, 2) must be smaller than strides (2, 2)');
    expect(d.fixes[0]!.edits[0]!.newText).toBe('1');
    const line = src.split('\n')[3]!;
    expect(d.fixes[0]!.edits[0]!.range.start).toEqual({ line: 3, character: line.indexOf('output_padding=2') + 'output_padding='.length });
  });

  it("padding='same' + even kernel + output_padding=0 gives S(I−1) = 54, which TF rejects (D6, §8 #19)", () => {
    const r = analyze(HEAD + `a = layers.Conv2DTranspose(32, (4, 4), strides=(2, 2), padding='same', output_padding=(0, 0))(x)\n`);
    const d = only(r, 'transpose-same-even-kernel');
    expect(d.severity).toBe('error');
    expect(d.fixes[0]!.edits[0]!.newText).toBe('(1, 1)');
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, 54, 54, 32]);
  });

  it('odd kernel with output_padding=0 is fine: k3 s2 same on 7 → 13 (§8 #20)', () => {
    const r = analyze(`from tensorflow.keras import layers\nx = layers.Input(shape=(7, 7, 8))\na = layers.Conv2DTranspose(4, 3, strides=2, padding='same', output_padding=0)(x)\n`);
    expect(r.diagnostics).toEqual([]);
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, 13, 13, 4]);
  });
});

describe('convolution parameter checks', () => {
  it('strides > 1 with dilation_rate > 1 (D8)', () => {
    const d = only(analyze(HEAD + `a = layers.Conv2D(8, 3, strides=2, dilation_rate=2)(x)\n`), 'strides-with-dilation');
    expect(d.severity).toBe('error');
    expect(d.message).toContain('strides (2, 2) together with dilation (2, 2)');
  });

  it("padding='causal' on Conv2D is an error, fine on Conv1D: k3 d2 on 10 → 10 (D11, §8 #18)", () => {
    expect(codes(analyze(HEAD + `a = layers.Conv2D(8, 3, padding='causal')(x)\n`))).toEqual(['causal-padding']);
    const r = analyze(`from tensorflow.keras import layers\nx = layers.Input(shape=(10, 8))\na = layers.Conv1D(32, 3, padding='causal', dilation_rate=2)(x)\n`);
    expect(r.diagnostics).toEqual([]);
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, 10, 32]);
  });

  it('a valid conv larger than its input: output ≤ 0 (D9, §3.1)', () => {
    const r = analyze(`from tensorflow.keras import layers\nx = layers.Input(shape=(4, 4, 3))\na = layers.Conv2D(8, 5)(x)\n`);
    const d = r.diagnostics.filter((x) => x.code === 'non-positive-output');
    expect(d).toHaveLength(2);
    expect(d[0]!.message).toContain('output size would be 0');
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, null, null, 8]);
  });
});

describe('merging and reshaping', () => {
  it('Add of (56, 56, 256) and (55, 55, 256) is not broadcastable (D19, §3.7)', () => {
    const src = `from tensorflow.keras import layers
a = layers.Input(shape=(56, 56, 256))
b = layers.Input(shape=(55, 55, 256))
c = layers.Add()([a, b])
d = layers.Multiply()([a, layers.Input(shape=(1, 1, 256))])
`;
    const r = analyze(src);
    const d = only(r, 'not-broadcastable');
    expect(d.message).toContain('(None, 56, 56, 256) and (None, 55, 55, 256)');
    expect(d.related.length).toBe(1);
    expect(shapeOf(outputsNamed(r, 'd')[0])).toEqual([null, 56, 56, 256]);
  });

  it('Concatenate with a mismatch off the axis (§3.7)', () => {
    const src = `from tensorflow.keras import layers
a = layers.Input(shape=(28, 28, 16))
b = layers.Input(shape=(14, 14, 16))
c = layers.Concatenate()([a, b])
`;
    expect(only(analyze(src), 'concat-mismatch').message).toContain('axis 1 has 28 and 14');
  });

  it('Reshape((5, -1)) on (None, 12) is rejected; Reshape((-1, 64)) on 7·7·64 gives 49 (§3.7)', () => {
    const src = `from tensorflow.keras import layers
a = layers.Input(shape=(12,))
b = layers.Reshape((5, -1))(a)
c = layers.Input(shape=(7, 7, 64))
d = layers.Reshape((-1, 64))(c)
`;
    const r = analyze(src);
    expect(only(r, 'reshape-size-mismatch').message).toContain('12 is not divisible by 5');
    expect(shapeOf(outputsNamed(r, 'd')[0])).toEqual([null, 49, 64]);
  });

  it('Flatten of an input with unknown spatial size (D18) — information: Keras 1/2.0–2.3 raise, Keras 3 gives an unknown size', () => {
    const src = `from keras.layers import Input, Flatten, Conv2D
a = Input(shape=(None, None, 3))
b = Flatten()(Conv2D(8, 3)(a))
`;
    const d = only(analyze(src), 'flatten-undefined');
    expect(d.severity).toBe('information');
  });

  it('Keras 1 flat 4-tuple in ZeroPadding2D under Keras 2 (D20) with a fix', () => {
    const d = only(analyze(HEAD + `a = layers.ZeroPadding2D((1, 2, 3, 4))(x)\n`), 'zero-padding-flat-tuple');
    expect(d.fixes[0]!.edits[0]!.newText).toBe('((1, 2), (3, 4))');
  });
});

describe('tf.nn.conv2d_transpose output_shape (SHAPE_SEMANTICS §1.4)', () => {
  const SRC = `import tensorflow as tf
x = tf.placeholder(tf.float32, [8, 28, 28, 512])
w = tf.get_variable('w', [4, 4, 256, 512])
y = tf.nn.conv2d_transpose(x, w, output_shape=[8, 14, 14, 3], strides=[1, 2, 2, 1], padding='SAME')
`;
  it('wrong channels and sizes: message with the admissible set, fix writes the right list', () => {
    const r = analyze(SRC);
    const d = only(r, 'deconv-output-shape');
    expect(d.message).toContain("output_shape channels 3 do not match the filter's output channels 256");
    expect(d.message).toContain("got 14; with input 28, kernel 4, stride 2, 'same', it must be 55 or 56");
    expect(d.fixes[0]!.edits[0]!.newText).toBe('[8, 56, 56, 256]');
  });

  it('the right output_shape is accepted, with crops (1, 1) (§1.4 table)', () => {
    const r = analyze(SRC.replace('[8, 14, 14, 3]', '[8, 56, 56, 256]'));
    expect(r.diagnostics).toEqual([]);
    const y = outputsNamed(r, 'y')[0]!;
    expect(shapeOf(y)).toEqual([8, 56, 56, 256]);
    expect(y.windowing?.kind).toBe('transpose');
  });

  it("NCHW: output_shape must be [N, C, H, W]; an NHWC list is recognised", () => {
    const src = `import tensorflow as tf
x = tf.placeholder(tf.float32, [8, 512, 28, 28])
w = tf.get_variable('w', [4, 4, 256, 512])
y = tf.nn.conv2d_transpose(x, w, [8, 56, 56, 256], [1, 1, 2, 2], 'SAME', data_format='NCHW')
`;
    const d = only(analyze(src), 'deconv-output-shape');
    expect(d.message).toContain("looks NHWC, but data_format='NCHW' expects [N, C, H, W]");
    expect(d.fixes[0]!.edits[0]!.newText).toBe('[8, 256, 56, 56]');
  });
});
