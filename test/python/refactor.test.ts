/**
 * The "pad explicitly like Caffe" refactor: TF/Keras SAME → explicit zero padding + VALID.
 *
 * Expected values:
 * - TF SAME pads T = max(0, (O−1)·S + E − I), ⌊T/2⌋ before and the rest after
 *   (SHAPE_SEMANTICS §1.1, tensorflow/core/framework/kernel_shape_util.cc · GetWindowedOutputSizeVerbose).
 * - fixed_padding pads (K−1)//2 before and the rest after, whatever the input, and gives the same
 *   size as SAME; its table (SHAPE_SEMANTICS §1.6, tensorflow/models official/resnet/resnet_model.py ·
 *   `fixed_padding`): I=224 K=7 S=2 → SAME (2,3), fixed (3,3), 112 both; I=225 → (3,3) both, 113;
 *   I=56 K=3 S=2 → SAME (0,1), fixed (1,1), 28 both.
 * - Caffe pad (K−1)/2 equals SAME only when (I−1) mod S = 0, e.g. always at stride 1 (7, k3 s1 p1 →
 *   (1,1) both); the exact port is ZeroPadding2D(P) + 'valid' (SHAPE_SEMANTICS §5.1, Caffe
 *   conv_layer.cpp · compute_output_shape), which is what keras/applications/resnet.py does for
 *   conv1: ZeroPadding2D(((3, 3), (3, 3))) + Conv2D(64, 7, strides=2) 'valid' → 112.
 * - tf.pad pads in data-format order: [[0,0],[pt,pb],[pl,pr],[0,0]] (NHWC), [[0,0],[0,0],[pt,pb],[pl,pr]]
 *   (NCHW) (SHAPE_SEMANTICS §1.5, §1.7; the same file's `fixed_padding`).
 * - Zero padding before a max pool equals SAME's −∞ padding only after a ReLU (SHAPE_SEMANTICS §1.5),
 *   so pooling gets no refactor.
 * Every refactor is checked by analysing the edited text again: the same output sizes everywhere,
 * the conv now VALID, and the new padding layer's pads equal fixed_padding's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, Fix, LayerResult, Position, TextEdit } from '../../server/src/analysis/types.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

/** fixed_padding's split for an odd kernel (SHAPE_SEMANTICS §1.6). */
function fixed(k: number): [number, number] {
  const before = Math.floor((k - 1) / 2);
  return [before, k - 1 - before];
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: Position) => starts[p.line]! + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (let i = 1; i < sorted.length; i++) expect(offset(sorted[i]!.range.end)).toBeLessThanOrEqual(offset(sorted[i - 1]!.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** The one layer with actions. */
function offered(r: AnalysisResult): { layer: LayerResult; fix: Fix } {
  const withActions = r.layers.filter((l) => l.actions.length > 0);
  expect(withActions.map((l) => l.type)).toHaveLength(1);
  const layer = withActions[0]!;
  expect(layer.actions).toHaveLength(1);
  const fix = layer.actions[0]!;
  expect(fix.kind).toBe('refactor');
  expect(fix.preferred).toBe(false);
  return { layer, fix };
}

const isPadding = (l: LayerResult) => /ZeroPadding\dD$|\.pad$/.test(l.type);

/**
 * Applies the refactor, analyses the result again and checks it is exact: every other layer keeps its
 * output shape, the conv is VALID now and offers nothing more, and the inserted padding has `pads`.
 */
function refactor(src: string, pads: [number, number][]): { text: string; fix: Fix; after: AnalysisResult } {
  const before = analyze(src);
  const { layer, fix } = offered(before);
  const text = applyEdits(src, fix.edits);
  const after = analyze(text);
  expect(after.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const shapes = (r: AnalysisResult) => r.layers.filter((l) => !isPadding(l)).map((l) => [l.type, shapeOf(l)]);
  expect(shapes(after)).toEqual(shapes(before));
  const inserted = after.layers.filter((l) => isPadding(l) && !before.layers.some((b) => b.type === l.type && shapeOf(b) !== null && JSON.stringify(b.range) === JSON.stringify(l.range)));
  expect(inserted).toHaveLength(1);
  const w = inserted[0]!.windowing;
  expect(w?.kind).toBe('pad');
  if (w?.kind === 'pad') expect(w.pads.map((p) => [p.before, p.after])).toEqual(pads.filter(([b, a]) => b !== 0 || a !== 0));
  const conv = after.layers.find((l) => l.type === layer.type && l.windowing?.kind === 'window' && JSON.stringify(shapeOf(l)) === JSON.stringify(shapeOf(layer)));
  expect(conv).toBeTruthy();
  if (conv?.windowing?.kind === 'window') for (const a of conv.windowing.axes) expect(a.padding.kind).toBe('valid');
  expect(after.layers.every((l) => l.actions.length === 0)).toBe(true);
  return { text, fix, after };
}

const FUNCTIONAL = `from tensorflow.keras import layers

x = layers.Input(shape=(224, 224, 3))
y = layers.Conv2D(64, 7, strides=2, padding='same', name='conv1')(x)
`;

describe('Keras functional: Conv2D(..., padding=same)(x)', () => {
  it('224, k7 s2: SAME pads (2, 3), fixed (3, 3) → ZeroPadding2D(((3, 3), (3, 3))) + valid, still 112 (§1.6, resnet.py)', () => {
    const r = analyze(FUNCTIONAL);
    const conv = r.layers.find((l) => l.name === 'conv1')!;
    expect(shapeOf(conv)).toEqual([null, 112, 112, 64]);
    if (conv.windowing?.kind === 'window') expect(conv.windowing.axes.map((a) => [a.padBefore, a.padAfter])).toEqual([[2, 3], [2, 3]]);
    const { text, fix, after } = refactor(FUNCTIONAL, [fixed(7), fixed(7)]);
    expect(fix.title).toBe("Pad explicitly like Caffe: ZeroPadding2D(((3, 3), (3, 3))) + padding='valid'");
    // A statement of its own: the padding goes on a line above it, so each line shows one layer's hint.
    expect(text).toBe(FUNCTIONAL.replace("y = layers.Conv2D(64, 7, strides=2, padding='same', name='conv1')(x)", "y = layers.ZeroPadding2D(((3, 3), (3, 3)))(x)\ny = layers.Conv2D(64, 7, strides=2, padding='valid', name='conv1')(y)"));
    expect(shapeOf(ofType(after, 'layers.ZeroPadding2D')[0])).toEqual([null, 230, 230, 3]);
  });

  it('keeps the module prefix and the quotes: keras.layers, tf.keras.layers, "same"', () => {
    const keras = `import keras\nx = keras.Input(shape=(56, 56, 64))\ny = keras.layers.Conv2D(128, 3, strides=2, padding="same")(x)\n`;
    const k = refactor(keras, [fixed(3), fixed(3)]);
    expect(k.text).toContain(`y = keras.layers.ZeroPadding2D(((1, 1), (1, 1)))(x)\ny = keras.layers.Conv2D(128, 3, strides=2, padding="valid")(y)`);
    const tfk = `import tensorflow as tf\nx = tf.keras.Input(shape=(56, 56, 64))\ny = tf.keras.layers.Conv2D(128, (3, 3), (2, 2), 'same')(x)\n`;
    const t = refactor(tfk, [fixed(3), fixed(3)]);
    expect(t.text).toContain(`y = tf.keras.layers.ZeroPadding2D(((1, 1), (1, 1)))(x)\ny = tf.keras.layers.Conv2D(128, (3, 3), (2, 2), 'valid')(y)`);
  });

  it('a bare Conv2D: ZeroPadding2D used when imported, else added to the same from-import line', () => {
    const imported = `from tensorflow.keras.layers import Conv2D, Input, ZeroPadding2D\nx = Input(shape=(224, 224, 3))\ny = Conv2D(64, 7, strides=2, padding='same')(x)\n`;
    const a = refactor(imported, [fixed(7), fixed(7)]);
    // No import edit: padding → valid, the line above, the input renamed.
    expect(a.fix.edits).toHaveLength(3);
    expect(a.text).toContain(`y = ZeroPadding2D(((3, 3), (3, 3)))(x)\ny = Conv2D(64, 7, strides=2, padding='valid')(y)`);
    const missing = `from keras.layers import (\n    Conv2D,\n    Input,\n)\nx = Input(shape=(224, 224, 3))\ny = Conv2D(64, 7, strides=2, padding='same')(x)\n`;
    const b = refactor(missing, [fixed(7), fixed(7)]);
    expect(b.text).toBe(`from keras.layers import (\n    Conv2D,\n    Input, ZeroPadding2D,\n)\nx = Input(shape=(224, 224, 3))\ny = ZeroPadding2D(((3, 3), (3, 3)))(x)\ny = Conv2D(64, 7, strides=2, padding='valid')(y)\n`);
  });

  it('channels_first: spatial pads only, per axis, and ZeroPadding2D gets the data_format (§1.7)', () => {
    // H: 224, k7 s2 → SAME (2, 3), fixed (3, 3); W: 56, k3 s2 → SAME (0, 1), fixed (1, 1) (§1.6 table rows).
    const src = `from tensorflow.keras import layers\nx = layers.Input(shape=(3, 224, 56))\ny = layers.Conv2D(64, (7, 3), strides=2, padding='same', data_format='channels_first')(x)\n`;
    expect(shapeOf(analyze(src).layers[1])).toEqual([null, 64, 112, 28]);
    const { text, fix } = refactor(src, [fixed(7), fixed(3)]);
    expect(fix.title).toBe("Pad explicitly like Caffe: ZeroPadding2D(((3, 3), (1, 1)), data_format='channels_first') + padding='valid'");
    expect(text).toContain(`y = layers.ZeroPadding2D(((3, 3), (1, 1)), data_format='channels_first')(x)\ny = layers.Conv2D(64, (7, 3), strides=2, padding='valid', data_format='channels_first')(y)`);
  });

  it('Conv1D and DepthwiseConv2D get ZeroPadding1D / ZeroPadding2D', () => {
    const c1 = `from tensorflow.keras import layers\nx = layers.Input(shape=(100, 8))\ny = layers.Conv1D(16, 5, strides=2, padding='same')(x)\n`;
    expect(refactor(c1, [fixed(5)]).text).toContain(`y = layers.ZeroPadding1D((2, 2))(x)\ny = layers.Conv1D(16, 5, strides=2, padding='valid')(y)`);
    const dw = `from tensorflow.keras import layers\nx = layers.Input(shape=(112, 112, 32))\ny = layers.DepthwiseConv2D(3, strides=2, padding='same')(x)\n`;
    expect(refactor(dw, [fixed(3), fixed(3)]).text).toContain(`y = layers.ZeroPadding2D(((1, 1), (1, 1)))(x)\ny = layers.DepthwiseConv2D(3, strides=2, padding='valid')(y)`);
  });

  it('indents the padding line like its statement, and nests the padding where the conv is no statement of its own', () => {
    const indented = `from tensorflow.keras import layers\n\n\ndef stem(x):\n    if x is not None:\n        y = layers.Conv2D(64, 7, strides=2, padding='same')(x)\n        return y\n\n\nout = stem(layers.Input(shape=(224, 224, 3)))\n`;
    expect(refactor(indented, [fixed(7), fixed(7)]).text).toContain(`    if x is not None:\n        y = layers.ZeroPadding2D(((3, 3), (3, 3)))(x)\n        y = layers.Conv2D(64, 7, strides=2, padding='valid')(y)\n        return y\n`);
    // Returned or passed on: no statement to put a line above.
    const returned = `from tensorflow.keras import layers\n\n\ndef stem(x):\n    return layers.Conv2D(64, 7, strides=2, padding='same')(x)\n\n\nout = stem(layers.Input(shape=(224, 224, 3)))\n`;
    expect(refactor(returned, [fixed(7), fixed(7)]).text).toContain(`    return layers.Conv2D(64, 7, strides=2, padding='valid')(layers.ZeroPadding2D(((3, 3), (3, 3)))(x))\n`);
    const nested = `from tensorflow.keras import layers\nx = layers.Input(shape=(224, 224, 3))\ny = layers.ReLU()(layers.Conv2D(64, 7, strides=2, padding='same')(x))\n`;
    expect(refactor(nested, [fixed(7), fixed(7)]).text).toContain(`y = layers.ReLU()(layers.Conv2D(64, 7, strides=2, padding='valid')(layers.ZeroPadding2D(((3, 3), (3, 3)))(x)))\n`);
    // The constructor reads the name the padding line would assign first: nested, so it reads the old value.
    const reads = `from tensorflow.keras import layers\ny = layers.Input(shape=(224, 224, 3))\ny = layers.Conv2D(y.shape[-1], 7, strides=2, padding='same')(y)\n`;
    expect(refactor(reads, [fixed(7), fixed(7)]).text).toContain(`y = layers.Conv2D(y.shape[-1], 7, strides=2, padding='valid')(layers.ZeroPadding2D(((3, 3), (3, 3)))(y))\n`);
  });
});

describe('Keras Sequential and model.add', () => {
  it('inserts ZeroPadding2D before the conv in the list, moving input_shape to it', () => {
    const src = `from tensorflow.keras.layers import Conv2D, MaxPooling2D, ZeroPadding2D
from tensorflow.keras.models import Sequential

model = Sequential([
    Conv2D(64, 7, strides=2, padding='same', input_shape=(224, 224, 3)),
    MaxPooling2D(3, strides=2),
])
`;
    const { text } = refactor(src, [fixed(7), fixed(7)]);
    expect(text).toBe(`from tensorflow.keras.layers import Conv2D, MaxPooling2D, ZeroPadding2D
from tensorflow.keras.models import Sequential

model = Sequential([
    ZeroPadding2D(((3, 3), (3, 3)), input_shape=(224, 224, 3)),
    Conv2D(64, 7, strides=2, padding='valid'),
    MaxPooling2D(3, strides=2),
])
`);
  });

  it('a later conv in a one-line list gets an element before it', () => {
    const src = `from tensorflow import keras\nmodel = keras.Sequential([keras.Input(shape=(56, 56, 64)), keras.layers.Conv2D(128, 3, strides=2, padding='same')])\n`;
    const { text } = refactor(src, [fixed(3), fixed(3)]);
    expect(text).toContain(`keras.Sequential([keras.Input(shape=(56, 56, 64)), keras.layers.ZeroPadding2D(((1, 1), (1, 1))), keras.layers.Conv2D(128, 3, strides=2, padding='valid')])`);
  });

  it('model.add(...): a model.add(ZeroPadding2D(...)) line before, same indentation', () => {
    const src = `from tensorflow.keras.layers import Conv2D, ZeroPadding2D
from tensorflow.keras.models import Sequential


def build():
    model = Sequential()
    model.add(Conv2D(64, 7, strides=2, padding='same', input_shape=(224, 224, 3)))
    return model


m = build()
`;
    const { text } = refactor(src, [fixed(7), fixed(7)]);
    expect(text).toContain(`    model = Sequential()
    model.add(ZeroPadding2D(((3, 3), (3, 3)), input_shape=(224, 224, 3)))
    model.add(Conv2D(64, 7, strides=2, padding='valid'))
    return model`);
  });
});

describe('TensorFlow: tf.layers.conv2d and tf.nn.conv2d', () => {
  it('tf.layers.conv2d on 56, k3 s2: SAME (0, 1) → tf.pad(…, [[0, 0], [1, 1], [1, 1], [0, 0]]) + VALID (§1.6)', () => {
    const src = `import tensorflow as tf\nnet = tf.placeholder(tf.float32, [None, 56, 56, 64])\nsame = tf.layers.conv2d(net, 128, 3, strides=2, padding='SAME')\n`;
    const { text, fix, after } = refactor(src, [fixed(3), fixed(3)]);
    expect(fix.title).toBe("Pad explicitly like Caffe: tf.pad(net, [[0, 0], [1, 1], [1, 1], [0, 0]]) + padding='VALID'");
    expect(text).toContain(`same = tf.layers.conv2d(tf.pad(net, [[0, 0], [1, 1], [1, 1], [0, 0]]), 128, 3, strides=2, padding='VALID')`);
    expect(shapeOf(ofType(after, 'tf.pad')[0])).toEqual([null, 58, 58, 64]);
  });

  it('tf.layers.conv2d channels_first pads NCHW axes; lower-case same stays lower-case', () => {
    const src = `import tensorflow.compat.v1 as tf\nx = tf.placeholder(tf.float32, [None, 3, 224, 224])\ny = tf.layers.conv2d(inputs=x, filters=64, kernel_size=7, strides=2, padding='same', data_format='channels_first')\n`;
    const { text } = refactor(src, [fixed(7), fixed(7)]);
    expect(text).toContain(`tf.layers.conv2d(inputs=tf.pad(x, [[0, 0], [0, 0], [3, 3], [3, 3]]), filters=64, kernel_size=7, strides=2, padding='valid', data_format='channels_first')`);
  });

  it('tf.nn.conv2d NHWC and NCHW (positional padding)', () => {
    const nhwc = `import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 224, 224, 3])\nw = tf.get_variable('w', [7, 7, 3, 64])\ny = tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding='SAME')\n`;
    expect(refactor(nhwc, [fixed(7), fixed(7)]).text).toContain(`y = tf.nn.conv2d(tf.pad(x, [[0, 0], [3, 3], [3, 3], [0, 0]]), w, strides=[1, 2, 2, 1], padding='VALID')`);
    const nchw = `import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 64, 56, 56])\nw = tf.get_variable('w', [3, 3, 64, 128])\ny = tf.nn.conv2d(x, w, [1, 1, 2, 2], "SAME", data_format='NCHW')\n`;
    expect(refactor(nchw, [fixed(3), fixed(3)]).text).toContain(`y = tf.nn.conv2d(tf.pad(x, [[0, 0], [0, 0], [1, 1], [1, 1]]), w, [1, 1, 2, 2], "VALID", data_format='NCHW')`);
  });
});

describe('not offered', () => {
  const none = (src: string) => expect(analyze(src).layers.flatMap((l) => l.actions)).toEqual([]);
  const HEAD = `from tensorflow.keras import layers\n`;

  it('when SAME already pads like Caffe: odd input 225 k7 s2 (3, 3); stride 1 (§1.6, §5.1)', () => {
    none(HEAD + `x = layers.Input(shape=(225, 225, 3))\ny = layers.Conv2D(64, 7, strides=2, padding='same')(x)\n`);
    none(HEAD + `x = layers.Input(shape=(7, 7, 3))\ny = layers.Conv2D(64, 3, padding='same')(x)\n`);
    none(`import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 57, 57, 64])\ny = tf.layers.conv2d(x, 128, 3, strides=2, padding='SAME')\n`);
  });

  it('for an even kernel: Caffe cannot pad (K−1)/2 on both sides (k4 s2 on 64: SAME (1, 1) is Caffe pad 1)', () => {
    none(HEAD + `x = layers.Input(shape=(64, 64, 3))\ny = layers.Conv2D(64, 4, strides=2, padding='same')(x)\n`);
  });

  it('when the split is not known (unknown input size) or padding is not a literal', () => {
    none(HEAD + `x = layers.Input(shape=(None, None, 3))\ny = layers.Conv2D(64, 7, strides=2, padding='same')(x)\n`);
    none(HEAD + `pad = 'same'\nx = layers.Input(shape=(224, 224, 3))\ny = layers.Conv2D(64, 7, strides=2, padding=pad)(x)\n`);
  });

  it('for pooling, whose zero padding is not SAME\'s −∞ (§1.5, §5.2)', () => {
    none(HEAD + `x = layers.Input(shape=(112, 112, 64))\ny = layers.MaxPooling2D(3, strides=2, padding='same')(x)\n`);
    none(`import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 112, 112, 64])\ny = tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], 'SAME')\n`);
  });

  it('for a layer object built in one place and applied in another', () => {
    none(HEAD + `conv = layers.Conv2D(64, 7, strides=2, padding='same')\nx = layers.Input(shape=(224, 224, 3))\ny = conv(x)\n`);
  });

  it('in a helper whose calls split differently (56: (0, 1); 57: (1, 1)), but once when they agree', () => {
    const helper = (a: number, b: number) =>
      HEAD + `def down(t):\n    return layers.Conv2D(128, 3, strides=2, padding='same')(t)\n\na = down(layers.Input(shape=(${a}, ${a}, 64)))\nb = down(layers.Input(shape=(${b}, ${b}, 64)))\n`;
    none(helper(56, 57));
    const agree = analyze(helper(56, 28));
    const convs = ofType(agree, 'layers.Conv2D');
    expect(convs.map(shapeOf)).toEqual([[null, 28, 28, 128], [null, 14, 14, 128]]);
    expect(convs.every((l) => l.actions.length === 1)).toBe(true);
    expect(convs[0]!.actions).toEqual(convs[1]!.actions);
  });

  it('for Keras 1 (its ZeroPadding2D takes no ((top, bottom), (left, right)))', () => {
    none(`from keras.layers import Input, Convolution2D\nx = Input(shape=(224, 224, 3))\ny = Convolution2D(64, 7, 7, subsample=(2, 2), border_mode='same')(x)\n`);
  });

  it('when the name ZeroPadding2D is bound to something else in the file', () => {
    none(`from tensorflow.keras.layers import Conv2D, Input\nZeroPadding2D = None\nx = Input(shape=(224, 224, 3))\ny = Conv2D(64, 7, strides=2, padding='same')(x)\n`);
  });
});
