/**
 * Keras 1 (`border_mode`, `subsample`, `dim_ordering`, `Deconvolution2D(output_shape=…)`).
 * Expected values: SHAPE_SEMANTICS.md §2 (keras-team/keras @ 1.2.2 keras/layers/convolutional.py,
 * keras/utils/np_utils.py) and §1.4 (TF conv2d_transpose admissible sizes).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, ofType, outputsNamed, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const SEED = `from keras.models import Sequential
from keras.layers import Input, Deconvolution2D
x = Input(shape=(64, 28, 28))
y = Deconvolution2D(256, 4, 4, border_mode='same', output_shape=(None, 3, 14, 14), subsample=(2, 2), dim_ordering='th')(x)
`;

describe('Keras 1 Deconvolution2D output_shape (SHAPE_SEMANTICS §2.4.1, §8 #40)', () => {
  it('flags the seed: channels 3 ≠ nb_filter 256 and rows/cols 14 ∉ {55, 56} for input 28', () => {
    const r = analyze(SEED);
    const d = r.diagnostics.filter((x) => x.code === 'deconv-output-shape');
    expect(d).toHaveLength(1);
    expect(d[0]!.severity).toBe('error');
    expect(d[0]!.message).toContain('output_shape[1] (channels) is 3 but nb_filter is 256');
    expect(d[0]!.message).toContain("got 14; with input 28, kernel 4, stride 2, 'same', it must be 55 or 56");
    expect(d[0]!.message).toContain('14 implies an input of 7');
  });

  it('offers a fix that writes (None, 256, 56, 56) over the output_shape argument', () => {
    const r = analyze(SEED);
    const d = r.diagnostics.find((x) => x.code === 'deconv-output-shape')!;
    const fix = d.fixes[0]!;
    expect(fix.kind).toBe('quickfix');
    expect(fix.edits).toHaveLength(1);
    expect(fix.edits[0]!.newText).toBe('(None, 256, 56, 56)');
    const line = SEED.split('\n')[3]!;
    const start = line.indexOf('(None, 3, 14, 14)');
    expect(fix.edits[0]!.range).toEqual({ start: { line: 3, character: start }, end: { line: 3, character: start + '(None, 3, 14, 14)'.length } });
    expect(d.range).toEqual(fix.edits[0]!.range);
  });

  it('applying the fix removes the diagnostic; the layer gives (None, 256, 56, 56) with crop (1, 1) = Caffe pad 1 (§2.4.1, §5.3)', () => {
    const fixed = SEED.replace('(None, 3, 14, 14)', '(None, 256, 56, 56)');
    const r = analyze(fixed);
    expect(r.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    const deconv = ofType(r, 'Deconvolution2D')[0]!;
    expect(shapeOf(deconv)).toEqual([null, 256, 56, 56]);
    expect(deconv.windowing?.kind).toBe('transpose');
    if (deconv.windowing?.kind === 'transpose') {
      expect(deconv.windowing.axes.map((a) => [a.cropBefore, a.cropAfter])).toEqual([
        [1, 1],
        [1, 1],
      ]);
    }
  });

  it("declares rows/cols from output_shape and channels from nb_filter, as Keras 1.2.2's get_output_shape_for does", () => {
    expect(shapeOf(outputsNamed(analyze(SEED), 'y')[0])).toEqual([null, 256, 14, 14]);
  });

  it("recognises a channels-last tuple given with dim_ordering='th' (D4)", () => {
    const r = analyze(SEED.replace('(None, 3, 14, 14)', '(None, 56, 56, 256)'));
    const d = r.diagnostics.find((x) => x.code === 'deconv-output-shape')!;
    expect(d.message).toContain("looks channels-last, but dim_ordering='th' expects (batch, channels, rows, cols)");
    expect(d.fixes[0]!.edits[0]!.newText).toBe('(None, 256, 56, 56)');
  });

  it("'tf' ordering: channels last; valid admissible set {58, 59} for input 28, k4 s2 (§1.4 table)", () => {
    const src = `from keras.layers import Input, Deconvolution2D
x = Input(shape=(28, 28, 64))
y = Deconvolution2D(32, 4, 4, output_shape=(None, 60, 60, 32), border_mode='valid', subsample=(2, 2))(x)
`;
    const d = analyze(src).diagnostics.find((x) => x.code === 'deconv-output-shape')!;
    expect(d.message).toContain("got 60; with input 28, kernel 4, stride 2, 'valid', it must be 58 or 59");
    expect(d.fixes[0]!.edits[0]!.newText).toBe('(None, 58, 58, 32)');
  });

  it('1.2.2 docstring example is accepted: valid, k3, input 12 → {14} (§2.4)', () => {
    const src = `from keras.layers import Input, Deconvolution2D
x = Input(shape=(3, 12, 12))
y = Deconvolution2D(3, 3, 3, output_shape=(None, 3, 14, 14), border_mode='valid', dim_ordering='th')(x)
`;
    const r = analyze(src);
    expect(r.diagnostics).toEqual([]);
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 3, 14, 14]);
  });

  it('Keras 2 (tf.keras): output_shape is ignored, the output is I·S (D5, §3.3)', () => {
    const src = `from tensorflow.keras.layers import Input, Deconvolution2D
x = Input(shape=(64, 28, 28))
y = Deconvolution2D(256, 4, 4, border_mode='same', output_shape=(None, 3, 14, 14), subsample=(2, 2), dim_ordering='th')(x)
`;
    const r = analyze(src);
    const d = r.diagnostics.find((x) => x.code === 'output-shape-ignored')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toContain('ignored in Keras 2');
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 256, 56, 56]);
  });
});

describe('Keras 1 convolutions and pooling', () => {
  it("Convolution2D(64, 3, 3) on 'th' (None, 3, 32, 32) → (None, 64, 30, 30) (§2.2 example)", () => {
    const src = `from keras.layers import Input, Convolution2D
x = Input(shape=(3, 32, 32))
y = Convolution2D(64, 3, 3, dim_ordering='th')(x)
`;
    const y = outputsNamed(analyze(src), 'y')[0]!;
    expect(shapeOf(y)).toEqual([null, 64, 30, 30]);
    // Weights (nb_filter, C, nb_row, nb_col) + biases: 64·3·3·3 + 64.
    expect(y.params).toBe(1792);
  });

  it("Convolution2D(64, 7, 7, subsample=(2, 2), border_mode='same') on 224 → 112; default dim_ordering is 'tf' (Keras ≥ 1.1, §0)", () => {
    const src = `from keras.layers import Input, Convolution2D
x = Input(shape=(224, 224, 3))
y = Convolution2D(64, 7, 7, subsample=(2, 2), border_mode='same')(x)
`;
    expect(shapeOf(outputsNamed(analyze(src), 'y')[0])).toEqual([null, 112, 112, 64]);
  });

  it("border_mode='full' on 5 with k3 → 7, flagged as Theano-only (D10, §2.2)", () => {
    const src = `from keras.layers import Input, Convolution2D
x = Input(shape=(5, 5, 1))
y = Convolution2D(32, 3, 3, border_mode='full')(x)
`;
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 7, 7, 32]);
    // Only 'tf' gives a valid model here (5 rows of 1 column under 'th'): a hint says it was assumed.
    expect(r.diagnostics.map((d) => d.code)).toEqual(['keras1-dim-ordering-assumed', 'full-border-mode']);
  });

  it('AtrousConvolution2D rate 2 on 64: valid → 60, same → 64 (§2.3)', () => {
    const src = `from keras.layers import Input, AtrousConvolution2D
x = Input(shape=(64, 64, 3))
a = AtrousConvolution2D(8, 3, 3, atrous_rate=(2, 2))(x)
b = AtrousConvolution2D(8, 3, 3, atrous_rate=(2, 2), border_mode='same')(x)
`;
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, 60, 60, 8]);
    expect(shapeOf(outputsNamed(r, 'b')[0])).toEqual([null, 64, 64, 8]);
  });

  it("MaxPooling2D((3, 3), strides=(2, 2)) on 112 → 55, border_mode='same' → 56 (§2.5)", () => {
    const src = `from keras.layers import Input, MaxPooling2D
x = Input(shape=(112, 112, 64))
a = MaxPooling2D((3, 3), strides=(2, 2))(x)
b = MaxPooling2D((3, 3), strides=(2, 2), border_mode='same')(x)
`;
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, 55, 55, 64]);
    expect(shapeOf(outputsNamed(r, 'b')[0])).toEqual([null, 56, 56, 64]);
  });

  it("merge(mode='concat', concat_axis=1) sums channels; mode='sum' needs identical shapes (§2.6)", () => {
    const src = `from keras.layers import Input, merge
a = Input(shape=(16, 8, 8))
b = Input(shape=(32, 8, 8))
c = merge([a, b], mode='concat', concat_axis=1)
d = merge([a, b], mode='sum')
`;
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'c')[0])).toEqual([null, 48, 8, 8]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['merge-shape-mismatch']);
  });

  it('Keras 1 ZeroPadding2D 4-tuple (top, bottom, left, right) is accepted in Keras 1 (§2.6)', () => {
    const src = `from keras.layers import Input, ZeroPadding2D, Convolution2D
x = Input(shape=(10, 10, 3))
y = ZeroPadding2D((1, 2, 3, 4))(x)
`;
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 13, 17, 3]);
    expect(r.diagnostics.filter((d) => d.severity !== 'hint')).toEqual([]);
  });
});
