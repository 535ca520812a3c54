/**
 * Reusing the top-level statements an earlier analysis of the same document copied (what the
 * editor does on every edit) gives exactly the analysis a fresh copy gives: shapes, ranges,
 * anchors, diagnostics and fixes. The expected results are the uncached analyses of the same texts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resnetBlocksPython } from '../../bench/inputs.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { analyzePython } from '../../server/src/python/analyze.js';
import { SyntaxCache } from '../../server/src/python/syntax.js';
import { randomEdits } from './random-edits.js';

/** Functions, a subclassed model, Sequential with add(), tf.nn and a SAME conv that offers a refactor. */
const MIXED = `import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def conv_bn(x, filters, kernel=3, strides=1):
    x = layers.Conv2D(filters, kernel, strides=strides, padding='same', use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


class Block(keras.Model):
    def __init__(self, filters):
        super().__init__()
        self.conv = layers.Conv2D(filters, 3, padding='same')
        self.pool = layers.MaxPooling2D(2)

    def call(self, x):
        return self.pool(self.conv(x))


inputs = keras.Input(shape=(224, 224, 3))
x = conv_bn(inputs, 32, strides=2)
x = conv_bn(x, 64)
x = Block(128)(x)
y = tf.nn.conv2d(x, tf.zeros([3, 3, 128, 16]), strides=2, padding='SAME')

head = keras.Sequential()
head.add(layers.GlobalAveragePooling2D())
head.add(layers.Dense(10))
outputs = head(x)
model = keras.Model(inputs, outputs)
`;

const FILES: [string, string][] = [
  ['a mixed Keras file', MIXED],
  ['official_resnet_stem.py', readFileSync('examples/official_resnet_stem.py', 'utf8')],
  ['deconv_seed.py', readFileSync('examples/deconv_seed.py', 'utf8')],
  ['a 300-line functional ResNet', resnetBlocksPython(300)],
];

describe('SyntaxCache', () => {
  it.each(FILES)('over a run of random edits of %s, gives what a fresh analysis gives', async (_name, original) => {
    const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
    const parser = newParser(languages.python);
    const cache = new SyntaxCache();
    const first = parser.parse(original)!;
    const layers = analyzePython(first, { cache }).layers;
    first.delete();
    expect(layers.length).toBeGreaterThan(1);
    if (original === MIXED) expect(layers.some((l) => l.actions.length > 0)).toBe(true); // the refactor of conv_bn's SAME conv
    for (const text of randomEdits(original, 5, 40)) {
      const tree = parser.parse(text)!;
      expect(analyzePython(tree, { cache })).toEqual(analyzePython(tree));
      tree.delete();
    }
  });
});
