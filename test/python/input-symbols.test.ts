/**
 * Fresh symbols per declared input. Keras gives every `None` of every `Input` its own unknown size
 * (keras/src/layers/core/input_layer.py keeps `shape` as given; merges such as
 * `Concatenate.compute_output_shape` give None for a None on any input), so two inputs' unknown
 * sizes are never claimed equal: the first declared source keeps the role's name (`L`, `H`, `W`),
 * later ones are numbered (`L2`, `H2`, `W2`: ../../server/src/python/default-names.ts). Two
 * different symbols that an op needs equal join to unknown (None, as Keras prints it) and are never
 * a reason for an error or a warning; the same symbol twice still matches. The counter is replayed
 * exactly by the memo, the statement cache and the kept entry points (the plain analysis is the
 * expected result there).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { analyzePython } from '../../server/src/python/analyze.js';
import type { MemoCounts } from '../../server/src/python/memo.js';
import { SyntaxCache } from '../../server/src/python/syntax.js';
import { ofType, shapeOf } from './helpers.js';

let parser: Parser;
beforeAll(async () => {
  parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
});

function analyze(text: string, options: Parameters<typeof analyzePython>[1] = {}): AnalysisResult {
  const tree = parser.parse(text)!;
  try {
    return analyzePython(tree, { text, ...options });
  } finally {
    tree.delete();
  }
}

const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
const HEADER = 'import tensorflow as tf\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n';

describe('each declared source gets its own symbols', () => {
  it('two Input(shape=(None, 8)): L and L2; concatenated on the time axis L + L2, not 2*L', () => {
    const r = analyze(`${HEADER}a = keras.Input(shape=(None, 8))\nb = keras.Input(shape=(None, 8))\nc = layers.Concatenate(axis=1)([a, b])\n`);
    expect(ofType(r, 'keras.Input').map(shapeOf)).toEqual([
      [null, 'L', 8],
      [null, 'L2', 8],
    ]);
    expect(shapeOf(ofType(r, 'layers.Concatenate')[0])).toEqual([null, 'L + L2', 8]);
    expect(alarms(r)).toEqual([]);
  });

  it('numbered per role: an image input keeps H, W; a sequence input after it keeps L; a second image H2, W2', () => {
    const r = analyze(`${HEADER}img = keras.Input(shape=(None, None, 3))\nseq = keras.Input(shape=(None, 16))\nimg2 = keras.Input(shape=(None, None, 3))\n`);
    expect(ofType(r, 'keras.Input').map(shapeOf)).toEqual([
      [null, 'H', 'W', 3],
      [null, 'L', 16],
      [null, 'H2', 'W2', 3],
    ]);
  });

  it('every kind of declared source counts: tf.placeholder, a Sequential\'s input_shape, a call made twice', () => {
    const r = analyze(`${HEADER}p = tf.compat.v1.placeholder(tf.float32, [None, None])
q = tf.compat.v1.placeholder(tf.float32, [None, None])
s1 = keras.Sequential([layers.Dense(4, input_shape=(None, 8))])
s2 = keras.Sequential([layers.Dense(4, input_shape=(None, 8))])


def make():
    return keras.Input(shape=(None, 8))


x = layers.Dense(2)(make())
y = layers.Dense(2)(make())
`);
    expect(ofType(r, 'tf.compat.v1.placeholder').map(shapeOf)).toEqual([
      [null, 'F'],
      [null, 'F2'],
    ]);
    // Dense acts on the last axis: (batch, L, units) — keras/src/layers/core/dense.py compute_output_shape.
    expect(r.layers.filter((l) => l.type === 'layers.Dense' && l.outputs[0]?.shape?.[2] === 4).map(shapeOf)).toEqual([
      [null, 'L', 4],
      [null, 'L2', 4],
    ]);
    expect(r.layers.filter((l) => l.type === 'layers.Dense' && l.outputs[0]?.shape?.[2] === 2).map(shapeOf)).toEqual([
      [null, 'L3', 2],
      [null, 'L4', 2],
    ]);
  });

  it("a creation op's size the code computed is unknown, not a symbol: keras-io deit.py's StochasticDepth, once per block", () => {
    // keras-io examples/vision/deit.py (chicham/keras-io ac7f64cb), lines 157-170: the drop-path mask
    // of shape (batch, 1, 1), its batch read from tf.shape(x)[0] of an input whose batch is None.
    // tf.random.uniform takes the sizes it is given (tensorflow/python/ops/random_ops.py): the
    // batch is the input's own, unknown here, so None (as Keras prints it), never a name of its own
    // per call (a new row for each of the 12 blocks instead of one repeated row).
    const r = analyze(`${HEADER}
class StochasticDepth(layers.Layer):
    def __init__(self, drop_prop, **kwargs):
        super().__init__(**kwargs)
        self.drop_prob = drop_prop

    def call(self, x, training=True):
        if training:
            keep_prob = 1 - self.drop_prob
            shape = (tf.shape(x)[0],) + (1,) * (len(tf.shape(x)) - 1)
            random_tensor = keep_prob + tf.random.uniform(shape, 0, 1)
            random_tensor = tf.floor(random_tensor)
            return (x / keep_prob) * random_tensor
        return x


inputs = keras.Input(shape=(198, 192))
x = inputs
for i in range(12):
    x = StochasticDepth(0.1)(x)
model = keras.Model(inputs, x)
`);
    const masks = ofType(r, 'tf.random.uniform');
    expect(masks.length).toBeGreaterThan(0);
    expect(new Set(masks.map((l) => JSON.stringify(shapeOf(l))))).toEqual(new Set([JSON.stringify([null, 1, 1])]));
    expect(shapeOf(ofType(r, 'StochasticDepth').at(-1))).toEqual([null, 198, 192]);
    expect(alarms(r)).toEqual([]);
  });
});

describe('two different symbols are never an alarm; the same symbol still matches', () => {
  // Every op below requires the time axes equal (or contracts them): with two inputs' own lengths
  // the result is unknown there (None), never an error; with one input twice it keeps L.
  const OPS = `c_last = layers.Concatenate(axis=-1)([a, b])
add = layers.Add()([a, b])
mul = layers.Multiply()([a, b])
sub = layers.Subtract()([a, b])
avg = layers.Average()([a, b])
mx = layers.Maximum()([a, b])
plus = layers.Dense(3)(a + b)
tadd = tf.add(a, b)
tcat = tf.concat([a, b], axis=2)
stk = tf.stack([a, b])
ein = tf.einsum('bld,bld->bl', a, b)
`;
  // The outputs where the time axis is joined, in OPS' order (Dense's units last: 3).
  const joined = (l: number | string | null) => [
    [null, l, 16],
    [null, l, 8],
    [null, l, 8],
    [null, l, 8],
    [null, l, 8],
    [null, l, 8],
    [null, l, 3],
    [null, l, 8],
    [null, l, 16],
    [2, null, l, 8],
    [null, l],
  ];
  const rows = (r: AnalysisResult) => r.layers.filter((l) => l.type !== 'keras.Input').map(shapeOf);

  it('two inputs: the joined axis is unknown, no error or warning', () => {
    const r = analyze(`${HEADER}a = keras.Input(shape=(None, 8))\nb = keras.Input(shape=(None, 8))\n${OPS}`);
    expect(rows(r)).toEqual(joined(null));
    expect(alarms(r)).toEqual([]);
  });

  it('one input twice: the axis keeps its symbol', () => {
    const r = analyze(`${HEADER}a = keras.Input(shape=(None, 8))\nb = a\n${OPS}`);
    expect(rows(r)).toEqual(joined('L'));
    expect(alarms(r)).toEqual([]);
  });

  it('contractions and products keep each input\'s own length: Dot, matmul, MultiHeadAttention', () => {
    // tf.linalg.matmul (N, L, 8) × (N, 8, L2) → (N, L, L2); Dot(axes=2) the same (keras/src/layers/merging/dot.py);
    // attention's output follows the query (multi_head_attention.py compute_output_shape).
    const r = analyze(`${HEADER}a = keras.Input(shape=(None, 8))
b = keras.Input(shape=(None, 8))
mm = tf.matmul(a, b, transpose_b=True)
dot = layers.Dot(axes=2)([a, b])
att = layers.MultiHeadAttention(num_heads=2, key_dim=4)(a, b)
`);
    expect([ofType(r, 'tf.matmul'), ofType(r, 'layers.Dot'), ofType(r, 'layers.MultiHeadAttention')].map((ls) => shapeOf(ls[0]))).toEqual([
      [null, 'L', 'L2'],
      [null, 'L', 'L2'],
      [null, 'L', 8],
    ]);
    expect(alarms(r)).toEqual([]);
  });

  it('a real mismatch is still an error: the feature axes 4 and 8 of a concatenation on the time axis', () => {
    const r = analyze(`${HEADER}a = keras.Input(shape=(None, 8))\nb = keras.Input(shape=(None, 8))\nc = layers.Concatenate(axis=1)([layers.Dense(4)(a), b])\n`);
    expect(alarms(r).map((d) => d.code)).toEqual(['concat-mismatch']);
  });
});

/**
 * A sequence-to-sequence Transformer as keras-io's "English-to-Spanish translation with a
 * sequence-to-sequence Transformer" builds it (examples/nlp/neural_machine_translation_with_transformer.py;
 * written here after its structure, masks left out: they add no weights), with its summary in
 * examples/nlp/md/neural_machine_translation_with_transformer.md @ 02eb026a13754f2b80093c2cbb845a68203d0253:
 * encoder_inputs and decoder_inputs `[(None, None)]`, positional_embedding `(None, None, 256)` 3,845,120,
 * transformer_encoder `(None, None, 256)` 3,155,456, model_1 (the decoder) `(None, None, 15000)`
 * 12,959,640, total 19,960,216. The source and the target sentences have lengths of their own.
 */
const SEQ2SEQ = `${HEADER}
vocab_size = 15000
sequence_length = 20
embed_dim = 256
latent_dim = 2048
num_heads = 8


class PositionalEmbedding(layers.Layer):
    def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.tokens = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.positions = layers.Embedding(input_dim=sequence_length, output_dim=embed_dim)

    def call(self, inputs):
        where = tf.range(start=0, limit=tf.shape(inputs)[-1], delta=1)
        return self.tokens(inputs) + self.positions(where)


class TransformerEncoder(layers.Layer):
    def __init__(self, embed_dim, dense_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.proj = keras.Sequential([layers.Dense(dense_dim, activation="relu"), layers.Dense(embed_dim)])
        self.norm_1 = layers.LayerNormalization()
        self.norm_2 = layers.LayerNormalization()

    def call(self, inputs):
        x = self.norm_1(inputs + self.attention(query=inputs, value=inputs, key=inputs))
        return self.norm_2(x + self.proj(x))


class TransformerDecoder(layers.Layer):
    def __init__(self, embed_dim, latent_dim, num_heads, **kwargs):
        super().__init__(**kwargs)
        self.self_attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.cross_attention = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.proj = keras.Sequential([layers.Dense(latent_dim, activation="relu"), layers.Dense(embed_dim)])
        self.norm_1 = layers.LayerNormalization()
        self.norm_2 = layers.LayerNormalization()
        self.norm_3 = layers.LayerNormalization()

    def call(self, inputs, encoder_outputs):
        x = self.norm_1(inputs + self.self_attention(query=inputs, value=inputs, key=inputs))
        x = self.norm_2(x + self.cross_attention(query=x, value=encoder_outputs, key=encoder_outputs))
        return self.norm_3(x + self.proj(x))


encoder_inputs = keras.Input(shape=(None,), dtype="int64", name="encoder_inputs")
x = PositionalEmbedding(sequence_length, vocab_size, embed_dim)(encoder_inputs)
encoder_outputs = TransformerEncoder(embed_dim, latent_dim, num_heads)(x)

decoder_inputs = keras.Input(shape=(None,), dtype="int64", name="decoder_inputs")
encoded_seq_inputs = keras.Input(shape=(None, embed_dim), name="decoder_state_inputs")
x = PositionalEmbedding(sequence_length, vocab_size, embed_dim)(decoder_inputs)
x = TransformerDecoder(embed_dim, latent_dim, num_heads)(x, encoded_seq_inputs)
x = layers.Dropout(0.5)(x)
decoder_outputs = layers.Dense(vocab_size, activation="softmax")(x)
decoder = keras.Model([decoder_inputs, encoded_seq_inputs], decoder_outputs)

decoder_outputs = decoder([decoder_inputs, encoder_outputs])
transformer = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs, name="transformer")
transformer.summary()
`;

describe('a keras-io sequence-to-sequence Transformer: source and target lengths of their own', () => {
  it('the summary Keras prints, with F for the source length and F2 for the target one', () => {
    const r = analyze(SEQ2SEQ);
    const model = r.models?.find((m) => m.name === 'transformer');
    const top = model?.layers.filter((l) => (l.depth ?? 0) === 0).map((l) => [l.name ?? l.type, shapeOf(l), l.params]);
    expect(top).toEqual([
      ['encoder_inputs', [null, 'F'], 0],
      ['PositionalEmbedding', [null, 'F', 256], 3_845_120],
      ['TransformerEncoder', [null, 'F', 256], 3_155_456],
      ['decoder', [null, 'F2', 15000], 12_959_640],
    ]);
    expect(alarms(r)).toEqual([]);
  });
});

describe('the counter is replayed exactly', () => {
  // Each text declares sources in a helper (memoised calls), at top level (the statement cache) and
  // in an uncalled builder (kept entry points); the edits add a source above the others, so every
  // later name moves by one.
  const TEXT = `${HEADER}
def seq(width):
    return keras.Input(shape=(None, width))


a = seq(8)
b = seq(8)
c = keras.Input(shape=(None, 8))
m = layers.Concatenate(axis=1)([a, b, c])


def build(width=8):
    x = keras.Input(shape=(None, width))
    return keras.Model(x, layers.Dense(2)(x))


def build_more(width=3):
    x = keras.Input(shape=(None, width))
    return keras.Model(x, layers.Dense(5)(x))
`;
  const EDITS = [TEXT, TEXT.replace('a = seq(8)', 'z = keras.Input(shape=(None, 4))\na = seq(8)'), TEXT, TEXT.replace('\n\ndef build', '\nw = keras.Input(shape=(None, 2))\n\n\ndef build'), TEXT];

  it('memoised calls: the same as running every call', () => {
    for (const text of EDITS) {
      const counts: MemoCounts = { kept: 0, replayed: 0 };
      expect(analyze(text, { memo: counts })).toEqual(analyze(text, { memo: false }));
    }
    expect(shapeOf(ofType(analyze(TEXT), 'layers.Concatenate')[0])).toEqual([null, 'L + L2 + L3', 8]);
  });

  it('the statement cache and kept entry points over edits: the same as a fresh analysis', () => {
    const cache = new SyntaxCache();
    for (const text of [...EDITS, ...EDITS]) expect(analyze(text, { cache })).toEqual(analyze(text));
    // The builder's input comes after the module's three: L4, or L5 with a source added above it.
    const dense = (text: string) => shapeOf(analyze(text, { cache }).layers.find((l) => l.type === 'layers.Dense' && l.outputs[0]?.shape?.[2] === 2));
    expect([dense(TEXT), dense(EDITS[3]!), dense(TEXT)]).toEqual([
      [null, 'L4', 2],
      [null, 'L5', 2],
      [null, 'L4', 2],
    ]);
    // The same text again: both builders are replayed, each moving the count as its run did.
    const { layers } = analyze(TEXT, { cache });
    expect(cache.runs.replayedEntries).toBe(2);
    expect(layers).toEqual(analyze(TEXT).layers);
  });
});
