/**
 * Kernels, strides and pads known only by name (issue 8 §1: a helper's parameters with no default),
 * through catalog/symbolic-window.ts and engine/window.ts · symbolicWindowAxis. Rules: TF
 * tensorflow/core/framework/kernel_shape_util.cc · GetWindowedOutputSizeVerbose (VALID
 * ⌊(I − K)/S⌋ + 1, which TF's docs write ⌈(I − K + 1)/S⌉; SAME ⌈I/S⌉), Keras pooling's strides=None
 * meaning the pool size (keras/src/layers/pooling/base_pooling.py), and tensorflow/models
 * official/resnet/resnet_model.py · fixed_padding (pads (k − 1)//2 and k − 1 − (k − 1)//2).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

describe('symbolic kernel and stride in a helper nobody calls', () => {
  const helper = (padding: string) => `from tensorflow.keras import layers

def stem(x, filters, kernel_size, strides):
    return layers.Conv2D(filters, kernel_size, strides=strides, padding='${padding}')(x)
`;
  it("'same': ⌈H/strides⌉ whatever the kernel; params unknown (they rest on kernel_size), no alarm", () => {
    const r = analyze(helper('same'));
    const [conv] = ofType(r, 'layers.Conv2D');
    expect(shapeOf(conv)).toEqual(['N', 'ceil(H/strides)', 'ceil(W/strides)', 'filters']);
    expect(conv!.params).toBeNull();
    expect(alarms(r)).toEqual([]);
  });
  it("'valid': ⌈(H − kernel_size + 1)/strides⌉", () => {
    expect(shapeOf(ofType(analyze(helper('valid')), 'layers.Conv2D')[0])).toEqual(['N', 'ceil((H - kernel_size + 1)/strides)', 'ceil((W - kernel_size + 1)/strides)', 'filters']);
  });
  it('a pooling whose strides default to a symbolic pool size: ⌊(H − p)/p⌋ + 1 = ⌊H/p⌋', () => {
    const r = analyze(`from tensorflow.keras import layers

def pool(x, p):
    return layers.MaxPooling2D(p)(x)
`);
    expect(shapeOf(ofType(r, 'layers.MaxPooling2D')[0])).toEqual(['N', 'floor(H/p)', 'floor(W/p)', 'C']);
    expect(alarms(r)).toEqual([]);
  });
  it('a known stride with a symbolic kernel: VALID H − kernel_size + 1', () => {
    const r = analyze(`import tensorflow as tf

def head(x, kernel_size):
    return tf.layers.conv2d(x, 8, kernel_size, 1, padding='valid')
`);
    expect(shapeOf(ofType(r, 'tf.layers.conv2d')[0])).toEqual(['N', 'H - kernel_size + 1', 'W - kernel_size + 1', 8]);
  });
});

describe("fixed padding then VALID is SAME: the join of the two branches of `if strides > 1` is exact", () => {
  const src = `import tensorflow as tf

def fixed_padding(inputs, kernel_size):
  pad_total = kernel_size - 1
  pad_beg = pad_total // 2
  pad_end = pad_total - pad_beg
  return tf.pad(inputs, [[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]])

def stem(x, filters, kernel_size, strides):
  if strides > 1:
    y = tf.layers.conv2d(fixed_padding(x, kernel_size), filters, kernel_size, strides, padding='VALID')
  else:
    y = tf.layers.conv2d(x, filters, kernel_size, strides, padding='SAME')
  return tf.layers.max_pooling2d(y, 3, 2, padding='SAME')

images = tf.placeholder(tf.float32, [None, 224, 224, 3])

def build(kernel_size, strides):
  return stem(images, 64, kernel_size, strides)
`;
  it('tf.pad by (k − 1)//2 and the rest grows each axis by k − 1; the padded VALID conv gives ⌈224/strides⌉ as SAME does', () => {
    const r = analyze(src);
    expect(shapeOf(ofType(r, 'tf.pad')[0])).toEqual([null, 'kernel_size + 223', 'kernel_size + 223', 3]);
    // The body runs once per case of the stride (size-cases.ts); the rows are the s ≥ 2 case's (the
    // padded VALID conv), the value returned the join of both cases.
    expect(ofType(r, 'tf.layers.conv2d').map(shapeOf)).toEqual([[null, 'ceil(224/strides)', 'ceil(224/strides)', 64]]);
    // The pool after the join: ⌈⌈224/strides⌉/2⌉, not unknown.
    expect(shapeOf(ofType(r, 'tf.layers.max_pooling2d')[0])).toEqual([null, 'ceil(ceil(224/strides)/2)', 'ceil(ceil(224/strides)/2)', 64]);
    expect(alarms(r)).toEqual([]);
  });
  it('called with ImageNet numbers (k 7, s 2): the exact 112 and 56 (He et al. 2016 Table 1)', () => {
    const r = analyze(`${src}\nout = stem(images, 64, 7, 2)\n`);
    const convs = ofType(r, 'tf.layers.conv2d').filter((l) => shapeOf(l)?.every((d) => typeof d !== 'string'));
    expect(convs.map(shapeOf)).toContainEqual([null, 112, 112, 64]);
    expect(ofType(r, 'tf.layers.max_pooling2d').map(shapeOf)).toContainEqual([null, 56, 56, 64]);
  });
});

describe('a stride compared with 1 in a helper nobody calls: one run per case (size-cases.ts)', () => {
  const helper = (extra: string) => `import tensorflow as tf

made = []

def conv(inputs, filters, kernel_size, strides):
  if strides > 1:
    pad = kernel_size - 1
    inputs = tf.pad(inputs, [[0, 0], [pad // 2, pad - pad // 2], [pad // 2, pad - pad // 2], [0, 0]])
  y = tf.layers.conv2d(inputs, filters, kernel_size, strides, padding=('SAME' if strides == 1 else 'VALID'))
${extra}  return y
`;
  it('fixed padding then VALID (s ≥ 2) and SAME (s = 1) both give ⌈H/strides⌉', () => {
    const r = analyze(helper(''));
    expect(ofType(r, 'tf.layers.conv2d').map(shapeOf)).toEqual([['N', 'ceil(H/strides)', 'ceil(W/strides)', 'filters']]);
    expect(alarms(r)).toEqual([]);
  });
  it('a body that grows a list runs once (its effects would be doubled): the size stays unknown, never wrong', () => {
    const r = analyze(helper('  made.append(y)\n'));
    expect(ofType(r, 'tf.layers.conv2d').map(shapeOf)).toEqual([['N', null, null, 'filters']]);
    expect(alarms(r)).toEqual([]);
  });
});
