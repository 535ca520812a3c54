/**
 * Findings of the session-6 survey of real code nobody here wrote: keras-core's examples
 * (keras-team/keras-core 3a464f90, Apache 2.0, `examples/`), the Keras 3 preview whose package was
 * `keras_core` before Keras 3.0 took the name `keras`. Each snippet is a minimal reproduction of the
 * file named in its test; the expected numbers cite their source.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzer, shapeOf } from './helpers.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

describe('keras_core is Keras 3', () => {
  it('examples/demo_mnist_convnet.py: `import keras_core` builds the layers keras.io prints for mnist_convnet', () => {
    // keras-core's demo is keras-io's vision/mnist_convnet.py with `keras_core` for `keras`; its
    // summary in keras-io examples/vision/md/mnist_convnet.md (chicham/keras-io ac7f64cb, Keras 3):
    // (None,26,26,32) 320 · (None,13,13,32) · (None,11,11,64) 18,496 · (None,5,5,64) · (None,1600)
    // · (None,1600) · (None,10) 16,010; total 34,826.
    const r = analyze(`import numpy as np
import keras_core
from keras_core import layers

input_shape = (28, 28, 1)
model = keras_core.Sequential(
    [
        layers.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ]
)
`);
    expect(alarms(r)).toEqual([]);
    const rows = r.layers.slice(1); // after the Input row
    expect(rows.map(shapeOf)).toEqual([
      [null, 26, 26, 32], [null, 13, 13, 32], [null, 11, 11, 64], [null, 5, 5, 64], [null, 1600], [null, 1600], [null, 10],
    ]);
    expect(rows.map((l) => l.params)).toEqual([320, 0, 18496, 0, 0, 0, 16010]);
    expect(r.diagnostics.filter((d) => d.code === 'unresolved-import')).toEqual([]);
  });

  it('`from keras_core import ops` reads Keras 3 signatures: Conv2D(32, 3, 2) has strides 2', () => {
    // keras-core keras_core/layers/convolutional/conv2d.py: Conv2D(filters, kernel_size, strides=(1, 1), ...).
    const r = analyze(`import keras_core as keras
from keras_core import layers
x = keras.Input(shape=(32, 32, 3))
y = layers.Conv2D(8, 3, 2)(x)
`);
    expect(shapeOf(r.layers.at(-1))).toEqual([null, 15, 15, 8]);
  });
});

describe('a model whose walk from its outputs is broken by an unknown value (keras-io vision/keypoint_detection.py)', () => {
  // keypoint_detection's get_model() builds a MobileNetV2 backbone, then
  // `x = keras.applications.mobilenet_v2.preprocess_input(inputs); x = backbone(x); …` and is called
  // twice (`get_model().summary()`, `model = get_model()`). Keras prints for each call one table: the
  // InputLayer, the preprocessing, the backbone as one Functional row, the head (keras-io
  // examples/vision/md/keypoint_detection.md). Here the preprocessing is an unresolved module's
  // function, so the walk back from the outputs stops at it.
  const src = `import keras
from keras import layers
import mystery

def get_model():
    b_in = layers.Input((32, 32, 3))
    b_out = layers.Conv2D(4, 3)(b_in)
    backbone = keras.Model(b_in, b_out, name="backbone")
    inputs = layers.Input((32, 32, 3))
    x = mystery.prep(inputs)
    x = backbone(x)
    outputs = layers.Conv2D(8, 3)(x)
    return keras.Model(inputs, outputs, name="kd")

get_model().summary()
model = get_model()
`;
  it('each call\'s table holds only that call\'s rows, the backbone as one row of its own model', () => {
    const r = analyze(src);
    const kd = (r.models ?? []).filter((m) => m.name === 'kd');
    expect(kd).toHaveLength(2);
    const top = (m: (typeof kd)[number]) => m.layers.filter((l) => l.depth === undefined).map((l) => l.type);
    expect(top(kd[0]!)).toEqual(['layers.Input', 'backbone', 'layers.Conv2D']);
    expect(top(kd[1]!)).toEqual(top(kd[0]!));
    // The backbone's own params (3·3·3·4 + 4 = 112, Keras' Conv2D kernel + bias) are shown on its row.
    expect(kd[1]!.layers.find((l) => l.type === 'backbone')?.params).toBe(112);
  });
});

describe('keras.applications.<model>.preprocess_input keeps the shape', () => {
  it('mobilenet_v2 and resnet50, Keras 3 and tf.keras', () => {
    // keras/src/applications/imagenet_utils.py (Keras 3) preprocess_input → _preprocess_tensor_input:
    // scales ('tf', 'torch') or flips channels and subtracts the mean ('caffe'); the shape is the
    // input's (keras-io keypoint_detection.md: TrueDivide, Subtract (None, 224, 224, 3)).
    const r = analyze(`import keras
import tensorflow as tf
from keras import layers
inputs = layers.Input((224, 224, 3))
x = keras.applications.mobilenet_v2.preprocess_input(inputs)
y = tf.keras.applications.resnet50.preprocess_input(inputs)
z = layers.Conv2D(8, 3)(x)
`);
    expect(alarms(r)).toEqual([]);
    expect(r.layers.map((l) => [l.type, shapeOf(l)])).toEqual([
      ['layers.Input', [null, 224, 224, 3]],
      ['keras.applications.mobilenet_v2.preprocess_input', [null, 224, 224, 3]],
      ['tf.keras.applications.resnet50.preprocess_input', [null, 224, 224, 3]],
      ['layers.Conv2D', [null, 222, 222, 8]],
    ]);
  });
});

describe('a functional model of several inputs called on new tensors (keras-io nlp/neural_machine_translation_with_transformer.py)', () => {
  // The example builds `decoder = keras.Model([decoder_inputs, encoded_seq_inputs], decoder_outputs)`
  // and then `decoder([decoder_inputs, encoder_outputs])` inside `transformer`; keras.io's summary
  // (examples/nlp/md/neural_machine_translation_with_transformer.md) lists the decoder as one
  // Functional row of 12,959,640 params and the transformer's total as 19,960,216, the encoder's
  // layers plus the decoder's. Counts here: Embedding(100, 8) 800 (input_dim·output_dim), Dense(8)
  // on 8 features 72, Dense(100) on 8 features 900 (keras/src/layers/core/{embedding,dense}.py).
  const src = `import keras
from keras import layers

class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, inputs, mask=None):
        return self.dense(inputs)

enc_in = keras.Input(shape=(None,), dtype="int64")
x = layers.Embedding(100, 8)(enc_in)
enc_out = Block(8)(x)
encoder = keras.Model(enc_in, enc_out)

dec_in = keras.Input(shape=(None,), dtype="int64")
state_in = keras.Input(shape=(None, 8))
y = layers.Embedding(100, 8)(dec_in)
y = layers.Add()([y, state_in])
dec_out = layers.Dense(100)(y)
decoder = keras.Model([dec_in, state_in], dec_out)

out = decoder([dec_in, enc_out])
transformer = keras.Model([enc_in, dec_in], out, name="transformer")
`;
  it('the call is a row with the decoder\'s output and params, and the outer model has its table', () => {
    const r = analyze(src);
    expect(alarms(r)).toEqual([]);
    const call = r.layers.find((l) => l.type === 'decoder');
    expect(shapeOf(call)).toEqual([null, null, 100]);
    const t = (r.models ?? []).find((m) => m.name === 'transformer');
    expect(t).toBeDefined();
    const top = t!.layers.filter((l) => l.depth === undefined);
    // (Keras lists decoder_inputs at the top too; here its row is among the decoder's, under its call.)
    expect(top.map((l) => l.type)).toEqual(['keras.Input', 'layers.Embedding', 'Block', 'decoder']);
    expect(top.map((l) => l.params)).toEqual([0, 800, 72, 1700]);
  });
});

describe('variables a custom layer sets on itself are its weights (keras-io generative/vq_vae.py)', () => {
  // vq_vae's VectorQuantizer: `w_init = tf.random_uniform_initializer(); self.embeddings =
  // tf.Variable(initial_value=w_init(shape=(self.embedding_dim, self.num_embeddings), ...))`; keras.io
  // prints vq_vae's total as 48,913 (examples/generative/md/vq_vae.md), the encoder's 19,856 and the
  // decoder's 28,033 plus the 16·64 = 1,024 codebook entries. An initializer's call returns a tensor
  // of the shape it is given (Keras 3 keras/src/initializers/initializer.py `__call__(shape, dtype)`,
  // TF tensorflow/python/ops/init_ops_v2.py).
  it('tf.Variable of an initializer\'s tensor counts; one of unknown size makes the params unknown', () => {
    const layer = (init: string) => analyze(`import keras
import tensorflow as tf
from keras import layers

class Codebook(layers.Layer):
    def __init__(self, n, d, **kwargs):
        super().__init__(**kwargs)
        w_init = ${init}
        self.embeddings = tf.Variable(initial_value=w_init(shape=(d, n), dtype="float32"), trainable=True)

    def call(self, x):
        return x

inputs = keras.Input(shape=(7, 7, 16))
y = Codebook(64, 16)(inputs)
`).layers.find((l) => l.type === 'Codebook');
    expect(layer('tf.random_uniform_initializer()')?.params).toBe(1024);
    expect(layer('keras.initializers.GlorotUniform()')?.params).toBe(1024);
    expect(layer('tf.keras.initializers.RandomNormal(mean=0.0, stddev=0.05)')?.params).toBe(1024);
    // An initializer the analysis does not know: the variable's size is unknown, so are the params.
    expect(layer('make_initializer()')?.params).toBeNull();
  });
});

describe('each call of a model has its own outputs (keras-io vision/supervised-contrastive-learning.py)', () => {
  // The example's encoder applies `data_augmentation` (a Sequential) and a ResNet50V2 built in the
  // same function; create_classifier(encoder) then applies the encoder. keras.io's summaries
  // (examples/vision/md/supervised-contrastive-learning.md): cifar10-encoder lists the Sequential
  // (7 params: Normalization's mean, variance and count for 3 channels) and the ResNet as one row
  // each; cifar10-classifier lists the encoder as one row (23,564,807) and totals 24,619,025.
  // Here the backbone is a GlobalAveragePooling2D (no weights) and the head Dense(2) on 3 features (8).
  const src = `from tensorflow import keras
from tensorflow.keras import layers

data_augmentation = keras.Sequential([layers.Normalization(), layers.RandomFlip("horizontal")])

def backbone():
    i = keras.Input(shape=(32, 32, 3))
    o = layers.GlobalAveragePooling2D()(i)
    return keras.Model(i, o)

def create_encoder():
    resnet = backbone()
    inputs = keras.Input(shape=(32, 32, 3))
    augmented = data_augmentation(inputs)
    outputs = resnet(augmented)
    return keras.Model(inputs=inputs, outputs=outputs, name="enc")

def create_classifier(encoder):
    inputs = keras.Input(shape=(32, 32, 3))
    features = encoder(inputs)
    outputs = layers.Dense(2)(features)
    return keras.Model(inputs=inputs, outputs=outputs, name="cls")

encoder = create_encoder()
classifier = create_classifier(encoder)
`;
  it('the tables of the backbone, the encoder and the classifier hold their own rows', () => {
    const r = analyze(src);
    const table = (name: string) => (r.models ?? []).find((m) => m.name === name)!;
    const top = (name: string) => table(name).layers.filter((l) => l.depth === undefined).map((l) => [l.type, l.params]);
    expect(top('enc')).toEqual([['keras.Input', 0], ['data_augmentation', 7], ['resnet', 0]]);
    expect(top('cls')).toEqual([['keras.Input', 0], ['encoder', 7], ['layers.Dense', 8]]);
  });
});

describe('a helper whose result joins two branches (keras-io vision/mobilevit.py inverted_residual_block)', () => {
  // mobilevit's inverted_residual_block ends `if tf.math.equal(x.shape[-1], output_channels) and
  // strides == 1: return layers.Add()([m, x])` / `return m`: the condition is a tensor, so which
  // branch runs is unknown here and the result joins them. The block's layers are the model's all the
  // same (keras.io examples/vision/md/mobilevit.md lists them in the model, 1,307,621 params).
  // Counts: Conv2D(16, 1, use_bias=False) on 16 channels 256, BatchNormalization(16) 64 (γ, β, mean,
  // variance), Conv2D(32, 1) on 16 channels 512, BatchNormalization(32) 128.
  it('the body\'s rows are in the model\'s table and count in its total', () => {
    const r = analyze(`import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

def block(x, expanded_channels, output_channels, strides=1):
    m = layers.Conv2D(expanded_channels, 1, padding="same", use_bias=False)(x)
    m = layers.BatchNormalization()(m)
    if tf.math.equal(x.shape[-1], output_channels) and strides == 1:
        return layers.Add()([m, x])
    return m

inputs = keras.Input((64, 64, 16))
x = block(inputs, expanded_channels=16, output_channels=16)
x = block(x, expanded_channels=32, output_channels=24, strides=2)
model = keras.Model(inputs, x)
`);
    expect(r.models?.map((m) => m.name)).toEqual(['model']);
    const params = r.models![0]!.layers.map((l) => l.params).filter((p) => p !== null && p > 0);
    expect(params).toEqual([256, 64, 512, 128]);
  });
});
