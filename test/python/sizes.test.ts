/**
 * Size arguments checked by the rule of every Keras dialect in play (issue 11 §2). Truth:
 * - Keras 3: keras/src/layers/core/dense.py `Dense.__init__` ("Received an invalid value for `units`,
 *   expected a positive integer" unless `isinstance(units, int) and units > 0`);
 *   keras/src/layers/convolutional/base_conv.py `BaseConv.__init__` (`filters <= 0` → ValueError);
 *   keras/src/backend/common/variables.py `standardize_shape` ("Negative dimensions are not allowed").
 * - tf.keras 2: tensorflow/python/keras/layers/core.py `Dense.__init__` (`int(units)`, `units < 0`
 *   → ValueError, so 0 is accepted); keras/layers/convolutional/base_conv.py `Conv.__init__` (a float
 *   `filters` is `int()`-ed, `filters <= 0` → ValueError).
 * - Keras 1.x / 2.0–2.3 check nothing at construction; TensorFlow then refuses a weight of negative
 *   or float size and accepts one of size 0.
 * - Window arguments: keras/utils/conv_utils.py `normalize_tuple` (Keras 2.x, tf.keras 2) and
 *   keras/src/utils/argument_validation.py `standardize_tuple` (Keras 3) raise ValueError unless the
 *   value is an int or an iterable of n values int() accepts.
 * - int64 is the widest size every backend holds (TensorShape, XLA and NumPy shapes are int64).
 * Output sizes: Dense (…, in) → (…, units) with in·units + units params (Keras' Dense.build).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { summaryTable } from '../../server/src/analysis/summary.js';
import { analyzer, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const TF = 'from tensorflow import keras\nfrom tensorflow.keras import layers\ninp = keras.Input(shape=(16,))\nimg = keras.Input(shape=(32, 32, 3))\n';
const KERAS2 = 'import keras\nfrom keras import layers\ninp = keras.Input(shape=(16,))\nimg = keras.Input(shape=(32, 32, 3))\n';

function last(src: string) {
  const r = analyze(src);
  const layer = r.layers[r.layers.length - 1]!;
  return { r, layer, shape: shapeOf(layer), codes: r.diagnostics.map((d) => `${d.severity}:${d.code}`) };
}

describe('counts (units, filters)', () => {
  it('a negative count is an error at the argument in every dialect, and never a negative size', () => {
    const { r, layer, shape, codes } = last(TF + 'y = layers.Conv2D(-8, 3)(img)\n');
    expect(codes).toEqual(['error:invalid-size']);
    expect(r.diagnostics[0]!.range.start).toEqual({ line: 4, character: 18 });
    expect(r.diagnostics[0]!.message).toMatch(/^filters=-8 is invalid: filters <= 0: ValueError \(tf\.keras 2, Keras 3\)/);
    expect(shape).toEqual([null, 30, 30, null]);
    expect(layer.params).toBeNull();
  });

  it('Dense(0): tf.keras 2 accepts it and the output is empty (a warning); Keras 3 rejects it', () => {
    const { r, shape, layer, codes } = last(TF + 'y = layers.Dense(0)(inp)\n');
    expect(codes).toEqual(['warning:empty-output']);
    expect(r.diagnostics[0]!.message).toContain('units <= 0: ValueError (Keras 3)');
    expect(shape).toEqual([null, 0]);
    expect(layer.params).toBe(0);
  });

  it('Dense(8.5): tf.keras 2 int()s it to 8 (information, followed); standalone Keras rejects it everywhere', () => {
    const tf = last(TF + 'y = layers.Dense(8.5)(inp)\n');
    expect(tf.codes).toEqual(['information:size-converted']);
    expect(tf.shape).toEqual([null, 8]);
    expect(tf.layer.params).toBe(16 * 8 + 8);
    const k = last(KERAS2 + 'y = layers.Dense(8.5)(inp)\n');
    expect(k.codes).toEqual(['error:invalid-size']);
    expect(k.shape).toEqual([null, null]);
  });

  it("Dense('8') is int()-ed by tf.keras 2; Conv2D('8', 3) fails `filters <= 0` with a TypeError in both dialects", () => {
    expect(last(TF + "y = layers.Dense('8')(inp)\n").shape).toEqual([null, 8]);
    const conv = last(TF + "y = layers.Conv2D('8', 3)(img)\n");
    expect(conv.codes).toEqual(['error:invalid-size']);
    expect(conv.r.diagnostics[0]!.message).toContain("filters='8' is invalid: a string compared with 0: TypeError (tf.keras 2, Keras 3)");
  });

  it('Conv2D(8.5, 3) in tf.keras: 8 filters (int()), with a note that Keras 3 cannot build it', () => {
    const { shape, layer, codes } = last(TF + 'y = layers.Conv2D(8.5, 3)(img)\n');
    expect(codes).toEqual(['information:size-converted']);
    expect(shape).toEqual([null, 30, 30, 8]);
    expect(layer.params).toBe(3 * 3 * 3 * 8 + 8);
  });

  it('Dense(0) in standalone Keras 2 code: Keras 2.0–2.3 builds an empty weight (warning), Keras 3 refuses', () => {
    expect(last(KERAS2 + 'y = layers.Dense(0)(inp)\n').codes).toEqual(['warning:empty-output']);
  });

  it('Keras 1 Convolution2D(0, 3, 3): nothing checks it, the output has 0 channels (warning)', () => {
    const { shape, codes } = last("from keras.models import Sequential\nfrom keras.layers import Convolution2D\nm = Sequential()\nm.add(Convolution2D(0, 3, 3, input_shape=(32, 32, 3), dim_ordering='tf'))\n");
    expect(codes).toEqual(['warning:empty-output']);
    expect(shape).toEqual([null, 30, 30, 0]);
  });

  it('a size computed through variables is at most information: it may rest on what the analysis could not follow', () => {
    // Keras 2.1.6 examples/pretrained_word_embeddings.py: labels_index = {} is filled in an os.walk loop.
    const src = "import os\nfrom keras.layers import Dense, Input\nlabels_index = {}\nfor name in sorted(os.listdir('x')):\n    labels_index[name] = len(labels_index)\ninp = Input(shape=(16,))\ny = Dense(len(labels_index))(inp)\n";
    expect(last(src).codes.filter((c) => !c.startsWith('information'))).toEqual([]);
  });

  it('a plain positive int gets no diagnostic', () => {
    const { shape, codes } = last(TF + 'y = layers.Dense(64)(inp)\n');
    expect(codes).toEqual([]);
    expect(shape).toEqual([null, 64]);
  });
});

/** Each call is one normalize_tuple / standardize_tuple error at its window argument. */
function expectWindowErrors(prefix: string, calls: readonly string[]): void {
  for (const call of calls) {
    const { codes, r } = last(prefix + `y = ${call}\n`);
    expect(codes, call).toEqual(['error:invalid-size']);
    expect(r.diagnostics[0]!.message).toMatch(/must be an int or a tuple of 2 ints/);
  }
}

describe('window arguments (kernel_size, strides, dilation_rate, pool_size)', () => {
  it("a float, a string of another length or a tuple of another length is an error in Keras 2 and 3", () => {
    expectWindowErrors(KERAS2, ['layers.Conv2D(8, 3.0)(img)', "layers.Conv2D(8, '3')(img)", 'layers.Conv2D(8, (3, 3, 3))(img)', 'layers.Conv2D(8, 3, strides=2.0)(img)', 'layers.MaxPooling2D(pool_size=2.0)(img)']);
  });

  it("Conv2D('8', '3') reports both arguments; Conv1D(8, '3') is a valid 1-tuple to normalize_tuple and stays quiet", () => {
    expect(last(KERAS2 + "y = layers.Conv2D('8', '3')(img)\n").codes).toEqual(['error:invalid-size', 'error:invalid-size']);
    expect(last(KERAS2 + "seq = keras.Input(shape=(10, 4))\ny = layers.Conv1D(8, '3')(seq)\n").codes).toEqual([]);
  });
});

describe('sizes beyond what JavaScript holds exactly', () => {
  it('a count of 2^63 or more is an error in every dialect, shown as written, never as a rounded float', () => {
    for (const [arg, call] of [
      ['99999999999999999999', 'layers.Dense(99999999999999999999)(inp)'],
      ['10**100', 'layers.Conv2D(10**100, 3)(img)'],
    ] as const) {
      const { r, layer, shape, codes } = last(TF + `y = ${call}\n`);
      expect(codes).toEqual(['error:invalid-size']);
      expect(r.diagnostics[0]!.message).toContain(`=${arg} is invalid`);
      expect(shape![shape!.length - 1]).toBeNull();
      expect(layer.params).toBeNull();
    }
  });

  it('parameter and MAC counts past 2^53 are unknown, not rounded; so is their total', () => {
    // Dense(2**40) on 2**20 features: 2^60 + 2^40 weights, exact in Python, not in a double.
    const { r, layer, shape } = last('from tensorflow import keras\nfrom tensorflow.keras import layers\ninp = keras.Input(shape=(2**20,))\ny = layers.Dense(2**40)(inp)\n');
    expect(shape).toEqual([null, 2 ** 40]);
    expect(layer.params).toBeNull();
    expect(summaryTable(r)).toContain('Total params: 0 (0), plus 1 layer unknown');
  });
});

describe('counts past 2^53 in other layers: unknown, never rounded', () => {
  // Python's ints are exact; a double past 2^53 is not. Weights: Embedding.build's (input_dim, output_dim)
  // table (keras/src/layers/core/embedding.py); LocallyConnected2D.build's kernel (positions, k·k·C, filters)
  // (v2.15.0 keras/layers/locally_connected/locally_connected2d.py); ConvLSTMCell.build's kernel
  // (k, k, C, 4f) (keras/src/layers/rnn/conv_lstm.py); DepthwiseConv2D's C·depth_multiplier channels.
  it('Embedding(2**40, 2**20), LocallyConnected2D and ConvLSTM2D with huge sizes count unknown parameters; a 2^60 channel count is unknown', () => {
    const cases = [
      ['ids = keras.Input(shape=(10,))\n', 'layers.Embedding(2**40, 2**20)(ids)'],
      ['big = keras.Input(shape=(4096, 4096, 4096))\n', 'layers.LocallyConnected2D(2**20, 3)(big)'],
      ['vid = keras.Input(shape=(10, 32, 32, 2**30))\n', 'layers.ConvLSTM2D(2**20, 3)(vid)'],
    ] as const;
    for (const [input, call] of cases) expect(last(TF + input + `y = ${call}\n`).layer.params, call).toBeNull();
    const dw = last(TF + 'wide = keras.Input(shape=(64, 64, 2**30))\ny = layers.DepthwiseConv2D(3, depth_multiplier=2**30)(wide)\n');
    expect(dw.shape).toEqual([null, 62, 62, null]);
  });
});

describe('declared shapes', () => {
  it('Input(shape=(1e308, 224, 3)) and Input(shape=(1000, -1)) are errors, with no size shown for the bad entry', () => {
    const big = last('from tensorflow import keras\nx = keras.Input(shape=(1e308, 224, 3))\n');
    expect(big.codes).toEqual(['error:invalid-size']);
    expect(big.r.diagnostics[0]!.message).toContain('shape entry 1e308 is invalid');
    expect(big.shape).toEqual([null, null, null, null]);
    const neg = last('from tensorflow import keras\nx = keras.Input(shape=(1000, -1))\n');
    expect(neg.codes).toEqual(['error:invalid-size']);
    expect(neg.shape).toEqual([null, null, null]);
  });

  it('a 0 entry empties the tensor (warning); an integral float entry is followed with a note', () => {
    expect(last('from tensorflow import keras\nx = keras.Input(shape=(0, 3))\n').codes).toEqual(['warning:empty-output']);
    const f = last('from tensorflow import keras\nx = keras.Input(shape=(28.0, 28, 1))\n');
    expect(f.codes).toEqual(['information:size-converted']);
    expect(f.shape).toEqual([null, 28, 28, 1]);
  });
});

describe("a Sequential first layer's declared input", () => {
  // tf.keras 2 base_layer.Layer.__init__ makes `(batch_size,) + tuple(input_shape)` the layer's
  // batch_input_shape and Sequential.add builds an InputLayer from it (keras/engine/sequential.py ·
  // Sequential.add); Keras 3 Sequential builds InputLayer(shape=layer._input_shape_arg)
  // (keras/src/models/sequential.py · Sequential._maybe_rebuild): the entries meet the same
  // TensorShape / standardize_shape checks as Input(shape=…).
  const SEQ = 'from tensorflow import keras\nfrom tensorflow.keras import layers\n';

  it('input_shape=(1000, -1) is an error at the argument, and the shape after it unknown', () => {
    const { r, shape, codes } = last(SEQ + 'm = keras.Sequential([layers.Dense(8, input_shape=(1000, -1))])\n');
    expect(codes).toEqual(['error:invalid-size']);
    expect(r.diagnostics[0]!.message).toContain('input_shape entry -1 is invalid');
    expect(r.diagnostics[0]!.range.start).toEqual({ line: 2, character: 50 });
    expect(shape).toEqual([null, null, 8]);
  });

  it('batch_input_shape=(None, 1e308) is an error; input_shape=(0,) empties the input (warning)', () => {
    expect(last(SEQ + 'm = keras.Sequential([layers.Dense(8, batch_input_shape=(None, 1e308))])\n').codes).toEqual(['error:invalid-size']);
    const empty = last(SEQ + 'm = keras.Sequential()\nm.add(layers.Dense(8, input_shape=(0,)))\n');
    expect(empty.codes).toEqual(['warning:empty-output']);
    // Dense on 0 features: 0·8 weights + 8 biases (Dense.build's kernel (in, units) and bias (units,)).
    expect(empty.layer.params).toBe(8);
  });

  it('a valid input_shape stays quiet and gives the shape', () => {
    const { shape, codes } = last(SEQ + 'm = keras.Sequential([layers.Dense(8, input_shape=(16,), batch_size=4)])\n');
    expect(codes).toEqual([]);
    expect(shape).toEqual([4, 8]);
  });
});

describe('other counts: RepeatVector n, MultiHeadAttention num_heads / key_dim / value_dim', () => {
  // No dialect checks them at construction but Keras 3's RepeatVector (keras/src/layers/reshaping/
  // repeat_vector.py · RepeatVector.__init__: operator.index(n), a TypeError for a float); they become
  // the multiples of tf.tile / ops.repeat (tf.keras 2 keras/backend.py · repeat: tf.tile(x, [1, n, 1]))
  // and the EinsumDense kernel shapes (num_heads, key_dim) of MultiHeadAttention._build_from_signature
  // (keras/layers/multi_head_attention.py), which no backend builds with a negative or float size.
  it('RepeatVector(-3) and RepeatVector(2.5) are errors, never a negative size; RepeatVector(0) empties the output (warning)', () => {
    for (const n of ['-3', '2.5']) {
      const { r, shape, codes } = last(TF + `y = layers.RepeatVector(${n})(inp)\n`);
      expect(codes, n).toEqual(['error:invalid-size']);
      expect(r.diagnostics[0]!.message).toContain(`n=${n} is invalid`);
      expect(shape).toEqual([null, null, 16]);
    }
    const zero = last(TF + 'y = layers.RepeatVector(0)(inp)\n');
    expect(zero.codes).toEqual(['warning:empty-output']);
    expect(zero.shape).toEqual([null, 0, 16]);
  });

  it('MultiHeadAttention(num_heads=-2) is an error and its parameters unknown; key_dim=0 is a warning', () => {
    const seq = 'seq = keras.Input(shape=(10, 16))\n';
    const neg = last(TF + seq + 'y = layers.MultiHeadAttention(num_heads=-2, key_dim=8)(seq, seq)\n');
    expect(neg.codes).toEqual(['error:invalid-size']);
    expect(neg.r.diagnostics[0]!.message).toContain('num_heads=-2 is invalid: a negative size');
    expect(neg.layer.params).toBeNull();
    expect(last(TF + seq + 'y = layers.MultiHeadAttention(num_heads=2, key_dim=0)(seq, seq)\n').codes).toEqual(['warning:empty-output']);
    expect(last(TF + seq + "y = layers.MultiHeadAttention(num_heads=2, key_dim=8, value_dim='4')(seq, seq)\n").codes).toEqual(['error:invalid-size']);
  });
});

describe('UpSampling size', () => {
  // keras/layers/convolutional.py · UpSampling2D.__init__ (Keras 2.x, tf.keras 2) reads `size` with
  // conv_utils.normalize_tuple, Keras 3 (keras/src/layers/reshaping/up_sampling2d.py) with
  // argument_validation.standardize_tuple: a float is a ValueError in both. A factor <= 0 is rejected by
  // standardize_tuple (`value > 0`) but repeated by at run time in Keras 2.0–2.3 (no check): unknown.
  it('size=2.0 is an error; size=-2 gives unknown rows and cols, never a negative size; (2, 3) multiplies', () => {
    expect(last(KERAS2 + 'y = layers.UpSampling2D(2.0)(img)\n').codes).toEqual(['error:invalid-size']);
    const neg = last(KERAS2 + 'y = layers.UpSampling2D(-2)(img)\n');
    expect(neg.codes).toEqual([]);
    expect(neg.shape).toEqual([null, null, null, 3]);
    expect(last(KERAS2 + 'y = layers.UpSampling2D((2, 3))(img)\n').shape).toEqual([null, 64, 96, 3]);
  });
});

describe('preprocessing sizes: Resizing / CenterCrop height and width, CategoryEncoding num_tokens, TextVectorization output_sequence_length', () => {
  // Resizing / CenterCrop (keras/src/layers/preprocessing/resizing.py, center_crop.py) check nothing:
  // (height, width) become the image's size, which no backend makes negative or fractional.
  // CategoryEncoding.__init__ (tf.keras 2 keras/layers/preprocessing/category_encoding.py and Keras 3
  // keras/src/layers/preprocessing/category_encoding.py): `num_tokens < 1` raises ValueError.
  it('Resizing(-32, 32) and Resizing(32.5, 32) are errors with unknown rows; CenterCrop(0, 16) is a warning', () => {
    for (const h of ['-32', '32.5']) {
      const { r, shape, codes } = last(TF + `y = layers.Resizing(${h}, 32)(img)\n`);
      expect(codes, h).toEqual(['error:invalid-size']);
      expect(r.diagnostics[0]!.message).toContain(`height=${h} is invalid`);
      expect(shape).toEqual([null, null, 32, 3]);
    }
    const crop = last(TF + 'y = layers.CenterCrop(0, 16)(img)\n');
    expect(crop.codes).toEqual(['warning:empty-output']);
    expect(crop.shape).toEqual([null, 0, 16, 3]);
  });

  it('CategoryEncoding(num_tokens=0) is an error in both dialects (ValueError), num_tokens=10 gives (None, 10)', () => {
    const ids = "ids = keras.Input(shape=(4,), dtype='int32')\n";
    const zero = last(TF + ids + 'y = layers.CategoryEncoding(num_tokens=0)(ids)\n');
    expect(zero.codes).toEqual(['error:invalid-size']);
    expect(zero.r.diagnostics[0]!.message).toContain('num_tokens=0 is invalid: 0 < 1: ValueError (tf.keras 2, Keras 3)');
    expect(zero.shape).toEqual([null, null]);
    expect(last(TF + ids + 'y = layers.CategoryEncoding(num_tokens=10)(ids)\n').shape).toEqual([null, 10]);
  });

  it('TextVectorization(output_sequence_length=-5) is an error, never a negative length', () => {
    const { shape, codes } = last(TF + "txt = keras.Input(shape=(1,), dtype='string')\ny = layers.TextVectorization(output_sequence_length=-5)(txt)\n");
    expect(codes).toEqual(['error:invalid-size']);
    expect(shape).toEqual([null, null]);
  });
});

describe('kernels: Keras 1 nb_row / nb_col, and no parameter count for a rejected kernel', () => {
  // Keras 1.2.2 keras/layers/convolutional.py · Convolution2D.build: W_shape = (nb_row, nb_col,
  // stack_size, nb_filter) (dim_ordering 'tf'), unchecked; the backend's variable of that shape
  // cannot have a float or string size. A kernel < 1 is the window rule's (SHAPE_SEMANTICS §1.1).
  const K1 = "from keras.models import Sequential\nfrom keras.layers import Convolution2D\nm = Sequential()\n";
  it("Convolution2D(8, 3, 3.5) and Convolution2D(8, '3', 3) are errors at the argument", () => {
    for (const [args, name] of [['8, 3, 3.5', 'nb_col=3.5'], ["8, '3', 3", "nb_row='3'"]] as const) {
      const { r, layer, codes } = last(K1 + `m.add(Convolution2D(${args}, input_shape=(32, 32, 3), dim_ordering='tf'))\n`);
      expect(codes, args).toEqual(['error:invalid-size']);
      expect(r.diagnostics[0]!.message).toContain(`${name} is invalid`);
      expect(layer.params).toBeNull();
    }
  });

  it('a negative kernel entry is one error and its layer counts no (negative) parameters, in Keras 1 and 2', () => {
    const k1 = last(K1 + "m.add(Convolution2D(8, -2, 3, input_shape=(32, 32, 3), dim_ordering='tf'))\n");
    expect(k1.codes).toEqual(['error:invalid-parameter']);
    expect(k1.layer.params).toBeNull();
    const k2 = last(KERAS2 + 'y = layers.Conv2D(8, (-2, 3))(img)\n');
    expect(k2.codes).toEqual(['error:invalid-parameter']);
    expect(k2.layer.params).toBeNull();
  });

  it('Convolution2D(8, 3, 3) stays quiet: (None, 30, 30, 8), 3·3·3·8 + 8 params', () => {
    const { layer, shape, codes } = last(K1 + "m.add(Convolution2D(8, 3, 3, input_shape=(32, 32, 3), dim_ordering='tf'))\n");
    expect(codes).toEqual([]);
    expect(shape).toEqual([null, 30, 30, 8]);
    expect(layer.params).toBe(3 * 3 * 3 * 8 + 8);
  });
});

describe('tf.nn ksize / strides / dilations', () => {
  // tensorflow/python/eager/execute.py · make_int (and framework/op_def_library.py · _MakeInt in graph
  // mode) read each list(int) attribute entry: a string is a TypeError ("Expected int for argument"),
  // anything else is int()-ed. max_pool's VALID output: ceil((32 - 2 + 1) / 2) = 16 (nn_ops.py docs).
  const TF1 = 'import tensorflow as tf\nx = tf.placeholder(tf.float32, [None, 32, 32, 3])\n';
  it('a float entry is int()-ed (information, followed); a string entry is an error', () => {
    const f = last(TF1 + "y = tf.nn.max_pool(x, ksize=[1, 2.5, 2, 1], strides=[1, 2, 2, 1], padding='VALID')\n");
    expect(f.codes).toEqual(['information:size-converted']);
    expect(f.r.diagnostics[0]!.message).toContain('is read as [1, 2, 2, 1]');
    expect(f.shape).toEqual([null, 16, 16, 3]);
    const s = last(TF1 + "y = tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, '2', 2, 1], padding='VALID')\n");
    expect(s.codes).toEqual(['error:invalid-size']);
    expect(s.r.diagnostics[0]!.message).toContain("Expected int for argument 'strides'");
  });

  it('integer lists stay quiet', () => {
    const { shape, codes } = last(TF1 + "y = tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='VALID')\n");
    expect(codes).toEqual([]);
    expect(shape).toEqual([null, 16, 16, 3]);
  });
});

describe('the argument named as written', () => {
  it("Keras 1 Dense(output_dim=-3) names output_dim, the keyword the code wrote (Keras 2's units)", () => {
    // Keras 1.2.2 keras/layers/core.py · Dense.__init__(output_dim, …); W of shape (input_dim, output_dim).
    const { r, codes } = last('from keras.models import Sequential\nfrom keras.layers import Dense\nm = Sequential()\nm.add(Dense(output_dim=-3, input_dim=4))\n');
    expect(codes).toEqual(['error:invalid-size']);
    expect(r.diagnostics[0]!.message).toMatch(/^output_dim=-3 is invalid/);
  });
});

describe('Reshape target_shape entries', () => {
  // Every dialect starts with tuple(target_shape) (Keras 3 v3.15.1 keras/src/layers/reshaping/reshape.py:40,
  // tf.keras v2.15.0 keras/layers/reshaping/reshape.py:69). Keras 3.15 validate_reshape_shape rejects an int
  // entry < -1 and a second -1 (keras/src/ops/operation_utils.py:310, :318) and reads any non-int entry as
  // unknown (:343, then Reshape.call's ops.reshape with -1); Keras 3.0–3.14 compare the product
  // (v3.14.0 operation_utils.py:304) and standardize_shape refuses a float ("Cannot convert … to a shape");
  // tf.keras 2 _fix_unknown_dimension counts any negative entry as the unknown one (v2.15.0 reshape.py:101,
  // a second one :106) and Reshape.call hands target_shape to tf.reshape (:137), which cannot pack a float
  // with the batch size and rejects a size below -1.
  // Accepted twin: Reshape((7, 7, 64)) on 3136 features gives (None, 7, 7, 64) (7·7·64 = 3136).
  const FLAT = TF + 'flat = keras.Input(shape=(3136,))\n';

  it('Reshape((7.0, 7, 64)) and a string entry run only in Keras 3.15+ (information), the entry unknown; Reshape((7, 7, 64)) is exact', () => {
    for (const entry of ['7.0', "'7'"]) {
      const { r, shape, codes } = last(FLAT + `y = layers.Reshape((${entry}, 7, 64))(flat)\n`);
      expect(codes, entry).toEqual(['information:size-rejected-somewhere']);
      expect(r.diagnostics[0]!.message).toMatch(new RegExp(`^target_shape entry ${entry.replace('.', '\\.')} runs only in Keras 3\\.15 and later`));
      expect(shape).toEqual([null, null, 7, 64]);
    }
    const ok = last(FLAT + 'y = layers.Reshape((7, 7, 64))(flat)\n');
    expect(ok.codes).toEqual([]);
    expect(ok.shape).toEqual([null, 7, 7, 64]);
  });

  it('a float entry next to a -1 is an error (Keras 3.15 would read it as a second -1); in a Keras 1 file every float entry is', () => {
    expect(last(FLAT + 'y = layers.Reshape((-1, 7.0, 64))(flat)\n').codes).toEqual(['error:invalid-size']);
    const k1 = last("from keras.models import Sequential\nfrom keras.layers import Reshape, Dense\nm = Sequential()\nm.add(Dense(output_dim=3136, input_dim=8))\nm.add(Reshape((7.0, 7, 64)))\n");
    expect(k1.codes).toEqual(['error:invalid-size']);
    expect(k1.shape).toBeNull();
  });

  it('an int entry of 2^63 or more is an error shown as written; float entries (-2.0, -1.0, 1e30) run only in Keras 3.15+, read as unknown', () => {
    const big = last(FLAT + 'y = layers.Reshape((99999999999999999999, 7, 64))(flat)\n');
    expect(big.codes).toEqual(['error:invalid-size']);
    expect(big.r.diagnostics[0]!.message).toMatch(/^target_shape entry 99999999999999999999 is invalid: no backend holds a size of 2\^63 or more/);
    for (const entry of ['-2.0', '-1.0', '1e30']) expect(last(FLAT + `y = layers.Reshape((${entry}, 7, 64))(flat)\n`).codes, entry).toEqual(['information:size-rejected-somewhere']);
  });

  it('-1 twice, an entry below -1 and a bare int are errors, whatever the input; one -1 is inferred', () => {
    const unknownRows = TF + 'seq = keras.Input(shape=(None, 64))\n';
    for (const [target, message] of [
      ['(-1, -1, 64)', /^target_shape=\(-1, -1, 64\) is invalid: 2 entries are -1/],
      ['(-2, 64)', /^target_shape entry -2 is invalid: only -1 may be negative/],
      ['64', /^target_shape=64 is invalid: an int is not a shape/],
    ] as const) {
      const { r, codes } = last(unknownRows + `y = layers.Reshape(${target})(seq)\n`);
      expect(codes, target).toEqual(['error:invalid-size']);
      expect(r.diagnostics[0]!.message).toMatch(message);
    }
    const fix = last(unknownRows + 'y = layers.Reshape(64)(seq)\n').r.diagnostics[0]!.fixes[0]!;
    expect(fix.edits[0]!.newText).toBe('(64,)');
    expect(last(FLAT + 'y = layers.Reshape((-1, 64))(flat)\n').shape).toEqual([null, 49, 64]);
  });

  it('a 0 entry: an error when the input size is known (the totals differ), a warning (empty output) when it is not', () => {
    expect(last(FLAT + 'y = layers.Reshape((0, 64))(flat)\n').codes).toEqual(['error:reshape-size-mismatch']);
    const { shape, codes } = last(TF + 'seq = keras.Input(shape=(None, 64))\ny = layers.Reshape((0, 64))(seq)\n');
    expect(codes).toEqual(['warning:empty-output']);
    expect(shape).toEqual([null, 0, 64]);
  });
});

describe('ZeroPadding and Cropping amounts', () => {
  // Keras 3 ZeroPadding2D keeps a bare int unchecked (v3.15.1 keras/src/layers/reshaping/zero_padding2d.py:74)
  // and reads tuple entries with standardize_tuple(allow_zero=True) (:82; keras/src/utils/argument_validation.py:40
  // refuses v < 0); tf.keras 2.7+ normalize_tuple the same (v2.15.0 keras/utils/conv_utils.py:102); Keras 2.3.1
  // pads with tf.pad (keras/backend/tensorflow_backend.py:2759), which needs non-negative int paddings.
  // Keras 3 Cropping2D refuses a negative int (v3.15.1 keras/src/layers/reshaping/cropping2d.py:60) and a crop
  // that leaves nothing (:120); tf.keras 2.15 keeps the int unchecked (v2.15.0 keras/layers/reshaping/cropping2d.py:83)
  // and refuses the crop at call (:181); Keras 2.3.1 Cropping2D.call slices inputs[:, c0:-c1].
  // Accepted twins: ((1, 2), (3, 4)) pads 32×32 to 35×39 and crops it to 29×25.
  it('a float or string amount is an error (tf.pad and slices need ints), a negative tuple entry too', () => {
    for (const call of ['layers.ZeroPadding2D(1.5)(img)', "layers.ZeroPadding2D(((1, 2), ('1', 1)))(img)", 'layers.Cropping2D(((2, 2), (2.0, 2)))(img)', 'layers.ZeroPadding2D(((1, 2), (-1, 1)))(img)']) {
      const { r, shape, codes } = last(TF + `y = ${call}\n`);
      expect(codes, call).toEqual(['error:invalid-size']);
      expect(r.diagnostics[0]!.message).toMatch(/^(padding|cropping)=.* is invalid: /);
      expect(shape).toEqual([null, null, null, 3]);
    }
  });

  it('ZeroPadding2D(-1) and Cropping2D(-1) are warnings: some Keras runs them, none pads or crops', () => {
    for (const [call, verb] of [['layers.ZeroPadding2D(-1)(img)', 'pad'], ['layers.Cropping2D(-1)(img)', 'crop']] as const) {
      const { r, shape, codes } = last(TF + `y = ${call}\n`);
      expect(codes, call).toEqual(['warning:negative-amount']);
      expect(r.diagnostics[0]!.message).toMatch(new RegExp(`^(padding|cropping)=-1 does not ${verb}`));
      expect(shape).toEqual([null, null, null, 3]);
    }
  });

  it('a crop that leaves 0 or less is a warning with the numbers; valid amounts give the sizes', () => {
    const { r, shape, codes } = last(TF + 'y = layers.Cropping2D(((20, 20), (0, 0)))(img)\n');
    expect(codes).toEqual(['warning:non-positive-output']);
    expect(r.diagnostics[0]!.message).toMatch(/^cropping \(20, 20\) on H leaves -8 of 32/);
    expect(shape).toEqual([null, null, 32, 3]);
    expect(last(TF + 'y = layers.ZeroPadding2D(((1, 2), (3, 4)))(img)\n').shape).toEqual([null, 35, 39, 3]);
    const crop = last(TF + 'y = layers.Cropping2D(((1, 2), (3, 4)))(img)\n');
    expect(crop.codes).toEqual([]);
    expect(crop.shape).toEqual([null, 29, 25, 3]);
  });
});

describe('EinsumDense', () => {
  // _analyze_einsum_string (v3.15.1 keras/src/layers/core/einsum_dense.py:1674; the same in tf.keras
  // v2.15.0 keras/layers/core/einsum_dense.py:248) takes three prefix-matched forms; _analyze_split_string
  // counts elided axes from the rank (:1709) and raises for a shared size that differs (:1752), an output
  // letter found nowhere (:1761), a kernel letter found nowhere (:1777), a bias letter not in the output (:1793).
  // Accepted twin (the keras.io EinsumDense docstring): "ab,bc->ac" with output_shape=64 on (None, 32) gives
  // (None, 64) with a (32, 64) kernel and a (64,) bias: 2,112 params; "...b,bc->...c" keeps the leading axes.
  const SEQ = TF + 'seq = keras.Input(shape=(10, 32))\n';

  it('an equation Keras cannot read, or one whose letters do not fit the input rank, is an error naming it', () => {
    for (const [eq, input, message] of [
      ['ab, bc->ac', 'inp', /^equation 'ab, bc->ac' is invalid: Keras takes only/],
      ['ab,bc->ac', 'seq', /^equation 'ab,bc->ac' is invalid for input \(None, 10, 32\): it has 2 input letters/],
      ['abc,cd->abe', 'seq', /the output letter 'e' is in neither/],
    ] as const) {
      const { r, layer, codes } = last(SEQ.replace('seq =', 'inp = keras.Input(shape=(16,))\nseq =') + `y = layers.EinsumDense('${eq}', output_shape=(None, 64))(${input})\n`);
      expect(codes, eq).toEqual(['error:invalid-equation']);
      expect(r.diagnostics[0]!.message).toMatch(message);
      expect(layer.params).toBeNull();
    }
  });

  it('a shared size that differs is an error at output_shape; a negative output_shape entry is an error', () => {
    const shared = last(SEQ + "y = layers.EinsumDense('abc,cd->abd', output_shape=(12, 64))(seq)\n");
    expect(shared.codes).toEqual(['error:invalid-equation']);
    expect(shared.r.diagnostics[0]!.message).toMatch(/^output_shape=\(12, 64\) is invalid for input \(None, 10, 32\): the shared letter 'b' has size 10/);
    expect(last(TF + "y = layers.EinsumDense('ab,bc->ac', output_shape=-4)(inp)\n").codes).toEqual(['error:invalid-size']);
  });

  it("Keras' own EinsumDense cases give its kernel, bias and output shapes", () => {
    // keras-team/keras v3.15.1 keras/src/layers/core/einsum_dense_test.py · test_einsum_dense_basics
    // (testcase name, equation, bias_axes, input_shape with batch, output_shape, kernel, bias, output).
    const cases: [string, string, string | null, number[], string, number[], number[] | null, number[]][] = [
      ['_1d_end_weight', 'ab,b->a', null, [2, 32], '()', [32], null, [2]],
      ['_2d_middle_weight', 'ab,bc->ac', null, [2, 32], '(64)', [32, 64], null, [2, 64]],
      ['_3d_1_3_bias', 'abc,cde->abde', 'be', [2, 7, 2], '(7, 3, 4)', [2, 3, 4], [7, 1, 4], [2, 7, 3, 4]],
      ['_3d_bert_projection', 'BFNH,NHD->BFD', null, [2, 1, 2, 3], '(1, 4)', [2, 3, 4], null, [2, 1, 4]],
      ['_xlnet_lm', 'ibd,nd->ibn', null, [2, 2, 1], '(2, 2)', [2, 1], null, [2, 2, 2]],
      ['_2d_precast_elided_input_used_in_output', '...bc,bc->...b', null, [2, 32, 64], '(32,)', [32, 64], null, [2, 32]],
      ['_3d_precast_2_3_bias', '...c,cde->...de', 'de', [2, 1, 2], '(3, 4)', [2, 3, 4], [3, 4], [2, 1, 3, 4]],
      ['_2d_postcast', 'bc...,cd->bd...', null, [2, 1, 2, 3], '(4,)', [1, 4], null, [2, 4, 2, 3]],
      ['_3d_postcast_1_bias', 'bc...,cde->bde...', 'd', [2, 1, 2], '(3, 4)', [1, 3, 4], [3, 1, 1], [2, 3, 4, 2]],
    ];
    const count = (xs: number[]) => xs.reduce((a, b) => a * b, 1);
    for (const [name, eq, bias, input, os, kernel, biasShape, output] of cases) {
      const biasArg = bias === null ? '' : `, bias_axes='${bias}'`;
      const { shape, layer, codes } = last(TF + `x = keras.Input(shape=(${input.slice(1).join(', ')},), batch_size=${input[0]})\ny = layers.EinsumDense('${eq}', output_shape=${os}${biasArg})(x)\n`);
      expect(codes, name).toEqual([]);
      expect(shape, name).toEqual(output);
      expect(layer.params, name).toBe(count(kernel) + (biasShape ? count(biasShape) : 0));
    }
  });

  it('an output_shape of the wrong count is a note and an unknown shape (_analyze_split_string does not check it, :1716 builds the shape from it)', () => {
    const { r, shape, codes } = last(TF + "y = layers.EinsumDense('ab,bc->ac', output_shape=(64, 3))(inp)\n");
    expect(codes).toEqual(['information:einsum-output-count']);
    expect(r.diagnostics[0]!.message).toMatch(/^output_shape has 2 entries for the 1 output letters/);
    expect(shape).toBeNull();
  });

  it('valid equations give the shapes and parameters Keras builds', () => {
    const dense = last(TF + "y = layers.EinsumDense('ab,bc->ac', output_shape=64, bias_axes='c')(inp)\n");
    expect(dense.codes).toEqual([]);
    expect(dense.shape).toEqual([null, 64]);
    expect(dense.layer.params).toBe(16 * 64 + 64);
    const ellipsis = last(SEQ + "y = layers.EinsumDense('...b,bc->...c', output_shape=64, bias_axes='c')(seq)\n");
    expect(ellipsis.shape).toEqual([null, 10, 64]);
    expect(ellipsis.layer.params).toBe(32 * 64 + 64);
    // Two leading elided axes: Keras lists them reversed (einsum_dense.py:1722 inserts each at index 1)
    // while ops.einsum keeps their order, so sizes that differ are unknown and equal ones exact.
    const lead = (shape: string) => last(TF + `v = keras.Input(shape=${shape})\ny = layers.EinsumDense('...b,bc->...c', output_shape=64)(v)\n`).shape;
    expect(lead('(4, 5, 32)')).toEqual([null, null, null, 64]);
    expect(lead('(5, 5, 32)')).toEqual([null, 5, 5, 64]);
    // Right ellipsis ("[X]...,[Y]->[Z]..."): the trailing axes are the input's.
    const right = last(SEQ + "y = layers.EinsumDense('ab...,bc->ac...', output_shape=4)(seq)\n");
    expect(right.codes).toEqual([]);
    expect(right.shape).toEqual([null, 4, 32]);
    expect(right.layer.params).toBe(10 * 4);
  });
});

describe('ConvLSTM and LocallyConnected windows and filters', () => {
  // kernel_size / strides / dilation_rate go through normalize_tuple / standardize_tuple as for Conv
  // (v3.15.1 keras/src/layers/rnn/conv_lstm.py:122–131, v2.15.0 keras/layers/rnn/base_conv_lstm.py:126–134,
  // v2.15.0 keras/layers/locally_connected/locally_connected2d.py:150–153); `filters` is kept unchecked
  // (conv_lstm.py:121, base_conv_lstm.py:125, locally_connected2d.py:149): it is only the kernel's size.
  // Accepted twin: ConvLSTM2D(8, 3) on (None, 10, 32, 32, 3) gives (None, 30, 30, 8) with
  // 3·3·3·32 + 3·3·8·32 + 32 = 3,200 weights (kernel, recurrent kernel, bias of 4·filters).
  const SEQ5 = TF + 'vid = keras.Input(shape=(10, 32, 32, 3))\n';
  it('a float kernel or dilation, or a tuple of the wrong length, is an error at the argument', () => {
    expectWindowErrors(SEQ5, ['layers.ConvLSTM2D(8, 3.0)(vid)', 'layers.ConvLSTM2D(8, 3, dilation_rate=2.0)(vid)', 'layers.ConvLSTM2D(8, (3, 3, 3))(vid)', 'layers.LocallyConnected2D(8, 3.0)(img)', "layers.LocallyConnected2D(8, 3, strides='2')(img)"]);
  });

  it('filters=0 builds an empty kernel (a warning, not the ValueError Conv2D raises); filters=8.5 is an error (no int())', () => {
    expect(last(SEQ5 + 'y = layers.ConvLSTM2D(0, 3)(vid)\n').codes).toEqual(['warning:empty-output']);
    expect(last(SEQ5 + 'y = layers.LocallyConnected2D(0, 3)(img)\n').codes).toEqual(['warning:empty-output']);
    expect(last(SEQ5 + 'y = layers.ConvLSTM2D(8.5, 3)(vid)\n').codes).toEqual(['error:invalid-size']);
    const ok = last(SEQ5 + 'y = layers.ConvLSTM2D(8, 3)(vid)\n');
    expect(ok.codes).toEqual([]);
    expect(ok.shape).toEqual([null, 30, 30, 8]);
    expect(ok.layer.params).toBe(3 * 3 * 3 * 32 + 3 * 3 * 8 * 32 + 32);
  });
});

describe('Keras 1 subsample, atrous_rate, depth_multiplier and Deconvolution2D output_shape', () => {
  // Keras 1.2.2 keras/layers/convolutional.py:405 `self.subsample = tuple(subsample)` (an int is a TypeError),
  // :784 `tuple(atrous_rate)`; Keras 2's legacy interface renames subsample to strides (2.3.1
  // keras/legacy/interfaces.py:307), which normalize_tuple repeats. SeparableConvolution2D keeps
  // depth_multiplier unchecked (:956) as the depthwise kernel's last size (:982). The TensorFlow backend
  // stacks Deconvolution2D's output_shape into an int32 tensor (keras/backend/tensorflow_backend.py:2557).
  // Accepted twin: Convolution2D(8, 3, 3, subsample=(2, 2)) on 32×32×3 gives ⌊(32 − 3)/2⌋ + 1 = 15 rows
  // (conv_output_length, 'valid') and 3·3·3·8 + 8 = 224 weights.
  const K1 = "from keras.models import Sequential\nfrom keras.layers import Convolution2D, SeparableConvolution2D, Deconvolution2D\nm = Sequential()\n";
  const first = (args: string) => last(K1 + `m.add(Convolution2D(8, 3, 3, ${args}input_shape=(32, 32, 3), dim_ordering='tf'))\n`);

  it('subsample=2 runs only in Keras 2 (a note with the tuple fix), read as (2, 2); subsample=(2, 2) is quiet', () => {
    const { r, shape, codes } = first('subsample=2, ');
    expect(codes).toEqual(['information:size-rejected-somewhere']);
    expect(r.diagnostics[0]!.message).toMatch(/^subsample=2 runs only in Keras 2, read as \(2, 2\): Keras 1 fails on tuple\(2\)/);
    expect(r.diagnostics[0]!.fixes[0]!.edits[0]!.newText).toBe('(2, 2)');
    expect(shape).toEqual([null, 15, 15, 8]);
    const ok = first('subsample=(2, 2), ');
    expect(ok.codes).toEqual([]);
    expect(ok.shape).toEqual([null, 15, 15, 8]);
    expect(ok.layer.params).toBe(224);
  });

  it('MaxPooling2D(pool_size=2) runs only in Keras 2 too (1.2.2 keras/layers/pooling.py:119 `tuple(pool_size)`); (2, 2) is quiet', () => {
    const pool = (size: string) => last(K1 + `m.add(Convolution2D(8, 3, 3, input_shape=(32, 32, 3), dim_ordering='tf'))\nfrom keras.layers import MaxPooling2D\nm.add(MaxPooling2D(pool_size=${size}, dim_ordering='tf'))\n`);
    const int = pool('2');
    expect(int.codes).toEqual(['information:size-rejected-somewhere']);
    expect(int.shape).toEqual([null, 15, 15, 8]);
    const tuple = pool('(2, 2)');
    expect(tuple.codes).toEqual([]);
    expect(tuple.shape).toEqual([null, 15, 15, 8]);
  });

  it('ZeroPadding2D(1) and Cropping2D(2) run only in Keras 2 (1.2.2 convolutional.py:1554 and :1764 read them with tuple()), with the tuple both read', () => {
    const src = K1.replace('Deconvolution2D', 'Deconvolution2D, ZeroPadding2D, Cropping2D') + "m.add(ZeroPadding2D(1, input_shape=(32, 32, 3), dim_ordering='tf'))\nm.add(Cropping2D(2, dim_ordering='tf'))\n";
    const { r, shape } = last(src);
    expect(r.diagnostics.map((d) => [d.code, d.message.slice(0, 32), d.fixes[0]?.edits[0]?.newText])).toEqual([
      ['size-rejected-somewhere', 'padding=1 runs only in Keras 2: ', '(1, 1)'],
      ['size-rejected-somewhere', 'cropping=2 runs only in Keras 2:', '((2, 2), (2, 2))'],
    ]);
    // Keras 2 reads them as ((1, 1), (1, 1)) and ((2, 2), (2, 2)): 32 + 2 − 4 = 30.
    expect(shape).toEqual([null, 30, 30, 3]);
  });

  it("subsample=(2, '2') is an error; subsample=(2.5, 2) is a note and unknown sizes", () => {
    expect(first("subsample=(2, '2'), ").codes).toEqual(['error:invalid-size']);
    const f = first('subsample=(2.5, 2), ');
    expect(f.codes).toEqual(['information:size-not-followed']);
    expect(f.shape).toEqual([null, null, null, 8]);
  });

  it('depth_multiplier=-1 is an error and counts no parameters; depth_multiplier=2 counts the depthwise and pointwise kernels', () => {
    const sep = (m: string) => last(K1 + `m.add(SeparableConvolution2D(8, 3, 3, depth_multiplier=${m}, input_shape=(32, 32, 3), dim_ordering='tf'))\n`);
    const bad = sep('-1');
    expect(bad.codes).toEqual(['error:invalid-size']);
    expect(bad.layer.params).toBeNull();
    // depthwise (3, 3, 3, 2) + pointwise (1, 1, 6, 8) + bias (8,) = 54 + 48 + 8.
    expect(sep('2').layer.params).toBe(54 + 48 + 8);
  });

  it('a float output_shape entry is an error, and the weights are still counted; an int one is checked against what TF accepts', () => {
    const deconv = (os: string) => last(K1 + `m.add(Deconvolution2D(3, 3, 3, output_shape=${os}, subsample=(2, 2), border_mode='same', input_shape=(7, 7, 8), dim_ordering='tf'))\n`);
    const f = deconv('(None, 14.0, 14, 3)');
    expect(f.codes).toEqual(['error:invalid-size']);
    expect(f.r.diagnostics[0]!.message).toMatch(/^output_shape entry 14\.0 is invalid/);
    expect(f.layer.params).toBe(3 * 3 * 8 * 3 + 3);
    const ok = deconv('(None, 14, 14, 3)');
    expect(ok.codes).toEqual([]);
    expect(ok.shape).toEqual([null, 14, 14, 3]);
  });
});
