// Expected values: ../shared/reference/SHAPE_SEMANTICS.md §8 test vectors 10–14, 19–22, 31–33, 39
// (from TF conv_grad_shape_utils.cc ConvBackpropExtractAndVerifyDimension, Keras conv_utils
// deconv_output_length, Caffe deconv_layer.cpp, PyTorch _ConvTransposeNd._output_padding).
import { describe, expect, test } from 'vitest';
import { sym, formatDim } from '../../server/src/engine/dim.js';
import { tfTransposeRange, transposeAxis, type TransposeRule } from '../../server/src/engine/transpose.js';

const w = (kernel: number, stride: number, dilation = 1) => ({ kernel, stride, dilation });
function out(I: number, K: number, S: number, rule: TransposeRule) {
  const r = transposeAxis(I, w(K, S), rule);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('TF conv2d_transpose admissible output sizes', () => {
  test.each([
    ['#10', 7, 4, 2, 'same', 13, 14],
    ['#11', 28, 4, 2, 'same', 55, 56],
    ['#12', 28, 4, 2, 'valid', 58, 59],
    ['#13', 12, 3, 1, 'valid', 14, 14],
    ['#14', 4, 5, 3, 'valid', 14, 16],
  ] as const)('%s input %i k%i s%i %s → [%i, %i]', (_, I, K, S, p, min, max) => expect(tfTransposeRange(I, w(K, S), p)).toEqual({ min, max }));

  test('#40 the seed: 14 on a 28 input with same/stride 2 is rejected with the valid sizes and the implied input', () => {
    const r = transposeAxis(28, w(4, 2), { kind: 'tf', padding: 'same', output: 14 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ code: 'output-size-not-admissible', message: "output size 14 is invalid: it must be 55 or 56 (input 28, kernel 4, stride 2, 'same'); 14 implies an input of 7" });
  });
  test('§1.4 O=56 on 28 k4 s2 SAME: forward pads (1,1), Caffe pad 1; O=55 → (1,2)', () => {
    expect([out(28, 4, 2, { kind: 'tf', padding: 'same', output: 56 }).cropBefore, out(28, 4, 2, { kind: 'tf', padding: 'same', output: 56 }).cropAfter]).toEqual([1, 1]);
    const o55 = out(28, 4, 2, { kind: 'tf', padding: 'same', output: 55 });
    expect([o55.cropBefore, o55.cropAfter]).toEqual([1, 2]);
  });
});

describe('Keras Conv2DTranspose', () => {
  test('#19 same k4 s2 on 28: output_padding None / 1 / 0 → 56 / 55 / 54', () => {
    expect(out(28, 4, 2, { kind: 'keras', padding: 'same', outputPadding: null }).output).toBe(56);
    expect(out(28, 4, 2, { kind: 'keras', padding: 'same', outputPadding: 1 }).output).toBe(55);
    expect(out(28, 4, 2, { kind: 'keras', padding: 'same', outputPadding: 0 }).output).toBe(54);
  });
  test('#20 same k3 s2 on 7: None / 1 / 0 → 14 / 14 / 13', () => {
    expect(out(7, 3, 2, { kind: 'keras', padding: 'same', outputPadding: null }).output).toBe(14);
    expect(out(7, 3, 2, { kind: 'keras', padding: 'same', outputPadding: 1 }).output).toBe(14);
    expect(out(7, 3, 2, { kind: 'keras', padding: 'same', outputPadding: 0 }).output).toBe(13);
  });
  test('#21 valid k3 s2 on 12: None / 1 → 25 / 26', () => {
    expect(out(12, 3, 2, { kind: 'keras', padding: 'valid', outputPadding: null }).output).toBe(25);
    expect(out(12, 3, 2, { kind: 'keras', padding: 'valid', outputPadding: 1 }).output).toBe(26);
  });
  test('#22 valid k1 s2 on 7 → 14 (the max(E, S) branch)', () => expect(out(7, 1, 2, { kind: 'keras', padding: 'valid', outputPadding: null }).output).toBe(14));
  test('§3.3 output_padding >= strides is an error', () => {
    const r = transposeAxis(28, w(4, 2), { kind: 'keras', padding: 'same', outputPadding: 2 });
    expect(r.ok ? null : r.error.code).toBe('output-padding-too-large');
  });
  test('symbolic: same → I·S', () => {
    const r = transposeAxis(sym('H'), w(4, 2), { kind: 'keras', padding: 'same', outputPadding: null });
    expect(r.ok && formatDim(r.value.output)).toBe('2*H');
  });
});

describe('Caffe Deconvolution and PyTorch ConvTranspose', () => {
  test('#31 caffe k4 s2 p1 on 28 → 56', () => expect(out(28, 4, 2, { kind: 'caffe', pad: 1 }).output).toBe(56));
  test('#32 caffe k3 s2 p1 on 28 → 55', () => expect(out(28, 3, 2, { kind: 'caffe', pad: 1 }).output).toBe(55));
  test('#33 caffe k64 s32 p0 on 16 → 544 (FCN-32s upscore)', () => expect(out(16, 64, 32, { kind: 'caffe', pad: 0 }).output).toBe(544));
  test('§4.3 2P larger than the full size is an error, not a negative size', () => {
    const r = transposeAxis(1, w(1, 1), { kind: 'caffe', pad: 3 });
    expect(r.ok ? null : r.error.code).toBe('non-positive-output');
  });
  test('#39 torch k3 s2 p1 on 7: 13, output_padding 1 → 14; output_padding 2 is rejected', () => {
    expect(out(7, 3, 2, { kind: 'torch', pad: 1, outputPadding: 0 }).output).toBe(13);
    expect(out(7, 3, 2, { kind: 'torch', pad: 1, outputPadding: 1 }).output).toBe(14);
    expect(transposeAxis(7, w(3, 2), { kind: 'torch', pad: 1, outputPadding: 2 }).ok).toBe(false);
  });
});
