/**
 * Entry points and one table per model (issue 8 §1, §5; issue 10 §3's totals).
 * Expected numbers: Keras 2.2 keras/layers/convolutional.py `_Conv.build` (kernel k·k·C_in·filters
 * + filters biases) and `conv_utils.conv_output_length` ('same': ceil(L / stride));
 * keras/layers/normalization.py `BatchNormalization.build` (gamma, beta, moving mean and variance:
 * 4·C); keras/layers/core.py `Dense.build` (in·units + units); keras/layers/pooling.py
 * GlobalAveragePooling2D → (N, C).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzer, ofType, shapeOf } from './helpers.js';
import { dimToJson } from '../../server/src/engine/dim.js';
import type { AnalysisResult, ModelSummary } from '../../server/src/analysis/types.js';
import { summaryTable } from '../../server/src/analysis/summary.js';
import type { PythonOptions } from '../../server/src/python/analyze.js';

let analyze: (src: string, options?: PythonOptions) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const total = (m: ModelSummary | undefined) => m?.layers.filter((l) => !l.composite).reduce((s, l) => s + (l.params ?? NaN), 0);
const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

describe('uncalled builders are entry points', () => {
  const src = readFileSync('test/python/fixtures/applications_style.py', 'utf8');

  it('each builder gets its own table with its own total; nothing from the other builder or uncalled code', () => {
    const r = analyze(src);
    expect(r.models?.map((m) => [m.name, m.entry])).toEqual([
      ['net', 'NetV1'],
      ['net', 'NetV2'],
    ]);
    const [v1, v2] = r.models!;
    // NetV1: Conv 448 + BN 64 + Conv 4,640 + BN 128, BN 128 (preact False), Dense 32·10 + 10.
    expect(total(v1)).toBe(448 + 64 + 4640 + 128 + 128 + 330);
    // NetV2: its own stack_fn (Conv 224 + BN 32), no BN (preact True), Dense 8·10 + 10.
    expect(total(v2)).toBe(224 + 32 + 90);
    expect(v2!.layers.filter((l) => !l.composite).map((l) => l.type)).toEqual(['layers.Input', 'layers.Conv2D', 'layers.BatchNormalization', 'layers.GlobalAveragePooling2D', 'layers.Dense']);
    // Dense(999) sits in a nested function nobody calls.
    expect(r.layers.some((l) => l.range.start.line === src.split('\n').findIndex((x) => x.includes('Dense(999)')))).toBe(false);
    expect(alarms(r)).toEqual([]);
  });

  it('input_shape=None flows as at run time: 32 → 16 → 8 with the defaults', () => {
    const v1 = analyze(src).models![0]!;
    expect(v1.layers.filter((l) => l.type === 'layers.Conv2D').map(shapeOf)).toEqual([
      [null, 16, 16, 16],
      [null, 8, 8, 32],
    ]);
    expect(shapeOf(v1.layers.at(-1))).toEqual([null, 10]);
  });

  it("the Keras modules bound from **kwargs are information at the builder's name", () => {
    const notes = analyze(src).diagnostics.filter((d) => d.code === 'entry-point-keras-modules');
    expect(notes.map((d) => [d.severity, d.range.start.line])).toEqual([
      ['information', src.split('\n').findIndex((x) => x.startsWith('def NetV1'))],
      ['information', src.split('\n').findIndex((x) => x.startsWith('def NetV2'))],
    ]);
  });

  it('a real call site wins: called once, the builder is not analysed again on its own', () => {
    const r = analyze(`${src}\nimport keras\nmodel = NetV2(input_shape=(64, 64, 3), backend=keras.backend, layers=keras.layers, models=keras.models, utils=keras.utils)\nmodel.summary()\n`);
    expect(r.models?.map((m) => [m.name, m.entry])).toEqual([
      ['net', null],
      ['net', 'NetV1'],
    ]);
    expect(shapeOf(r.models![0]!.layers.find((l) => l.type === 'layers.Conv2D'))).toEqual([null, 64, 64, 8]);
    expect(r.diagnostics.filter((d) => d.code === 'entry-point-keras-modules')).toHaveLength(1);
  });

  it('the summary prints one table per model with its totals', () => {
    const text = summaryTable(analyze(src));
    expect(text).toMatch(/^Model: net \(entry point NetV1, line \d+\)/);
    expect(text).toContain('Total params: 5,738 (5.74 K)');
    expect(text).toContain('Model: net (entry point NetV2');
    expect(text).toContain('Total params: 346 (346)');
  });

  it('a helper opened alone is its own entry point, with symbolic shapes', () => {
    const r = analyze(`from tensorflow.keras import layers
def down(x):
    return layers.MaxPooling2D()(layers.Conv2D(8, 3, padding='same')(x))
`);
    expect(r.models?.map((m) => m.name)).toEqual(['down']);
    // Valid 2×2 pooling, ⌊(H − 2)/2⌋ + 1 (SHAPE_SEMANTICS §3.5), is ⌊H/2⌋ in the engine's canonical form.
    expect(shapeOf(r.layers.find((l) => l.type === 'layers.MaxPooling2D'))).toEqual(['N', 'floor(H/2)', 'floor(W/2)', 8]);
  });
});

describe('module-level models and loops', () => {
  it('two models at module level: two tables; a shared layer appears in both, as Keras lists it', () => {
    const r = analyze(`from tensorflow import keras
inp = keras.Input(shape=(16,))
shared = keras.layers.Dense(8)
h = shared(inp)
encoder = keras.Model(inp, h)
out = keras.layers.Dense(2)(h)
full = keras.Model(inp, out)
full.summary()
`);
    expect(r.models?.map((m) => [m.name, total(m)])).toEqual([
      ['encoder', 16 * 8 + 8],
      ['full', 16 * 8 + 8 + 8 * 2 + 2],
    ]);
    expect(r.models![1]!.anchors.map((a) => a.line)).toEqual([6, 7]);
  });

  it('an op repeated by a loop outside any model is one row with a count; layers of a model keep one row each', () => {
    const r = analyze(`import tensorflow as tf
from tensorflow import keras
inp = keras.Input(shape=(4,))
x = inp
for _ in range(3):
    x = keras.layers.Dense(4)(x)
model = keras.Model(inp, x)
img = tf.zeros((1, 8))
for step in range(30):
    loss = tf.reduce_mean(img)
`);
    expect(r.layers.filter((l) => l.type === 'keras.layers.Dense')).toHaveLength(3);
    const means = r.layers.filter((l) => l.type === 'tf.reduce_mean');
    expect(means.map((l) => l.repeats)).toEqual([30]);
    expect(summaryTable(r)).toContain('tf.reduce_mean ×30');
  });

  it('a layer with weights repeated by a loop outside any model keeps one row each: every call makes new variables', () => {
    // TF 1 graph code (tensorflow/models official/resnet, 2018: `for _ in range(1, blocks)` calling
    // tf.layers.conv2d): each tf.layers call creates its own kernel and bias (tf.layers.Conv2D.build
    // per call, keras/layers/convolutional.py), so the total counts each: 3·(3·3·8·8 + 8) = 1,752.
    const r = analyze(`import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 16, 16, 8])
for _ in range(3):
    x = tf.layers.conv2d(x, 8, 3, padding='same')
`);
    expect(r.layers.filter((l) => l.type === 'tf.layers.conv2d').map((l) => [l.params, l.repeats ?? 1])).toEqual([[584, 1], [584, 1], [584, 1]]);
    expect(summaryTable(r)).toContain('Total params: 1,752');
  });

  it('a file with no layer says so in one line', () => {
    expect(summaryTable(analyze('x = 1\n'))).toBe('No model: no layer is applied in this file.');
  });
});

describe('missing required arguments (issue 8 §6)', () => {
  // CPython: "f() missing 1 required positional argument: 'x'" (Python/ceval.c missing_arguments).
  it('a call that leaves a required parameter unbound is an error at the call, with the TypeError', () => {
    const r = analyze(`from tensorflow.keras import layers
def block(x, filters, *, name):
    return layers.Dense(filters, name=name)(x)
class Head:
    def __init__(self, units):
        self.units = units
y = block(layers.Input(shape=(4,)))
h = Head()
`);
    expect(r.diagnostics.map((d) => [d.range.start.line, d.severity, d.message])).toEqual([
      [6, 'error', "block() missing 1 required positional argument: 'filters' (TypeError at run time)"],
      [6, 'error', "block() missing 1 required keyword-only argument: 'name' (TypeError at run time)"],
      [7, 'error', "Head.__init__() missing 1 required positional argument: 'units' (TypeError at run time)"],
    ]);
  });

  it('nothing for entry points, opaque *args/**kwargs, defaults, or decorated functions', () => {
    const r = analyze(`from tensorflow.keras import layers
def block(x, filters=8):
    return layers.Dense(filters)(x)
class C:
    @classmethod
    def make(cls, n):
        return n
args = get_args()
y = block(*args)
z = block(layers.Input(shape=(4,)))
c = C.make(3)
`);
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
  });
});

describe('a bare keras-applications-style call', () => {
  const src = readFileSync('test/python/fixtures/applications_style.py', 'utf8');
  it('without the Keras modules the globals stay None: an AttributeError, reported at the call', () => {
    const r = analyze(`${src}\nmodel = NetV1()\n`);
    const line = src.split('\n').length;
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.range.start.line, d.code])).toEqual([[line, 'none-attribute']]);
    expect(r.diagnostics.find((d) => d.code === 'none-attribute')?.message).toMatch(/^AttributeError at run time: `layers` is None, so it has no attribute 'Input'/);
  });

  it('nothing when an instance attribute is None until build(), inside try, or in an unknown branch', () => {
    const r = analyze(`import sys
from tensorflow import keras
class Block(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = None
    def build(self, input_shape):
        self.dense = keras.layers.Dense(4)
    def call(self, x):
        return self.dense(x)
y = Block()(keras.Input(shape=(8,)))
helper = None
try:
    helper.run()
except AttributeError:
    pass
if len(sys.argv) > 1:
    helper = keras.layers
helper.Dense(3)
`);
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
  });
});

describe('size parameters with no default are the symbol of their name (issue 8 §1)', () => {
  // Shapes: keras/src/layers/convolutional/base_conv.py compute_output_shape (channels = filters;
  // 'same': ceil(L / stride), 'valid': floor((L - k) / stride) + 1), keras/src/layers/core/dense.py
  // (last axis = units), keras/src/layers/reshaping/reshape.py (the target as given).
  const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

  it('conv_block(x, filters, kernel_size, strides=(2, 2)) opened alone: filters is the channel count', () => {
    const r = analyze(`from tensorflow.keras import layers
def conv_block(x, filters, kernel_size, strides=(2, 2)):
    y = layers.Conv2D(filters, 3, padding='same')(x)
    y = layers.Conv2D(filters, kernel_size, strides=strides, padding='same')(y)
    y = layers.Conv2D(filters * 2, 1)(y)
    y = layers.Conv2D(filters // 4, 1)(y)
    y = layers.Dense(filters + 1)(y)
    return layers.Reshape((1, 1, filters))(y)
`);
    const convs = ofType(r, 'layers.Conv2D');
    expect(convs.map(shapeOf)).toEqual([
      ['N', 'H', 'W', 'filters'],
      // kernel_size is a symbolic window: 'same' at stride 2 gives ⌈H/2⌉ whatever the kernel
      // (SHAPE_SEMANTICS §3.2, TF kernel_shape_util.cc GetWindowedOutputSizeVerbose SAME).
      ['N', 'ceil(H/2)', 'ceil(W/2)', 'filters'],
      ['N', 'ceil(H/2)', 'ceil(W/2)', '2*filters'],
      ['N', 'ceil(H/2)', 'ceil(W/2)', 'floor(filters/4)'],
    ]);
    expect(shapeOf(ofType(r, 'layers.Dense')[0])).toEqual(['N', 'ceil(H/2)', 'ceil(W/2)', 'filters + 1']);
    expect(shapeOf(ofType(r, 'layers.Reshape')[0])).toEqual(['N', 1, 1, 'filters']);
    // Params that depend on a symbol are unknown, never a number.
    expect([...convs, ...ofType(r, 'layers.Dense')].map((l) => l.params)).toEqual([null, null, null, null, null]);
    expect(alarms(r)).toEqual([]);
  });

  it("keras-applications' conv_block unpacks filters as a tuple: its parts stay unknown, never a wrong symbol", () => {
    // keras_applications/resnet50.py (1.0.8) conv_block, as written there.
    const r = analyze(`from keras import layers
def conv_block(input_tensor, kernel_size, filters, stage, block, strides=(2, 2)):
    filters1, filters2, filters3 = filters
    x = layers.Conv2D(filters1, (1, 1), strides=strides)(input_tensor)
    x = layers.Conv2D(filters2, kernel_size, padding='same')(x)
    x = layers.Conv2D(filters3, (1, 1))(x)
    return x
`);
    const convs = ofType(r, 'layers.Conv2D');
    expect(convs.map((l) => l.outputs[0]?.shape?.at(-1))).toEqual([null, null, null]);
    expect(alarms(r)).toEqual([]);
  });

  it('recurrent units and embedding widths too (keras/src/layers/rnn/rnn.py, core/embedding.py compute_output_shape)', () => {
    const r = analyze(`from tensorflow.keras import layers
def encoder(tokens, vocab, embed_dim, latent_dim):
    x = layers.Embedding(vocab, embed_dim)(tokens)
    return layers.LSTM(latent_dim)(x)
`);
    // The tokens' rank is unknown: only the last size is known, `(…, embed_dim)`.
    expect(ofType(r, 'layers.Embedding')[0]?.outputs[0]?.tail?.map(dimToJson)).toEqual(['embed_dim']);
    expect(shapeOf(ofType(r, 'layers.LSTM')[0])).toEqual([null, 'latent_dim']);
    expect([...ofType(r, 'layers.Embedding'), ...ofType(r, 'layers.LSTM')].map((l) => l.params)).toEqual([null, null]);
  });

  it('a real call site still wins: the numbers passed are used', () => {
    const r = analyze(`from tensorflow.keras import layers
def conv_block(x, filters):
    return layers.Conv2D(filters, 3, padding='same')(x)
y = conv_block(layers.Input(shape=(8, 8, 3)), 16)
`);
    expect(ofType(r, 'layers.Conv2D').map(shapeOf)).toEqual([[null, 8, 8, 16]]);
  });
});
