/**
 * Memoised calls (issue 12): a user function called again with equal arguments, the same module
 * names read and no effect but its result and rows replays the first call's run. The analysis must
 * be exactly the one where every call runs — shapes, ranges, default names, diagnostics, fixes and
 * model tables — on every Python file of the suite, keras-applications' own files when installed,
 * and random edits of them, with and without the editor's cache. Expected results are the plain
 * analyses of the same texts; the targeted cases where replaying would be wrong also name the
 * shapes Keras gives (Dense: `(batch, units)`, keras/src/layers/core/dense.py
 * `compute_output_shape`; default names: `backend.unique_object_name`, tf.keras 2.4+ counting from
 * zero without a suffix).
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { resnetBlocksPython, resnetHelpersPython } from '../../bench/inputs.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { analyzePython } from '../../server/src/python/analyze.js';
import type { MemoCounts } from '../../server/src/python/memo.js';
import { SyntaxCache } from '../../server/src/python/syntax.js';
import { pythonFiles } from './python-files.js';
import { randomEdits } from './random-edits.js';

const KERAS_APPLICATIONS = '/usr/lib/python3/dist-packages/keras_applications';

function suiteFiles(): [string, string][] {
  const dirs = ['test', 'examples', ...(existsSync(KERAS_APPLICATIONS) ? [KERAS_APPLICATIONS] : [])];
  return [...pythonFiles(...dirs), ['a 300-line functional ResNet', resnetBlocksPython(300)], ['ResNet-50 through helpers', resnetHelpersPython([3, 4, 6, 3], 'resnet50')]];
}

let parser: Parser;
beforeAll(async () => {
  parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
});

/** The memoised and the plain analysis of `text` (the memoised one with `cache` when given). */
function both(text: string, cache?: SyntaxCache): { memo: AnalysisResult; plain: AnalysisResult; counts: MemoCounts } {
  const tree = parser.parse(text)!;
  const counts: MemoCounts = { kept: 0, replayed: 0 };
  try {
    return { memo: analyzePython(tree, { text, memo: counts, ...(cache ? { cache } : {}) }), plain: analyzePython(tree, { text, memo: false }), counts };
  } finally {
    tree.delete();
  }
}

const shapes = (r: AnalysisResult, type: string) => r.layers.filter((l) => l.type === type).map((l) => l.outputs[0]!.shape);

describe('memoised calls', () => {
  it.each(suiteFiles())('on %s and random edits of it, the memoised analysis is the plain one', (_name, original) => {
    const cache = new SyntaxCache();
    const { memo, plain } = both(original);
    expect(memo).toEqual(plain);
    for (const text of randomEdits(original, 11, 12)) {
      const a = both(text);
      expect(a.memo).toEqual(a.plain);
      const b = both(text, cache);
      expect(b.memo).toEqual(b.plain);
    }
  });

  it('replays a helper called again on the same tensor, and the model table still has both calls', () => {
    // InceptionV3's conv2d_bn(x, 64, 1, 1) twice on one input (keras_applications/inception_v3.py, mixed0).
    const text = `from keras import layers, Input, Model

def conv2d_bn(x, filters, num_row, num_col, padding='same', strides=(1, 1)):
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides, padding=padding, use_bias=False)(x)
    x = layers.BatchNormalization(axis=3, scale=False)(x)
    return layers.Activation('relu')(x)

inputs = Input(shape=(35, 35, 192))
branch1x1 = conv2d_bn(inputs, 64, 1, 1)
branch3x3dbl = conv2d_bn(inputs, 64, 1, 1)
branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
x = layers.concatenate([branch1x1, branch3x3dbl], axis=3)
model = Model(inputs, x)
`;
    const { memo, plain, counts } = both(text);
    expect(counts.replayed).toBe(1);
    expect(memo).toEqual(plain);
    expect(shapes(memo, 'layers.Conv2D')).toEqual([
      [null, 35, 35, 64],
      [null, 35, 35, 64],
      [null, 35, 35, 96],
    ]);
    // Every application is in the model's table: the replayed call's tensors are its own.
    expect(memo.models?.[0]?.layers.filter((l) => l.type === 'layers.Conv2D')).toHaveLength(3);
  });

  it('runs again when a module name the body reads changed between the calls', () => {
    const text = `from tensorflow.keras import layers, Input\nUNITS = 8\n\ndef head(x):\n    return layers.Dense(UNITS, name='fc')(x)\n\ninputs = Input(shape=(16,))\na = head(inputs)\nUNITS = 16\nb = head(inputs)\nc = head(inputs)\n`;
    const { memo, plain, counts } = both(text);
    expect(memo).toEqual(plain);
    expect(shapes(memo, 'layers.Dense')).toEqual([
      [null, 8],
      [null, 16],
      [null, 16],
    ]);
    expect(counts.replayed).toBe(1);
  });

  it('never keeps a call that appends to a module list, or one that changes a list it is given', () => {
    const text = `from tensorflow.keras import layers, Input
outs = []

def tap(x):
    outs.append(x)
    return layers.Dense(4, name='tap')(x)

def grow(x, acc):
    acc.append(1)
    return layers.Dense(len(acc), name='grow')(x)

inputs = Input(shape=(16,))
a = tap(inputs)
b = tap(inputs)
wide = layers.Dense(len(outs), name='wide')(inputs)
first = []
c = grow(inputs, first)
second = []
d = grow(inputs, second)
after = layers.Dense(len(second) + 10, name='after')(inputs)
`;
    const { memo, plain, counts } = both(text);
    expect(memo).toEqual(plain);
    expect(counts.kept).toBe(0);
    const byName = (n: string) => memo.layers.filter((l) => l.name === n).map((l) => l.outputs[0]!.shape);
    expect(byName('wide')).toEqual([[null, 2]]);
    expect(byName('grow')).toEqual([
      [null, 1],
      [null, 1],
    ]);
    expect(byName('after')).toEqual([[null, 11]]);
  });

  it('gives each call its own default layer names', () => {
    const text = `from tensorflow.keras import layers, Input\n\ndef head(x):\n    return layers.Dense(4)(x)\n\ninputs = Input(shape=(16,))\na = head(inputs)\nb = head(inputs)\n`;
    const { memo, plain } = both(text);
    expect(memo).toEqual(plain);
    expect(memo.layers.filter((l) => l.type === 'layers.Dense').map((l) => l.name)).toEqual(['dense', 'dense_1']);
  });

  it('tells closures of one definition apart, and a module counter a call bumps', () => {
    const text = `from tensorflow.keras import layers, Input
count = 0

def make(units):
    def dense(x):
        return layers.Dense(units, name='d')(x)
    return dense

def bump(x):
    global count
    count += 1
    return layers.Dense(3, name='bump')(x)

inputs = Input(shape=(16,))
a = make(4)(inputs)
b = make(8)(inputs)
c = bump(inputs)
d = bump(inputs)
e = layers.Dense(count, name='count')(inputs)
`;
    const { memo, plain } = both(text);
    expect(memo).toEqual(plain);
    expect(shapes(memo, 'layers.Dense').slice(0, 2)).toEqual([
      [null, 4],
      [null, 8],
    ]);
    expect(memo.layers.find((l) => l.name === 'count')!.outputs[0]!.shape).toEqual([null, 2]);
  });
});
