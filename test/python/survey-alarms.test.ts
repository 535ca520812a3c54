/**
 * False alarms and cheap unknowns found by a survey of Shape Lens on real code (keras-io examples,
 * Apache 2.0, at keras-io commit ac7f64cb; TF1 tutorials). Each snippet is the survey's minimal
 * reproduction of the keras-io lines named in its test; the framework source that decides the
 * expected result is cited next to it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzer, shapeOf, ofType } from './helpers.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { dimToJson } from '../../server/src/engine/dim.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

describe('survey false alarms', () => {
  it('#1 keras-io vision/conv_lstm.py:126: `(None, *data.shape[2:])` with data of unknown shape has an unknown length (rank), not one dim', () => {
    // Python: a starred item splices every element of the iterable, so the tuple's length is the
    // iterable's; np.load() gives an array of unknown rank, so the Input's rank is unknown.
    const r = analyze(`import numpy as np
import keras
from keras import layers

data = np.load("frames.npy")
inp = layers.Input(shape=(None, *data.shape[2:]))
x = layers.ConvLSTM2D(64, (3, 3), padding="same", return_sequences=True)(inp)
model = keras.Model(inp, x)
`);
    expect(alarms(r)).toEqual([]);
    expect(shapeOf(r.layers[0])).toBeNull();
    // A splice of a known sequence still gives the exact tuple.
    const k = analyze(`import keras
from keras import layers
s = (20, 64, 64, 1)
inp = layers.Input(shape=(None, *s[1:]))
`);
    expect(shapeOf(k.layers[0])?.slice(2)).toEqual([64, 64, 1]);
    expect(shapeOf(k.layers[0])).toHaveLength(5);
  });

  it('#7 keras-io vision/temporal_latent_bottleneck.py:671: the generic RNN(cell) takes a 4-D input (no rank check)', () => {
    // keras/src/layers/rnn/rnn.py RNN.__init__: `self.input_spec = None`; build gives the cell
    // `(sequences_shape[0],) + tuple(sequences_shape[2:])`. The ndim=3 spec is LSTM/GRU/SimpleRNN's.
    const r = analyze(`import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class ChunkCell(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.state_size = tf.TensorShape([units])
        self.output_size = tf.TensorShape([units])
        self.dense = layers.Dense(units)

    def call(self, inputs, states):
        h = self.dense(tf.reduce_mean(inputs, axis=1)) + states[0]
        return h, [h]


inputs = keras.Input(shape=(18, 8, 64))
x = layers.RNN(ChunkCell(64))(inputs)
`);
    expect(alarms(r)).toEqual([]);
    // A known cell on a 4-D input: unknown (the cell decides), still no alarm.
    const c = analyze(`from tensorflow import keras
from tensorflow.keras import layers
inputs = keras.Input(shape=(18, 8, 64))
x = layers.RNN(layers.LSTMCell(4))(inputs)
`);
    expect(alarms(c)).toEqual([]);
    expect(shapeOf(ofType(c, 'RNN')[0])).toBeNull();
    // LSTM keeps its own check: keras/src/layers/rnn/lstm.py LSTM.__init__ sets `self.input_spec = InputSpec(ndim=3)`.
    const l = analyze(`from tensorflow import keras
from tensorflow.keras import layers
inputs = keras.Input(shape=(18, 8, 64))
x = layers.LSTM(4)(inputs)
`);
    expect(alarms(l).map((d) => d.code)).toEqual(['rank-mismatch']);
  });

  describe('#2 keras-io nlp/text_classification_with_transformer.py:97: `def call(self, inputs, training)` called without training', () => {
    const block = (header: string) => `${header}

class Block(layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = layers.Dense(8)
        self.drop = layers.Dropout(0.1)

    def call(self, inputs, training):
        return self.drop(self.dense(inputs), training=training)


inputs = layers.Input(shape=(16,))
x = Block()(inputs)
model = keras.Model(inputs, x)
`;
    it('tf_keras (Keras 2): no diagnostic, the framework passes training', () => {
      // keras-team/keras v2 keras/engine/base_layer.py Layer.__call__ -> _set_training_mode:
      // "For case (2), (3), (4) `training` arg is passed by framework" (_set_call_arg_value).
      const r = analyze(block('import tf_keras as keras\nfrom tf_keras import layers'));
      expect(r.diagnostics).toEqual([]);
      expect(shapeOf(r.layers.at(-1))).toEqual([null, 8]);
    });
    it('tf.keras and standalone keras (Keras 2 or 3: TF >= 2.16 makes tf.keras Keras 3): information only', () => {
      for (const header of ['from tensorflow import keras\nfrom tensorflow.keras import layers', 'import keras\nfrom keras import layers']) {
        const r = analyze(block(header));
        expect(alarms(r)).toEqual([]);
        expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['information', 'training-argument']]);
        expect(shapeOf(r.layers.at(-1))).toEqual([null, 8]);
      }
    });
    it('certainly Keras 3 (keras.ops imported): the TypeError is an error', () => {
      // keras/src/layers/layer.py Layer.__call__ builds CallSpec first, whose signature.bind(*args,
      // **kwargs) raises for the missing required `training`; it fills training only afterwards.
      const r = analyze(block('import keras\nfrom keras import layers, ops'));
      expect(alarms(r).map((d) => d.code)).toEqual(['missing-argument']);
      const passed = analyze(block('import keras\nfrom keras import layers, ops').replace('x = Block()(inputs)', 'x = Block()(inputs, training=False)'));
      expect(passed.diagnostics).toEqual([]);
    });
  });

  it('#4 keras-io generative/text_generation_fnet.py:135: TextVectorization of a scalar string is (L,), not (None, L)', () => {
    // keras/src/layers/preprocessing/text_vectorization.py `_preprocess` squeezes only rank > 1 and
    // tf.strings.split makes a scalar rank 1; `call` pads that to (output_sequence_length,).
    const r = analyze(`import tensorflow as tf
from tensorflow.keras import layers

vectorizer = layers.TextVectorization(1000, output_sequence_length=40)
out = vectorizer(tf.constant("a b c"))
out = tf.pad(out, [[0, 1]])
`);
    expect(alarms(r)).toEqual([]);
    expect(shapeOf(ofType(r, 'layers.TextVectorization')[0])).toEqual([40]);
    expect(shapeOf(ofType(r, 'tf.pad')[0])).toEqual([41]);
    // The survey's file maps it over dataset elements of unknown shape: the rank is unknown, (…, 40).
    const u = analyze(`import tensorflow as tf
from tensorflow.keras import layers

vectorizer = layers.TextVectorization(1000, output_sequence_length=40)


def vectorize_text(inputs, outputs):
    inputs, outputs = vectorizer(inputs), vectorizer(outputs)
    outputs = tf.pad(outputs, [[0, 1]])
    return ({"encoder_inputs": inputs, "decoder_inputs": outputs[:-1]}, {"outputs": outputs[1:]})
`);
    expect(alarms(u)).toEqual([]);
    const row = ofType(u, 'layers.TextVectorization')[0];
    expect(row?.outputs[0]?.shape ?? null).toBeNull();
    expect(row?.outputs[0]?.tail?.map(dimToJson)).toEqual([40]);
  });

  it('#5 keras-io nlp/masked_language_modeling.py:419: a function the step budget stopped returns unknown, not None', () => {
    // The interpreter never ran the rest of make_model, so it cannot know its result (Python would
    // return the Model); `model.summary()` is then no none-attribute error.
    const r = analyze(`import numpy as np
import keras
from keras import layers


def pos_matrix(max_len, d_emb):
    return np.array([[p / 10000 ** (j / d_emb) for j in range(d_emb)] for p in range(max_len)])


def make_model():
    inputs = layers.Input((256,))
    w = pos_matrix(256, 1024)
    return keras.Model(inputs, layers.Dense(4)(inputs))


model = make_model()
model.summary()
`);
    expect(alarms(r)).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('budget-steps');
  });

  it('keras-io generative/lstm_character_level_text_generation.py:111-125: nested known loops (40 × 4 × 400 bodies) do not spend the step budget', () => {
    // The generation loop of that file (Apache 2.0), reduced to what the analysis follows.
    const r = analyze(`import numpy as np
import random
text = open("f").read()
for epoch in range(40):
    start_index = random.randint(0, len(text) - 40 - 1)
    for diversity in [0.2, 0.5, 1.0, 1.2]:
        generated = ""
        sentence = text[start_index : start_index + 40]
        for i in range(400):
            x_pred = np.zeros((1, 40, 10))
            for t, char in enumerate(sentence):
                x_pred[0, t, 3] = 1.0
            sentence = sentence[1:] + "a"
            generated += "a"
z = np.zeros((2, 3))
`);
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).not.toContain('budget-steps');
    // The loop that is not followed one iteration at a time says so where it starts (line 9).
    expect(r.diagnostics.filter((d) => d.code === 'budget-unroll').map((d) => d.range.start.line)).toEqual([8]);
    expect(r.diagnostics.find((d) => d.code === 'budget-unroll')?.message).toContain('64,000');
  });

  describe('#6 keras-io vision/semantic_image_clustering.py:457: a functional model used as a layer runs its own graph on the new input', () => {
    // keras/src/models/functional.py Functional.call -> _run_through_graph: the graph's layers run on
    // the new tensor. Conv2D 'valid', stride 2, kernel 3 on 32: (32 - 3) // 2 + 1 = 15
    // (keras/src/ops/operation_utils.py compute_conv_output_shape).
    const header = `import keras
from keras import layers


def make_encoder(pool):
    inp = keras.Input(shape=(None, None, 3))
    x = layers.Conv2D(8, 3, strides=2)(inp)
    if pool:
        x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inp, x)

`;
    it('as the first element of a Sequential built without an input shape', () => {
      const r = analyze(`${header}
encoder = keras.Sequential([make_encoder(True), layers.Dense(16)])
inputs = keras.Input(shape=(32, 32, 3))
probs = layers.Dense(20, activation="softmax")(encoder(inputs))
sim = keras.ops.einsum("bij,bkj->bik", keras.ops.expand_dims(probs, axis=1), keras.ops.ones((1, 5, 20)))
`);
      expect(alarms(r)).toEqual([]);
      expect(shapeOf(ofType(r, 'layers.Dense').at(-1))).toEqual([null, 20]);
      expect(shapeOf(ofType(r, 'keras.ops.einsum')[0])).toEqual([null, 1, 5]);
    });
    it('with spatial sizes: the symbolic sizes of its own input take the new ones', () => {
      const r = analyze(`${header}
encoder = keras.Sequential([keras.Input(shape=(32, 32, 3)), make_encoder(False), layers.Flatten()])
direct = make_encoder(False)(keras.Input(shape=(64, 64, 3)))
`);
      expect(alarms(r)).toEqual([]);
      expect(shapeOf(ofType(r, 'layers.Flatten')[0])).toEqual([null, 15 * 15 * 8]);
      // (64 - 3) // 2 + 1 = 31
      expect(shapeOf(ofType(r, 'make_encoder(False)')[0])).toEqual([null, 31, 31, 8]);
    });
  });
});

describe('survey unknowns: cheap rules', () => {
  it('comparisons and logical ops broadcast and keep the shape (TF1 tutorials: tf.cast(tf.equal(...)))', () => {
    // tensorflow/python/ops/gen_math_ops.py equal/not_equal/less/greater/logical_and: "supports
    // broadcasting"; Tensor.__gt__ is math_ops.greater (tensorflow/python/ops/math_ops.py).
    const r = analyze(`import tensorflow as tf
X = tf.placeholder(tf.float32, [None, 10])
a = tf.cast(tf.equal(X, X), tf.float32)
b = tf.cast(tf.math.equal(X, X), tf.float32)
c = tf.cast(X > 0, tf.float32)
d = tf.cast(tf.not_equal(X, 0), tf.float32)
e = tf.cast(tf.less(X, 0), tf.float32)
f = tf.cast(tf.logical_and(X > 0, X < 1), tf.float32)
`);
    expect(r.diagnostics).toEqual([]);
    // keras-io generative/text_generation_with_miniature_gpt.py:64-78: a column against a row is how
    // a causal mask is built, so a comparison is no vector-column warning.
    const mask = analyze(`from keras import ops


def causal_attention_mask(batch_size, n_dest, n_src, dtype):
    i = ops.arange(n_dest)[:, None]
    j = ops.arange(n_src)
    m = i >= j - n_src + n_dest
    mask = ops.cast(m, dtype)
    return ops.reshape(mask, [1, n_dest, n_src])


causal_attention_mask(4, 80, 80, "bool")
`);
    expect(mask.diagnostics).toEqual([]);
    expect(shapeOf(ofType(mask, 'ops.reshape')[0])).toEqual([1, 80, 80]);
    const casts = ofType(r, 'tf.cast');
    expect(casts).toHaveLength(6);
    for (const row of casts) expect(shapeOf(row)).toEqual([null, 10]);
  });

  it('a full reduction (no axis) of a tensor of unknown shape is a scalar', () => {
    // tensorflow/python/ops/math_ops.py reduce_mean: "If `axis` is None, all dimensions are reduced,
    // and a tensor with a single element is returned."
    const r = analyze(`import tensorflow as tf
u = tf.placeholder(tf.float32)
b = tf.reduce_mean(u)
c = tf.reduce_sum(u)
k = tf.reduce_sum(u, keepdims=True)
`);
    const [mean, sum, kept] = [...ofType(r, 'tf.reduce_mean'), ...ofType(r, 'tf.reduce_sum')];
    expect(shapeOf(mean)).toEqual([]);
    expect(shapeOf(sum)).toEqual([]);
    // keepdims keeps the (unknown) rank.
    expect(shapeOf(kept)).toBeNull();
  });

  it('np.load(...).reshape((-1, 28, 28, 1)): the -1 axis unknown, the rest exact', () => {
    // numpy/lib/npyio.py load: an .npy file holds one array (its shape the file's); ndarray.reshape
    // with one -1 infers that axis; an .npz archive is an NpzFile mapping, not an array.
    const r = analyze(`import numpy as np
import keras

w = np.load("x.npy").reshape((-1, 28, 28, 1))
d = keras.Input(shape=w.shape[1:])
z = np.load("x.npz")
e = keras.Input(shape=z["a"].shape[1:])
`);
    expect(alarms(r)).toEqual([]);
    const [d, e] = ofType(r, 'keras.Input');
    expect(shapeOf(d)).toEqual([null, 28, 28, 1]);
    expect(shapeOf(e)).toBeNull();
  });

  it('StringLookup(output_mode="one_hot") with a literal vocabulary: depth len(vocabulary) + num_oov_indices', () => {
    // keras/src/layers/preprocessing/index_lookup.py: vocabulary_size = table size +
    // _token_start_index (num_oov_indices, 1 by default; the mask only in 'int' mode);
    // compute_output_shape: one_hot appends the depth, replacing a trailing axis of 1.
    const r = analyze(`import keras
from keras import layers
x = keras.Input(shape=(1,), dtype="string")
a = layers.StringLookup(vocabulary=["a", "b", "c"], output_mode="one_hot")(x)
b = layers.StringLookup(vocabulary=["no", "yes"], num_oov_indices=0, output_mode="multi_hot")(x)
c = layers.StringLookup(vocabulary=["[UNK]", "a"], output_mode="one_hot")(x)
`);
    const rows = ofType(r, 'layers.StringLookup');
    expect(rows.map(shapeOf)).toEqual([[null, 4], [null, 2], [null, null]]);
  });
});

