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
 * The same classifier with its TokenAndPositionEmbedding (`ops.arange` over `ops.shape(x)[-1]`),
 * and the ViT of examples/vision/image_classification_with_vision_transformer.py (Keras 3:
 * `keras.ops.image.extract_patches`, a PatchEncoder adding an `Embedding` of `ops.arange` positions to
 * a `Dense` projection by broadcasting; tf.keras: `tf.image.extract_patches`, `tf.range`) are checked
 * row by row as Keras prints them: a custom layer or nested model is one row with its params.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, LayerResult } from '../../server/src/analysis/types.js';
import { analyzer, shapeOf } from './helpers.js';
import { tfjsLayer, tfjsReady, tfl, truthRows } from './tfjs.js';

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

const TPE_MODEL = `import keras
from keras import ops
from keras import layers

${TRANSFORMER.split('\n').slice(5, 27).join('\n')}


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


vocab_size = 20000
maxlen = 200
embed_dim = 32
num_heads = 2
ff_dim = 32
inputs = layers.Input(shape=(maxlen,))
embedding_layer = TokenAndPositionEmbedding(maxlen, vocab_size, embed_dim)
x = embedding_layer(inputs)
transformer_block = TransformerBlock(embed_dim, num_heads, ff_dim)
x = transformer_block(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
x = layers.Dense(20, activation="relu")(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
model.summary()
`;

/** The rows of the table of `model`, as Keras prints them: nested rows (custom layers' insides) and our function-call rows left out. */
function kerasRows(r: AnalysisResult, model = 'model'): [string, (number | string | null)[] | null, number | null][] {
  const table = r.models!.find((m) => m.name === model)!;
  return table.layers.filter((l) => !l.depth && !(l.composite && l.params === null)).map((l) => [l.type, shapeOf(l), l.params]);
}

const tableTotal = (r: AnalysisResult, model = 'model') => total(r.models!.find((m) => m.name === model)!.layers);

describe('transformer text classifier with its token-and-position embedding (keras-io, Keras 3)', () => {
  it('one row per Keras layer with the params Keras prints, and the total', () => {
    const r = analyze(TPE_MODEL);
    const emb = (n: number) => tfjsLayer(tfl.layers.embedding({ inputDim: n, outputDim: 32 }), [200]).params;
    const head = tfl.sequential({ layers: [tfl.layers.globalAveragePooling1d({ inputShape: [200, 32] }), tfl.layers.dropout({ rate: 0.1 }), tfl.layers.dense({ units: 20 }), tfl.layers.dropout({ rate: 0.1 }), tfl.layers.dense({ units: 2 })] });
    const ln = tfjsLayer(tfl.layers.layerNormalization({}), [200, 32]).params;
    const ffn = tfjsLayer(tfl.layers.dense({ units: 32 }), [200, 32]).params * 2;
    const block = 8416 + ffn + 2 * ln;
    expect(kerasRows(r)).toEqual([
      ['layers.Input', [null, 200], 0],
      ['TokenAndPositionEmbedding', [null, 200, 32], emb(20000) + emb(200)],
      ['TransformerBlock', [null, 200, 32], block],
      ...truthRows(head).map(([c, s, p]) => [`layers.${c}`, s, p]),
    ]);
    expect(block).toBe(10656);
    expect(tableTotal(r)).toBe(emb(20000) + emb(200) + block + head.countParams());
    expect(tableTotal(r)).toBe(657758);
    // A Keras 3 file (keras.ops): no Keras 1 assumption about it.
    expect(r.diagnostics).toEqual([]);
  });
  it('the rows a custom layer applied are under its row, its own Sequential one level deeper', () => {
    const table = analyze(TPE_MODEL).models!.find((m) => m.name === 'model')!;
    const at = table.layers.findIndex((l) => l.type === 'TransformerBlock');
    const under = table.layers.slice(at + 1, at + 9).map((l) => [l.type, l.depth]);
    expect(under).toEqual([
      ['layers.MultiHeadAttention', 1],
      ['layers.Dropout', 1],
      ['layers.LayerNormalization', 1],
      ['self.ffn', 1],
      ['layers.Dense', 2],
      ['layers.Dense', 2],
      ['layers.Dropout', 1],
      ['layers.LayerNormalization', 1],
    ]);
    expect(table.layers[at]!.params).toBe(10656);
  });
});

const VIT_HEAD = (tf: boolean) => `${tf ? 'import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers' : 'import keras\nfrom keras import layers\nfrom keras import ops'}

num_classes = 100
input_shape = (32, 32, 3)
image_size = 72
patch_size = 6
num_patches = (image_size // patch_size) ** 2
projection_dim = 64
num_heads = 4
transformer_units = [projection_dim * 2, projection_dim]
transformer_layers = 8
mlp_head_units = [2048, 1024]

data_augmentation = keras.Sequential(
    [
        layers.Normalization(),
        layers.Resizing(image_size, image_size),
        layers.RandomFlip("horizontal"),
        layers.RandomRotation(factor=0.02),
        layers.RandomZoom(height_factor=0.2, width_factor=0.2),
    ],
    name="data_augmentation",
)


def mlp(x, hidden_units, dropout_rate):
    for units in hidden_units:
        x = layers.Dense(units, activation="gelu")(x)
        x = layers.Dropout(dropout_rate)(x)
    return x
`;

/** The PatchEncoder's constructor, the same in both spellings of the example. */
const PATCH_ENCODER_INIT = `class PatchEncoder(layers.Layer):
    def __init__(self, num_patches, projection_dim):
        super().__init__()
        self.num_patches = num_patches
        self.projection = layers.Dense(units=projection_dim)
        self.position_embedding = layers.Embedding(input_dim=num_patches, output_dim=projection_dim)
`;

const VIT_KERAS3 = `${VIT_HEAD(false)}

class Patches(layers.Layer):
    def __init__(self, patch_size):
        super().__init__()
        self.patch_size = patch_size

    def call(self, images):
        input_shape = ops.shape(images)
        batch_size = input_shape[0]
        height = input_shape[1]
        width = input_shape[2]
        channels = input_shape[3]
        num_patches_h = height // self.patch_size
        num_patches_w = width // self.patch_size
        patches = keras.ops.image.extract_patches(images, size=self.patch_size)
        patches = ops.reshape(patches, (batch_size, num_patches_h * num_patches_w, self.patch_size * self.patch_size * channels))
        return patches


${PATCH_ENCODER_INIT}
    def call(self, patch):
        positions = ops.expand_dims(ops.arange(start=0, stop=self.num_patches, step=1), axis=0)
        projected_patches = self.projection(patch)
        encoded = projected_patches + self.position_embedding(positions)
        return encoded
${'\n'}`;

const VIT_TF = `${VIT_HEAD(true)}

class Patches(layers.Layer):
    def __init__(self, patch_size):
        super().__init__()
        self.patch_size = patch_size

    def call(self, images):
        batch_size = tf.shape(images)[0]
        patches = tf.image.extract_patches(
            images=images,
            sizes=[1, self.patch_size, self.patch_size, 1],
            strides=[1, self.patch_size, self.patch_size, 1],
            rates=[1, 1, 1, 1],
            padding="VALID",
        )
        patch_dims = patches.shape[-1]
        patches = tf.reshape(patches, [batch_size, -1, patch_dims])
        return patches


${PATCH_ENCODER_INIT}
    def call(self, patch):
        positions = tf.range(start=0, limit=self.num_patches, delta=1)
        encoded = self.projection(patch) + self.position_embedding(positions)
        return encoded
${'\n'}`;

const VIT_BUILD = `
def create_vit_classifier():
    inputs = keras.Input(shape=input_shape)
    augmented = data_augmentation(inputs)
    patches = Patches(patch_size)(augmented)
    encoded_patches = PatchEncoder(num_patches, projection_dim)(patches)
    for _ in range(transformer_layers):
        x1 = layers.LayerNormalization(epsilon=1e-6)(encoded_patches)
        attention_output = layers.MultiHeadAttention(num_heads=num_heads, key_dim=projection_dim, dropout=0.1)(x1, x1)
        x2 = layers.Add()([attention_output, encoded_patches])
        x3 = layers.LayerNormalization(epsilon=1e-6)(x2)
        x3 = mlp(x3, hidden_units=transformer_units, dropout_rate=0.1)
        encoded_patches = layers.Add()([x3, x2])
    representation = layers.LayerNormalization(epsilon=1e-6)(encoded_patches)
    representation = layers.Flatten()(representation)
    representation = layers.Dropout(0.5)(representation)
    features = mlp(representation, hidden_units=mlp_head_units, dropout_rate=0.5)
    logits = layers.Dense(num_classes)(features)
    model = keras.Model(inputs=inputs, outputs=logits)
    return model


model = create_vit_classifier()
model.summary()
`;

/**
 * The ViT's rows as Keras prints them. tfjs: the Dense, LayerNormalization, Add, Dropout, Flatten and
 * Embedding rows. The Keras source: Normalization on 3 channels is mean + variance + count = 7
 * (keras/src/layers/preprocessing/normalization.py build; the preprocessing test checks it), the
 * other augmentation layers have no weights; Patches (72/6)² = 144 patches of 6·6·3 = 108 values
 * (keras/src/ops/image.py ExtractPatches); MultiHeadAttention(4 heads, key_dim 64) on 64 features:
 * 3·(64·4·64 + 4·64) + (4·64·64 + 64) = 66,368 (multi_head_attention.py build).
 */
function vitTruth(patchesShape: (number | null)[]): [string, (number | null)[], number][] {
  const row = (type: string, layer: tfl.layers.Layer, input: number[]): [string, (number | null)[], number] => {
    const t = tfjsLayer(layer, input);
    return [type, t.shape as (number | null)[], t.params];
  };
  const projection = tfjsLayer(tfl.layers.dense({ units: 64 }), [144, 108]).params;
  const positions = tfjsLayer(tfl.layers.embedding({ inputDim: 144, outputDim: 64 }), [144]).params;
  const block: [string, (number | null)[], number][] = [
    row('layers.LayerNormalization', tfl.layers.layerNormalization({}), [144, 64]),
    ['layers.MultiHeadAttention', [null, 144, 64], 3 * (64 * 4 * 64 + 4 * 64) + (4 * 64 * 64 + 64)],
    ['layers.Add', [null, 144, 64], 0],
    row('layers.LayerNormalization', tfl.layers.layerNormalization({}), [144, 64]),
    row('layers.Dense', tfl.layers.dense({ units: 128 }), [144, 64]),
    row('layers.Dropout', tfl.layers.dropout({ rate: 0.1 }), [144, 128]),
    row('layers.Dense', tfl.layers.dense({ units: 64 }), [144, 128]),
    row('layers.Dropout', tfl.layers.dropout({ rate: 0.1 }), [144, 64]),
    ['layers.Add', [null, 144, 64], 0],
  ];
  return [
    ['keras.Input', [null, 32, 32, 3], 0],
    ['data_augmentation', [null, 72, 72, 3], 7],
    ['Patches', patchesShape, 0],
    ['PatchEncoder', [null, 144, 64], projection + positions],
    ...Array.from({ length: 8 }, () => block).flat(),
    row('layers.LayerNormalization', tfl.layers.layerNormalization({}), [144, 64]),
    row('layers.Flatten', tfl.layers.flatten({}), [144, 64]),
    row('layers.Dropout', tfl.layers.dropout({ rate: 0.5 }), [9216]),
    row('layers.Dense', tfl.layers.dense({ units: 2048 }), [9216]),
    row('layers.Dropout', tfl.layers.dropout({ rate: 0.5 }), [2048]),
    row('layers.Dense', tfl.layers.dense({ units: 1024 }), [2048]),
    row('layers.Dropout', tfl.layers.dropout({ rate: 0.5 }), [1024]),
    row('layers.Dense', tfl.layers.dense({ units: 100 }), [1024]),
  ];
}

describe('Vision Transformer (keras-io image_classification_with_vision_transformer)', () => {
  it('Keras 3: every row Keras prints and the total', () => {
    const r = analyze(VIT_KERAS3 + VIT_BUILD);
    const truth = vitTruth([null, 144, 108]);
    expect(kerasRows(r)).toEqual(truth);
    expect(tableTotal(r)).toBe(truth.reduce((s, [, , p]) => s + p, 0));
    expect(r.diagnostics).toEqual([]);
  });
  it('tf.keras (tf.image.extract_patches, tf.range): every row Keras prints and the total', () => {
    const r = analyze(VIT_TF + VIT_BUILD);
    const rows = kerasRows(r);
    // tf.reshape(patches, [tf.shape(images)[0], -1, 108]): TF's own shape inference leaves both
    // unknown (tensorflow/core/ops/array_ops.cc SetOutputShapeForReshape: two unknown output dims are
    // `too_many_unknown`), so Keras prints Patches as (None, None, 108); the PatchEncoder's sum with
    // the (144, 64) position embedding is (None, 144, 64) by TF's broadcasting.
    const truth = vitTruth([null, null, 108]);
    expect(rows).toEqual(truth);
    expect(shapeOf(r.layers.find((l) => l.type === 'tf.image.extract_patches'))).toEqual([null, 12, 12, 108]);
    expect(tableTotal(r)).toBe(truth.reduce((s, [, , p]) => s + p, 0));
  });
});
