/**
 * ResNet stems. Sources:
 * - tensorflow/models official/resnet/resnet_model.py (`fixed_padding`, `conv2d_fixed_padding`,
 *   `imagenet_resnet_v2_generator`): SHAPE_SEMANTICS §1.6 and §8 #15 — 224 → 112 → 56 → 28 → 14 → 7.
 *   The helpers below follow that file's pattern (written for this test, not copied).
 * - keras-team/keras applications/resnet.py (`ZeroPadding2D(3)`, `Conv2D(64, 7, strides=2)`,
 *   `ZeroPadding2D(1)`, `MaxPooling2D(3, strides=2)`): 112 then 56 (SHAPE_SEMANTICS §5.2, §8 #36 note).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, atLine, byName, ofType, outputsNamed, shapeOf } from './helpers.js';

let analyze: (src: string, o?: { notes?: boolean }) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const OFFICIAL = `import tensorflow as tf


def fixed_padding(inputs, kernel_size, data_format):
  total = kernel_size - 1
  before = total // 2
  after = total - before
  if data_format == 'channels_first':
    return tf.pad(inputs, [[0, 0], [0, 0], [before, after], [before, after]])
  return tf.pad(inputs, [[0, 0], [before, after], [before, after], [0, 0]])


def conv2d_fixed_padding(inputs, filters, kernel_size, strides, data_format):
  if strides > 1:
    inputs = fixed_padding(inputs, kernel_size, data_format)
  return tf.layers.conv2d(
      inputs=inputs, filters=filters, kernel_size=kernel_size, strides=strides,
      padding=('SAME' if strides == 1 else 'VALID'), use_bias=False,
      data_format=data_format)


def stem(inputs, data_format):
  if data_format == 'channels_first':
    inputs = tf.transpose(inputs, [0, 3, 1, 2])
  inputs = conv2d_fixed_padding(inputs=inputs, filters=64, kernel_size=7, strides=2, data_format=data_format)
  inputs = tf.layers.max_pooling2d(inputs=inputs, pool_size=3, strides=2, padding='SAME', data_format=data_format)
  for filters in [128, 256, 512]:
    inputs = conv2d_fixed_padding(inputs=inputs, filters=filters, kernel_size=3, strides=2, data_format=data_format)
  return inputs


images = tf.placeholder(tf.float32, [None, 224, 224, 3])
last = stem(images, 'channels_last')
first = stem(images, 'channels_first')
`;

function spatial(shape: (number | string | null)[] | null, cf: boolean): (number | string | null)[] {
  return cf ? shape!.slice(2) : shape!.slice(1, 3);
}

describe('official ResNet conv2d_fixed_padding (SHAPE_SEMANTICS §1.6)', () => {
  it('gives 112/56/28/14/7 at the call sites in channels_last and channels_first', () => {
    const r = analyze(OFFICIAL);
    const lines = OFFICIAL.split('\n');
    const stemLine = lines.findIndex((l) => l.includes('kernel_size=7, strides=2'));
    const poolLine = lines.findIndex((l) => l.includes('max_pooling2d'));
    const loopLine = lines.findIndex((l) => l.includes('kernel_size=3, strides=2'));
    const stemCalls = atLine(r, stemLine).filter((l) => l.type === 'conv2d_fixed_padding');
    expect(stemCalls.map((l) => spatial(shapeOf(l), l === stemCalls[1]))).toEqual([
      [112, 112],
      [112, 112],
    ]);
    const pools = atLine(r, poolLine);
    expect(pools.map((l, i) => spatial(shapeOf(l), i === 1))).toEqual([
      [56, 56],
      [56, 56],
    ]);
    const loop = atLine(r, loopLine).filter((l) => l.type === 'conv2d_fixed_padding');
    expect(loop.map((l, i) => spatial(shapeOf(l), i >= 3)[0])).toEqual([28, 14, 7, 28, 14, 7]);
    expect(shapeOf(outputsNamed(r, 'last').find((l) => l.type === 'stem'))).toEqual([null, 7, 7, 512]);
    expect(shapeOf(outputsNamed(r, 'first').find((l) => l.type === 'stem'))).toEqual([null, 512, 7, 7]);
  });

  it('fixed_padding pads (3, 3) for k7 whatever the input, then VALID conv gives 112 (§8 #15)', () => {
    const r = analyze(OFFICIAL);
    const pads = ofType(r, 'tf.pad');
    const first = pads.find((p) => shapeOf(p)?.[1] === 230)!;
    expect(shapeOf(first)).toEqual([null, 230, 230, 3]);
    expect(first.windowing).toEqual({
      kind: 'pad',
      pads: [
        { before: 3, after: 3 },
        { before: 3, after: 3 },
      ],
      axisNames: ['dim 1', 'dim 2'],
      framework: 'tensorflow',
    });
    const conv = ofType(r, 'tf.layers.conv2d').find((l) => shapeOf(l)?.[1] === 112)!;
    // use_bias=False: 7·7·3·64 weights (SHAPE_SEMANTICS §1.2 filter layout).
    expect(conv.params).toBe(9408);
    expect(conv.windowing?.kind).toBe('window');
  });

  it("max_pooling2d(3, 2, 'SAME') on 112 pads (0, 1) (§1.3, §1.6)", () => {
    const r = analyze(OFFICIAL);
    const pool = ofType(r, 'tf.layers.max_pooling2d')[0]!;
    expect(pool.windowing?.kind).toBe('window');
    if (pool.windowing?.kind === 'window') expect(pool.windowing.axes.map((a) => [a.padBefore, a.padAfter])).toEqual([
      [0, 1],
      [0, 1],
    ]);
  });
});

describe('Keras applications ResNet50 stem (keras/applications/resnet.py)', () => {
  const SRC = `from tensorflow.keras import layers
img_input = layers.Input(shape=(224, 224, 3))
x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name='conv1_pad')(img_input)
x = layers.Conv2D(64, 7, strides=2, use_bias=True, name='conv1_conv')(x)
x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name='conv1_bn')(x)
x = layers.Activation('relu', name='conv1_relu')(x)
x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name='pool1_pad')(x)
x = layers.MaxPooling2D(3, strides=2, name='pool1_pool')(x)
`;
  it('conv1 gives 112 and pool1 gives 56', () => {
    const r = analyze(SRC);
    expect(shapeOf(byName(r, 'conv1_pad'))).toEqual([null, 230, 230, 3]);
    expect(shapeOf(byName(r, 'conv1_conv'))).toEqual([null, 112, 112, 64]);
    expect(shapeOf(byName(r, 'pool1_pad'))).toEqual([null, 114, 114, 64]);
    expect(shapeOf(byName(r, 'pool1_pool'))).toEqual([null, 56, 56, 64]);
  });

  it('the short forms ZeroPadding2D(3) and ZeroPadding2D(1) give the same', () => {
    const r = analyze(SRC.replace('padding=((3, 3), (3, 3))', '3').replace('padding=((1, 1), (1, 1))', '1'));
    expect(shapeOf(byName(r, 'conv1_conv'))).toEqual([null, 112, 112, 64]);
    expect(shapeOf(byName(r, 'pool1_pool'))).toEqual([null, 56, 56, 64]);
  });

  it('params as Keras counts them: conv1 7·7·3·64 + 64 = 9472, BN 4·64 = 256', () => {
    const r = analyze(SRC);
    expect(byName(r, 'conv1_conv')!.params).toBe(9472);
    expect(byName(r, 'conv1_bn')!.params).toBe(256);
    expect(byName(r, 'pool1_pad')!.windowing?.kind).toBe('pad');
  });

  it("with padding='same' instead, conv1 pads (2, 3): a porting note only when notes are on (D12, §1.1)", () => {
    const src = `from tensorflow.keras import layers
x = layers.Input(shape=(224, 224, 3))
y = layers.Conv2D(64, 7, strides=2, padding='same')(x)
`;
    expect(analyze(src).diagnostics).toEqual([]);
    const notes = analyze(src, { notes: true }).diagnostics;
    expect(notes.map((d) => [d.severity, d.code])).toEqual([['information', 'asymmetric-same-padding']]);
    expect(notes[0]!.message).toContain('H: 2 before, 3 after');
  });
});
