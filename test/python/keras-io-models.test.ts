/**
 * keras-io-style models, written here after the keras-io examples "OCR model for reading Captchas"
 * (examples/vision/captcha_ocr.py: Conv/Pool, Reshape, Dense, two Bidirectional(LSTM), a custom
 * CTC layer) and "Variational AutoEncoder" (examples/generative/vae.py: a custom Sampling layer).
 * Truth: the same models built in TensorFlow.js (@tensorflow/tfjs-layers 4.22) — every row's output
 * shape and params, and the total — which match the summaries keras-io publishes (OCR: 432,725
 * params; VAE encoder: 69,076). The custom layers have no weights (their `call` only computes).
 * The transformer classifier follows examples/nlp/text_classification_with_transformer.py with its
 * TransformerBlock on embedded tokens (the token-and-position embedding needs `tf.range`, not yet
 * in the catalog); tfjs has no MultiHeadAttention, so that row is multi_head_attention.py's `build`:
 * 3·(32·2·32 + 2·32) + (2·32·32 + 32) = 8,416, and the block 10,656 as keras-io's summary prints.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, LayerResult } from '../../server/src/analysis/types.js';
import { analyzer, shapeOf } from './helpers.js';
import { tfjsReady, tfl, truthRows } from './tfjs.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
  await tfjsReady();
});

const z = { recurrentInitializer: 'zeros' as const };

const OCR = `import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

img_width = 200
img_height = 50
num_classes = 20


class CTCLayer(layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.backend.ctc_batch_cost

    def call(self, y_true, y_pred):
        batch_len = tf.cast(tf.shape(y_true)[0], dtype="int64")
        loss = self.loss_fn(y_true, y_pred, batch_len, batch_len)
        self.add_loss(loss)
        return y_pred


def build_model():
    input_img = layers.Input(shape=(img_width, img_height, 1), name="image", dtype="float32")
    labels = layers.Input(name="label", shape=(None,), dtype="float32")
    x = layers.Conv2D(32, (3, 3), activation="relu", kernel_initializer="he_normal", padding="same", name="Conv1")(input_img)
    x = layers.MaxPooling2D((2, 2), name="pool1")(x)
    x = layers.Conv2D(64, (3, 3), activation="relu", kernel_initializer="he_normal", padding="same", name="Conv2")(x)
    x = layers.MaxPooling2D((2, 2), name="pool2")(x)
    new_shape = ((img_width // 4), (img_height // 4) * 64)
    x = layers.Reshape(target_shape=new_shape, name="reshape")(x)
    x = layers.Dense(64, activation="relu", name="dense1")(x)
    x = layers.Dropout(0.2)(x)
    x = layers.Bidirectional(layers.LSTM(128, return_sequences=True, dropout=0.25))(x)
    x = layers.Bidirectional(layers.LSTM(64, return_sequences=True, dropout=0.25))(x)
    x = layers.Dense(num_classes + 1, activation="softmax", name="dense2")(x)
    output = CTCLayer(name="ctc_loss")(labels, x)
    model = keras.models.Model(inputs=[input_img, labels], outputs=output, name="ocr_model_v1")
    return model


model = build_model()
model.summary()
`;

function ocrTruth(): tfl.LayersModel {
  const img = tfl.input({ shape: [200, 50, 1] });
  let x = tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'same' }).apply(img) as tfl.SymbolicTensor;
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', padding: 'same' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reshape({ targetShape: [50, 12 * 64] }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 64, activation: 'relu' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dropout({ rate: 0.2 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 128, returnSequences: true, ...z }) as tfl.RNN }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.bidirectional({ layer: tfl.layers.lstm({ units: 64, returnSequences: true, ...z }) as tfl.RNN }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 21, activation: 'softmax' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: img, outputs: x });
}

const rowsOf = (layers: readonly LayerResult[]) => layers.map((l) => [shapeOf(l), l.params]);
const total = (layers: readonly LayerResult[]) => layers.filter((l) => !l.composite).reduce((s, l) => s + (l.params ?? NaN), 0);

describe('OCR model with Bidirectional(LSTM) (keras-io captcha_ocr)', () => {
  it('every Keras layer row and the total equal TensorFlow.js', () => {
    const r = analyze(OCR);
    const truth = ocrTruth();
    const ours = r.layers.filter((l) => l.type.startsWith('layers.') && l.type !== 'layers.Input');
    expect(rowsOf(ours)).toEqual(truthRows(truth).map(([, s, p]) => [s, p]));
    expect(total(r.layers)).toBe(truth.countParams());
    expect(truth.countParams()).toBe(432725);
  });
  it('the CTC layer is a row with the prediction shape and no weights', () => {
    const ctc = analyze(OCR).layers.find((l) => l.type === 'CTCLayer')!;
    expect([ctc.name, shapeOf(ctc), ctc.params]).toEqual(['ctc_loss', [null, 50, 21], 0]);
  });
});

const VAE = `import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class Sampling(layers.Layer):
    """Uses (z_mean, z_log_var) to sample z, the vector encoding a digit."""

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = tf.shape(z_mean)[0]
        dim = tf.shape(z_mean)[1]
        epsilon = tf.random.normal(shape=(batch, dim))
        return z_mean + tf.exp(0.5 * z_log_var) * epsilon


latent_dim = 2

encoder_inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(32, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
x = layers.Conv2D(64, 3, activation="relu", strides=2, padding="same")(x)
x = layers.Flatten()(x)
x = layers.Dense(16, activation="relu")(x)
z_mean = layers.Dense(latent_dim, name="z_mean")(x)
z_log_var = layers.Dense(latent_dim, name="z_log_var")(x)
z = Sampling()([z_mean, z_log_var])
encoder = keras.Model(encoder_inputs, [z_mean, z_log_var, z], name="encoder")
encoder.summary()
`;

describe('VAE encoder with a custom Sampling layer (keras-io vae)', () => {
  it('every row and the total equal TensorFlow.js; Sampling is (None, 2) with no weights', () => {
    const inp = tfl.input({ shape: [28, 28, 1] });
    let x = tfl.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same' }).apply(inp) as tfl.SymbolicTensor;
    x = tfl.layers.conv2d({ filters: 64, kernelSize: 3, strides: 2, padding: 'same' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.dense({ units: 16 }).apply(x) as tfl.SymbolicTensor;
    const zm = tfl.layers.dense({ units: 2 }).apply(x) as tfl.SymbolicTensor;
    const zv = tfl.layers.dense({ units: 2 }).apply(x) as tfl.SymbolicTensor;
    const truth = tfl.model({ inputs: inp, outputs: [zm, zv] });
    const r = analyze(VAE);
    const ours = r.layers.filter((l) => l.type.startsWith('layers.'));
    expect(rowsOf(ours)).toEqual(truthRows(truth).map(([, s, p]) => [s, p]));
    const sampling = r.layers.find((l) => l.type === 'Sampling')!;
    expect([shapeOf(sampling), sampling.params]).toEqual([[null, 2], 0]);
    expect(total(r.layers)).toBe(69076);
    expect(truth.countParams()).toBe(69076);
  });
});

const TRANSFORMER = `import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=False):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output, training=training)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output, training=training)
        return self.layernorm2(out1 + ffn_output)


maxlen = 200
embed_dim = 32
inputs = layers.Input(shape=(maxlen, embed_dim))
x = TransformerBlock(embed_dim, 2, 32)(inputs)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
x = layers.Dense(20, activation="relu")(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
`;

describe('transformer text classifier (keras-io text_classification_with_transformer)', () => {
  it('the block (MultiHeadAttention, its feed-forward Sequential, LayerNormalization) and the head', () => {
    const r = analyze(TRANSFORMER);
    const block = r.layers.find((l) => l.type === 'TransformerBlock')!;
    expect(shapeOf(block)).toEqual([null, 200, 32]);
    const inner = r.layers.filter((l) => l.range.start.line < block.range.start.line && l.type.startsWith('layers.'));
    expect(inner.reduce((s, l) => s + (l.params ?? NaN), 0)).toBe(10656);
    expect(inner.find((l) => l.type === 'layers.MultiHeadAttention')!.params).toBe(8416);
    const head = tfl.sequential({ layers: [tfl.layers.globalAveragePooling1d({ inputShape: [200, 32] }), tfl.layers.dropout({ rate: 0.1 }), tfl.layers.dense({ units: 20 }), tfl.layers.dropout({ rate: 0.1 }), tfl.layers.dense({ units: 2 })] });
    const after = r.layers.filter((l) => l.range.start.line > block.range.start.line);
    expect(rowsOf(after)).toEqual(truthRows(head).map(([, s, p]) => [s, p]));
    expect(total(r.layers)).toBe(10656 + head.countParams());
  });
});
