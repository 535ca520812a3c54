/**
 * Keras 1.1–1.2's short conv aliases (keras/layers/convolutional.py at 1.1.0–1.2.2, the module's
 * last lines: `Conv1D = Convolution1D`, `Conv2D = Convolution2D`, `Conv3D = Convolution3D`,
 * `Deconv2D = Deconvolution2D`, `AtrousConv1D = AtrousConvolution1D`, `AtrousConv2D =
 * AtrousConvolution2D`, `SeparableConv2D = SeparableConvolution2D`), as Keras 1.1.0's
 * examples/mnist_net2net.py calls them: `Conv2D(64, 3, 3, border_mode='same')`.
 * Truth: Keras 1.2.2 Convolution2D.__init__ (nb_filter, nb_row, nb_col, …), get_output_shape_for
 * (conv_output_length: 'same' keeps the size, 'valid' is n − k + 1, dilated k' = k + (k − 1)(r − 1))
 * and build (W (nb_row, nb_col, stack, nb_filter) + b (nb_filter)); Keras 2.0–2.3
 * keras/legacy/interfaces.py conv2d_args_preprocessor (`Conv2D(64, 3, 3)` → kernel_size (3, 3)).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { kerasVersionOf } from '../../server/src/python/dialect.js';
import { analyzer, byName, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

/** A teacher / deeper-student pair in the style of mnist_net2net.py (written for this test). */
const NET2NET_STYLE = `"""Net2Net on MNIST: a teacher, then a student with an extra Conv2D layer."""
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Dense, Flatten

input_shape = (1, 28, 28)


def make_teacher():
    model = Sequential()
    model.add(Conv2D(64, 3, 3, input_shape=input_shape,
                     border_mode='same', name='conv1'))
    model.add(MaxPooling2D(name='pool1'))
    model.add(Conv2D(64, 3, 3, border_mode='same', name='conv2'))
    model.add(MaxPooling2D(name='pool2'))
    model.add(Flatten(name='flatten'))
    model.add(Dense(64, activation='relu', name='fc1'))
    model.add(Dense(10, activation='softmax', name='fc2'))
    return model


def make_deeper_student():
    model = Sequential()
    model.add(Conv2D(64, 3, 3, input_shape=input_shape,
                     border_mode='same', name='conv1'))
    model.add(MaxPooling2D(name='pool1'))
    model.add(Conv2D(64, 3, 3, border_mode='same', name='conv2'))
    model.add(Conv2D(64, 3, 3, border_mode='same', init='identity', name='conv2-deeper'))
    model.add(MaxPooling2D(name='pool2'))
    model.add(Flatten(name='flatten'))
    model.add(Dense(64, init='identity', activation='relu', name='fc1-deeper'))
    model.add(Dense(10, activation='softmax', name='fc2'))
    return model


teacher = make_teacher()
student = make_deeper_student()
`;

describe('which Keras a file with the aliases targets (python/dialect.ts)', () => {
  it('an alias called with Keras 1 keywords only is Keras 1 evidence; importing or naming it is none', () => {
    expect(kerasVersionOf(NET2NET_STYLE)).toBe(1);
    expect(kerasVersionOf("from keras.layers import Conv2D\ny = Conv2D(8, 3, 3, subsample=(2, 2), W_regularizer=None)(x)\n")).toBe(1);
  });
  it('an alias called with a Keras 2 keyword, or with none, stays Keras 2 evidence', () => {
    expect(kerasVersionOf("from keras.layers import Conv2D\ny = Conv2D(8, 3, 3, border_mode='same', kernel_initializer='ones')(x)\nz = Dense(4, init='one')(y)\n")).toBe(2);
    expect(kerasVersionOf("from keras.layers import Conv2D\ny = Conv2D(8, (3, 3))(x)\nz = Dense(4, init='one')(y)\n")).toBe(2);
  });
  it("naming an alias in code is Keras 2 evidence (isinstance(l, layers.Conv2D)); a string or comment naming it is none", () => {
    expect(kerasVersionOf("from keras import layers\nassert isinstance(l, layers.Conv2D)\nf(output_dim=(4, 4))\n")).toBe(2);
    expect(kerasVersionOf("from keras import layers\n# a Conv2D layer\ns = 'Conv2D'\nf(output_dim=(4, 4))\n")).toBe(1);
  });
  it('keyword scanning keeps to the call: nested brackets and strings do not end it', () => {
    expect(kerasVersionOf("from keras.layers import Conv2D\ny = Conv2D(8, 3, 3, input_shape=(1, 28, 28), name='a,b)', border_mode='same')(x)\n")).toBe(1);
    expect(kerasVersionOf("from keras.layers import Conv2D\ny = Conv2D(8, 3, 3, input_shape=(1, 28, 28), border_mode='same')(x)\nw = Conv2D(8, (3, 3), padding='same')(y)\n")).toBe(2);
  });
});

describe('Keras 1 aliases take the Keras 1 signature', () => {
  it("mnist_net2net-style models: Conv2D(64, 3, 3, border_mode='same') is a 3×3 kernel, no error or warning", () => {
    const r = analyze(NET2NET_STYLE);
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
    // 'th' is the only ordering that accepts input_shape (1, 28, 28) with these pools (python/analyze.ts).
    const conv1 = r.layers.filter((l) => l.name === 'conv1');
    expect(conv1.map(shapeOf)).toEqual([[null, 64, 28, 28], [null, 64, 28, 28]]);
    // W (3, 3, 1, 64) + b (64); conv2: (3, 3, 64, 64) + 64.
    expect(conv1[0]!.params).toBe(640);
    expect(byName(r, 'conv2-deeper')?.params).toBe(36_928);
    expect(shapeOf(byName(r, 'flatten'))).toEqual([null, 64 * 7 * 7]);
    // Dense.build: W (3136, 64) + b (64).
    expect(byName(r, 'fc1-deeper')?.params).toBe(64 * 7 * 7 * 64 + 64);
  });

  it("default names are the Keras 1 class's (`Conv2D` is Convolution2D: convolution2d_1)", () => {
    const r = analyze("from keras.layers import Input, Conv2D\nx = Input(shape=(8, 8, 3))\ny = Conv2D(4, 3, 3, border_mode='valid')(x)\n");
    expect(r.layers.find((l) => l.type === 'Conv2D')?.name).toBe('convolution2d_1');
    // topology.py Layer.__init__ (1.2.2): `self.__class__.__name__.lower()`, no snake case.
    const pool = analyze("from keras.layers import Input, MaxPooling2D, Convolution2D\nx = Input(shape=(8, 8, 3))\ny = MaxPooling2D()(Convolution2D(4, 3, 3)(x))\n");
    expect(['Convolution2D', 'MaxPooling2D'].map((t) => pool.layers.find((l) => l.type === t)?.name)).toEqual(['convolution2d_1', 'maxpooling2d_1']);
  });

  it('AtrousConv2D / AtrousConv1D are AtrousConvolution2D / 1D: dilated kernel 3 at rate 2 spans 5', () => {
    const r = analyze("from keras.layers import Input, AtrousConv2D, AtrousConv1D\nx = Input(shape=(32, 32, 3))\ny = AtrousConv2D(8, 3, 3, atrous_rate=(2, 2), dim_ordering='tf')(x)\ns = Input(shape=(20, 4))\nt = AtrousConv1D(6, 3, atrous_rate=2, border_mode='valid')(s)\n");
    const rows = r.layers.filter((l) => l.type.startsWith('Atrous'));
    expect(rows.map(shapeOf)).toEqual([[null, 28, 28, 8], [null, 16, 6]]);
    expect(rows.map((l) => l.params)).toEqual([3 * 3 * 3 * 8 + 8, 3 * 4 * 6 + 6]);
  });

  it("Deconv2D is Deconvolution2D: Keras 1 declares rows/cols from output_shape (1.2.2 get_output_shape_for)", () => {
    const r = analyze("from keras.layers import Input, Deconv2D\nx = Input(shape=(14, 14, 8))\ny = Deconv2D(4, 3, 3, output_shape=(None, 29, 29, 4), subsample=(2, 2), border_mode='valid')(x)\n");
    expect(shapeOf(r.layers.find((l) => l.type === 'Deconv2D'))).toEqual([null, 29, 29, 4]);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('Conv1D and Conv3D: Convolution1D(nb_filter, filter_length) and Convolution3D(nb_filter, k1, k2, k3)', () => {
    const r = analyze("from keras.layers import Input, Conv1D, Conv3D\nx = Input(shape=(10, 4))\ny = Conv1D(5, 3, border_mode='same')(x)\nv = Input(shape=(8, 8, 8, 2))\nw = Conv3D(3, 3, 3, 3, dim_ordering='tf')(v)\n");
    const rows = r.layers.filter((l) => l.type === 'Conv1D' || l.type === 'Conv3D');
    expect(rows.map(shapeOf)).toEqual([[null, 10, 5], [null, 6, 6, 6, 3]]);
    expect(rows.map((l) => l.params)).toEqual([3 * 4 * 5 + 5, 27 * 2 * 3 + 3]);
  });
});

describe('Keras 2.0–2.3 legacy positional kernels', () => {
  it("in a Keras 2 file, Conv2D(64, 3, 3, border_mode='same') is kernel (3, 3): Keras 3 rejects border_mode, 2.x converts it", () => {
    const r = analyze("from keras.layers import Input, Conv2D, Concatenate\nx = Input(shape=(28, 28, 1))\ny = Conv2D(64, 3, 3, border_mode='same')(x)\nz = Concatenate()([y, y])\n");
    const conv = r.layers.find((l) => l.type === 'Conv2D')!;
    expect(shapeOf(conv)).toEqual([null, 28, 28, 64]);
    expect(conv.params).toBe(640);
  });
  it('without a Keras 1 keyword, Conv2D(64, 3, 3) from standalone keras 2+ is kernel (3, 3) in 2.0–2.3 and strides 3 in Keras 3: unknown, one note', () => {
    const r = analyze('from keras.layers import Input, Conv2D, MaxPooling2D\nx = Input(shape=(28, 28, 1))\ny = Conv2D(64, 3, 3)(x)\nz = MaxPooling2D()(y)\n');
    expect(shapeOf(r.layers.find((l) => l.type === 'Conv2D'))).toBeNull();
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['information', 'legacy-positional-kernel']]);
    expect(r.diagnostics[0]!.message).toContain('Keras 3 as kernel_size 3 and strides 3');
  });
  it('with padding= as well, Keras 2.0–2.3 raise ("passing both kernel_size and strides"): only Keras 3 runs it, strides 3', () => {
    const r = analyze("from keras.layers import Input, Conv2D\nx = Input(shape=(28, 28, 1))\ny = Conv2D(64, 3, 3, padding='same')(x)\n");
    expect(shapeOf(r.layers.find((l) => l.type === 'Conv2D'))).toEqual([null, 10, 10, 64]);
  });
  it('a file that uses keras.ops is Keras 3, which has no legacy interface: Conv2D(32, 3, 2) is strides 2, no note', () => {
    // keras/src/layers/convolutional/conv2d.py: Conv2D(filters, kernel_size, strides=1, ...); SAME-less
    // VALID conv (28 − 3)/2 + 1 = 13 (keras/src/ops/operation_utils.py compute_conv_output_shape).
    const r = analyze('import keras\nfrom keras import layers, ops\nx = keras.Input(shape=(28, 28, 1))\ny = layers.Conv2D(32, 3, 2, use_bias=False)(x)\nz = ops.relu(y)\n');
    expect(shapeOf(r.layers.find((l) => l.type === 'layers.Conv2D'))).toEqual([null, 13, 13, 32]);
    expect(r.diagnostics).toEqual([]);
  });
  it('tf.keras has no legacy interface: Conv2D(64, 3, 3) is strides 3 there', () => {
    const r = analyze('from tensorflow.keras.layers import Input, Conv2D\nx = Input(shape=(28, 28, 1))\ny = Conv2D(64, 3, 3)(x)\n');
    expect(shapeOf(r.layers.find((l) => l.type === 'Conv2D'))).toEqual([null, 9, 9, 64]);
  });
});
