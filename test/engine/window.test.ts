// Expected values: ../shared/reference/SHAPE_SEMANTICS.md §8 test vectors (recomputed there from
// TF kernel_shape_util.cc GetWindowedOutputSizeVerbose, Keras conv_utils.conv_output_length, Caffe
// conv_layer.cpp / pooling_layer.cpp, PyTorch Pool.h), cited per case by vector number.
import { describe, expect, test } from 'vitest';
import { sym, formatDim } from '../../server/src/engine/dim.js';
import { axisText, windowAxis, type Padding, type AxisResult } from '../../server/src/engine/window.js';

function run(I: number | null, K: number, S: number, padding: Padding, D = 1): AxisResult {
  const r = windowAxis(I, { kernel: K, stride: S, dilation: D }, padding);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
const triple = (a: AxisResult) => [a.output, a.padBefore, a.padAfter];
const caffePool = (pad: number, round: 'ceil' | 'floor' = 'ceil'): Padding => ({ kind: 'caffe-pool', pad, round, anyPad: pad > 0 });

describe('TF / Keras rules', () => {
  test('#1 SAME k7 s2 on 224 → 112, pads (2,3): odd pixel after', () => expect(triple(run(224, 7, 2, { kind: 'same' }))).toEqual([112, 2, 3]));
  test('#2 SAME k7 s2 on 225 → 113, pads (3,3)', () => expect(triple(run(225, 7, 2, { kind: 'same' }))).toEqual([113, 3, 3]));
  test('#3 SAME pool k3 s2 on 112 → 56, pads (0,1)', () => expect(triple(run(112, 3, 2, { kind: 'same' }))).toEqual([56, 0, 1]));
  test('#4 VALID k3 s2 on 112 → 55', () => expect(run(112, 3, 2, { kind: 'valid' }).output).toBe(55));
  test('#5 SAME k4 s1 on 7 → 7, pads (1,2)', () => expect(triple(run(7, 4, 1, { kind: 'same' }))).toEqual([7, 1, 2]));
  test('#6 SAME k3 d2 on 10 → 10, pads (2,2)', () => expect(triple(run(10, 3, 1, { kind: 'same' }, 2))).toEqual([10, 2, 2]));
  test('#7 VALID k3 d2 on 10 → 6', () => expect(run(10, 3, 1, { kind: 'valid' }, 2).output).toBe(6));
  test('#8 VALID k3 on 2 → 0: TF makes an empty tensor, we report it', () => {
    const r = windowAxis(2, { kernel: 3, stride: 1, dilation: 1 }, { kind: 'valid' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'non-positive-output', message: expect.stringContaining('output size would be 0') });
  });
  test('#9 explicit (3,3) k7 s2 on 224 → 112', () => expect(triple(run(224, 7, 2, { kind: 'explicit', before: 3, after: 3 }))).toEqual([112, 3, 3]));
  test('#15 official ResNet fixed_padding k7 s2: pad (3,3) then VALID → 112', () => expect(run(224 + 3 + 3, 7, 2, { kind: 'valid' }).output).toBe(112));
  test('#16 Keras same k7 s2 / valid k7 s2 on 224, full k3 on 5 → 112 / 109 / 7', () => {
    expect(run(224, 7, 2, { kind: 'same' }).output).toBe(112);
    expect(run(224, 7, 2, { kind: 'valid' }).output).toBe(109);
    expect(triple(run(5, 3, 1, { kind: 'full' }))).toEqual([7, 2, 2]);
  });
  test('#18 Keras causal k3 d2 s1 → 10 (4 pads before); k3 s2 → 5', () => {
    expect(triple(run(10, 3, 1, { kind: 'causal' }, 2))).toEqual([10, 4, 0]);
    expect(run(10, 3, 2, { kind: 'causal' }).output).toBe(5);
  });
  test('#23 Keras MaxPooling2D(3,2) valid / same on 112 → 55 / 56', () => {
    expect(run(112, 3, 2, { kind: 'valid' }).output).toBe(55);
    expect(run(112, 3, 2, { kind: 'same' }).output).toBe(56);
  });
  test('§1.1 SAME on 1 with k3 s2 → 1, pads (1,1)', () => expect(triple(run(1, 3, 2, { kind: 'same' }))).toEqual([1, 1, 1]));
  test('§1.1 stride larger than kernel: VALID k1 s3 on 10 → 4', () => expect(run(10, 1, 3, { kind: 'valid' }).output).toBe(4));
  test('formula carries the numbers', () => {
    const a = axisText(run(224, 7, 2, { kind: 'same' }));
    expect(a.formula).toBe('O = ⌈I / S⌉');
    expect(a.computation).toBe('⌈224 / 2⌉ = 112');
    expect(a.padRule).toBe('T = max(0, (O−1)·S + E − I) = max(0, 111·2 + 7 − 224) = 5 → ⌊5/2⌋ = 2 before, 3 after');
  });
});

describe('Caffe rules', () => {
  test('#24 conv k7 s2 p3 on 224 → 112', () => expect(triple(run(224, 7, 2, { kind: 'caffe-conv', pad: 3 }))).toEqual([112, 3, 3]));
  test('#25 conv k5 s2 p0 on 4 → 1 (C++ truncation, floor would give 0)', () => expect(run(4, 5, 2, { kind: 'caffe-conv', pad: 0 }).output).toBe(1));
  test('#26 conv k3 d12 p12 on 65 → 65', () => expect(run(65, 3, 1, { kind: 'caffe-conv', pad: 12 }, 12).output).toBe(65));
  test('#27 pool k3 s2 p0 on 112: CEIL 56 / FLOOR 55', () => {
    expect(run(112, 3, 2, caffePool(0)).output).toBe(56);
    expect(run(112, 3, 2, caffePool(0, 'floor')).output).toBe(55);
  });
  test('#28 pool k3 s2 p1 on 112: CEIL 57 / FLOOR 56', () => {
    expect(run(112, 3, 2, caffePool(1)).output).toBe(57);
    expect(run(112, 3, 2, caffePool(1, 'floor')).output).toBe(56);
  });
  test('#29 pool k2 s2 p1 CEIL on 5 → 3: the last-window correction fires', () => {
    const a = run(5, 2, 2, caffePool(1));
    expect(a.output).toBe(3);
    expect(axisText(a).computation).toBe('⌈(5 + 2·1 − 2) / 2⌉ + 1 = 4; the last window would start at 6 ≥ I + P = 6 (inside the trailing pad), so it is dropped: 3');
  });
  test('#30 pool k1 s2 p0 CEIL on 4 → 3: no pad, no correction', () => expect(run(4, 1, 2, caffePool(0)).output).toBe(3));
  test('§4.4 AlexNet pool1 k3 s2 on 55 → 27 both ways; ResNet pool5 k7 on 7 → 1', () => {
    expect(run(55, 3, 2, caffePool(0)).output).toBe(27);
    expect(run(55, 3, 2, caffePool(0, 'floor')).output).toBe(27);
    expect(run(7, 7, 1, caffePool(0)).output).toBe(1);
  });
  test('§4.1 pooling pad >= kernel is rejected (CHECK_LT(pad_h_, kernel_h_))', () => {
    const r = windowAxis(10, { kernel: 2, stride: 2, dilation: 1 }, caffePool(2));
    expect(r.ok ? null : r.error.code).toBe('pad-too-large');
  });
  test('§4.4 kernel overhanging the input by less than a stride: ceil(−1/2) = 0 → 1', () => expect(run(4, 5, 2, caffePool(0)).output).toBe(1));
  test('§4.4 kernel overhanging by a whole stride: a negative size is an error', () => {
    const r = windowAxis(3, { kernel: 5, stride: 1, dilation: 1 }, caffePool(0));
    expect(r.ok ? null : r.error.message).toBe('output size would be -1: input 3, kernel 5, stride 1, pad 0, ceil rounding (⌈(3 + 2·0 − 5) / 1⌉ + 1 = -1)');
  });
});

describe('PyTorch rules', () => {
  test('#38 MaxPool2d(3,2,1) on 112: floor 56 / ceil_mode 57', () => {
    expect(run(112, 3, 2, { kind: 'torch', pad: 1, ceil: false }).output).toBe(56);
    expect(run(112, 3, 2, { kind: 'torch', pad: 1, ceil: true }).output).toBe(57);
  });
  test('§6 MaxPool2d(3,2,ceil_mode=True) on 112 → 56 (Caffe ResNet pool1)', () => expect(run(112, 3, 2, { kind: 'torch', pad: 0, ceil: true }).output).toBe(56));
  test('§6 Conv2d(k7,s2,p3) on 224 → 112', () => expect(run(224, 7, 2, { kind: 'torch', pad: 3, ceil: false }).output).toBe(112));
});

describe('bad parameters and unknown sizes', () => {
  test.each([
    [{ kernel: 3, stride: 0, dilation: 1 }, 'stride must be >= 1, got 0'],
    [{ kernel: -3, stride: 1, dilation: 1 }, 'kernel size must be >= 1, got -3'],
    [{ kernel: 3, stride: 1, dilation: 0 }, 'dilation must be >= 1, got 0'],
    [{ kernel: 1e30, stride: 1, dilation: 1 }, 'larger than any real tensor size'],
    [{ kernel: 2.5, stride: 1, dilation: 1 }, 'must be an integer, got 2.5'],
    [{ kernel: Number.NaN, stride: 1, dilation: 1 }, 'must be an integer, got NaN'],
  ])('%o is an error, never NaN or negative', (w, message) => {
    const r = windowAxis(224, w, { kind: 'same' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'invalid-parameter', message: expect.stringContaining(message) });
  });
  test('a negative pad is an error', () => expect(windowAxis(10, { kernel: 3, stride: 1, dilation: 1 }, { kind: 'caffe-conv', pad: -1 }).ok).toBe(false));
  test('unknown input stays unknown, never a number', () => {
    const a = run(null, 3, 2, { kind: 'same' });
    expect(a.output).toBeNull();
    expect(a.padBefore).toBeNull();
  });
  test('symbolic input flows through as an expression; nested SAME strides fold', () => {
    const h = run(sym('H') as never, 3, 2, { kind: 'same' });
    expect(formatDim(h.output)).toBe('ceil(H/2)');
    expect(formatDim(run(h.output as never, 3, 2, { kind: 'same' }).output)).toBe('ceil(H/4)');
    expect(formatDim(run(sym('W') as never, 3, 1, { kind: 'valid' }).output)).toBe('W - 2');
    // trunc((W + 6 − 7)/2) + 1 = ⌊(W − 1)/2⌋ + 1, which is ⌈W/2⌉ for every integer W (dim.ts' canonical form).
    expect(formatDim(run(sym('W') as never, 7, 2, { kind: 'caffe-conv', pad: 3 }).output)).toBe('ceil(W/2)');
  });
  test('symbolic input at stride 1: SAME pads are known (E − 1 split)', () => expect(triple(run(sym('H') as never, 4, 1, { kind: 'same' })).slice(1)).toEqual([1, 2]));
  test('Caffe ceil pooling with pad on a symbolic input: the correction depends on I, so unknown', () => expect(run(sym('H') as never, 3, 2, caffePool(1)).output).toBeNull());
});
