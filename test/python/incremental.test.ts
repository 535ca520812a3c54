/**
 * Incremental interpretation (issue 12): with the editor's cache, top-level statements the edit
 * left alone are replayed from the last analysis instead of run. The analysis must be exactly the
 * one a fresh run gives — shapes, ranges, anchors, default names, diagnostics, fixes and model
 * tables — on every Python file of the suite and over seeded runs of random edits. The expected
 * results are the uncached analyses of the same texts (no hand-written numbers here).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { resnetBlocksPython } from '../../bench/inputs.js';
import { MemoryFiles } from '../../server/src/analyzer/files.js';
import { SearchPathResolver } from '../../server/src/analyzer/resolver.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { analyzePython, type PythonOptions } from '../../server/src/python/analyze.js';
import { SyntaxCache } from '../../server/src/python/syntax.js';
import { suitePythonFiles } from './helpers.js';
import { randomEdits } from './random-edits.js';

/**
 * Helpers called several times, a global counter a function bumps, a list a function appends to,
 * a tuple of tensors, a branch on a module name, default layer names, an error diagnostic with a
 * fix (a kernel larger than its input), an unknown class and a model summary.
 */
const HELPERS = `import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
import keras_cv

FILTERS = 32
WIDTH = 64
stages = []
count = 0


def conv_bn(x, filters, kernel=3):
    x = layers.Conv2D(filters, kernel, padding='same')(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


def block(x, filters):
    global count
    count += 1
    y = conv_bn(x, filters)
    y = conv_bn(y, filters)
    return layers.Add()([x, y])


def head(x):
    stages.append(x)
    return layers.Dense(WIDTH)(layers.GlobalAveragePooling2D()(x))


inputs = keras.Input(shape=(64, 64, 3))
x = conv_bn(inputs, FILTERS)
x = block(x, FILTERS)
pair = (x, inputs)
x = layers.MaxPooling2D()(pair[0])
x = block(x, FILTERS)
bad = layers.Conv2D(8, 100)(inputs)
aug = keras_cv.layers.RandAugment(value_range=(0, 255))(inputs)
if count > 1:
    x = layers.Dropout(0.5)(x)
outputs = head(x)
extra = layers.Dense(10)(stages[0])
model = keras.Model(inputs, outputs)
model.summary()
`;

/** Every Python file the suite keeps (fixtures, examples) and the generated benchmark model. */
function suiteFiles(): [string, string][] {
  return [...suitePythonFiles(), ['helpers called several times', HELPERS], ['a 300-line functional ResNet', resnetBlocksPython(300)]];
}

let parser: Parser;
beforeAll(async () => {
  parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
});

function analyses(text: string, cache: SyntaxCache, options: PythonOptions = {}): { cached: unknown; plain: unknown } {
  const tree = parser.parse(text)!;
  try {
    return { cached: analyzePython(tree, { ...options, cache, text }), plain: analyzePython(tree, { ...options, text }) };
  } finally {
    tree.delete();
  }
}

describe('incremental interpretation', () => {
  it.each(suiteFiles())('on %s, the cached analysis of the file, of it again and of random edits is the fresh one', (_name, original) => {
    const cache = new SyntaxCache();
    for (let i = 0; i < 2; i++) {
      const { cached, plain } = analyses(original, cache);
      expect(cached).toEqual(plain);
    }
    for (const text of randomEdits(original, 7, 30)) {
      const { cached, plain } = analyses(text, cache);
      expect(cached).toEqual(plain);
    }
  });

  it('replays the statements an edit left alone', () => {
    const cache = new SyntaxCache();
    const text = resnetBlocksPython(300);
    analyses(text, cache);
    const at = text.indexOf('Conv2D(64', text.length / 2) + 'Conv2D(6'.length;
    const { cached, plain } = analyses(`${text.slice(0, at)}5${text.slice(at + 1)}`, cache);
    expect(cached).toEqual(plain);
    const statements = text.split('\n').filter((l) => l.trim() !== '').length;
    // The edited statement and the few after it whose input changed run; the rest replay.
    expect(cache.runs.replayed).toBeGreaterThan(statements - 10);
    expect(cache.runs.replayed).toBeLessThan(statements);
  });

  it('replays what follows an edit that changed everything after it once the edit is undone, and again when it is redone', () => {
    const cache = new SyntaxCache();
    const text = resnetBlocksPython(300);
    // 256 → 257 channels in a bottleneck's last conv: its Add cannot broadcast, and every shape after it is unknown.
    const at = text.indexOf('Conv2D(256', text.length / 2) + 'Conv2D(25'.length;
    const edited = `${text.slice(0, at)}7${text.slice(at + 1)}`;
    const statements = text.split('\n').filter((l) => l.trim() !== '').length;
    const replayed = (t: string): number => {
      const { cached, plain } = analyses(t, cache);
      expect(cached).toEqual(plain);
      return cache.runs.replayed;
    };
    replayed(text);
    // The first time, what follows the Add runs again; after that, each statement's run from two analyses ago replays.
    expect(replayed(edited)).toBeLessThan(statements / 2 + 10);
    expect(replayed(text)).toBeGreaterThan(statements - 10);
    expect(replayed(edited)).toBeGreaterThan(statements - 10);
    expect(replayed(text)).toBeGreaterThan(statements - 10);
  });

  it('resumes at the last boundary before the edit, before a line an edit moved, and after a syntax error mended', () => {
    const cache = new SyntaxCache();
    const text = resnetBlocksPython(300);
    const resumed = (t: string): number => {
      const { cached, plain } = analyses(t, cache);
      expect(cached).toEqual(plain);
      return cache.runs.resumed;
    };
    expect(resumed(text)).toBe(0);
    // A width in the last block: at most a boundary's spacing (64 statements) before the edit replays one by one.
    const last = text.lastIndexOf('Conv2D(64') + 'Conv2D(6'.length;
    const before = text.slice(0, last).split('\n').filter((l) => l.trim() !== '').length;
    expect(resumed(`${text.slice(0, last)}5${text.slice(last + 1)}`)).toBeGreaterThan(before - 65);
    expect(cache.runs.resumed).toBeLessThan(before);
    // Undone: the boundaries of the edited analysis before the edit still hold.
    expect(resumed(text)).toBeGreaterThan(before - 65);
    // A syntax error in the first line runs every statement; the edit that mends it resumes at the clean analysis' last boundary.
    expect(resumed(`F${text.slice(1)}`)).toBe(0);
    expect(resumed(text)).toBeGreaterThan(text.split('\n').filter((l) => l.trim() !== '').length - 65);
    // A blank line near the start moves every statement after it: their nodes are the same, their places are not.
    const second = text.indexOf('\n', text.indexOf('\n') + 1) + 1;
    expect(resumed(`${text.slice(0, second)}\n${text.slice(second)}`)).toBe(0);
  });

  it('after an edit, takes what the analysis before the last did from a boundary to the next where its state is this one\'s, and not where a line moved', () => {
    const cache = new SyntaxCache();
    const text = resnetBlocksPython(300);
    const statements = text.split('\n').filter((l) => l.trim() !== '').length;
    // 256 → 257 channels in a bottleneck's last conv: every shape after the next Add changes.
    const at = text.indexOf('Conv2D(256', text.length / 3) + 'Conv2D(25'.length;
    const cascade = `${text.slice(0, at)}7${text.slice(at + 1)}`;
    const resumed = (t: string): number => {
      const { cached, plain } = analyses(t, cache);
      expect(cached).toEqual(plain);
      return cache.runs.resumed;
    };
    resumed(text);
    const before = text.slice(0, at).split('\n').filter((l) => l.trim() !== '').length;
    // The first time, what follows the edit runs; undone, it is the first analysis' again, boundary by boundary.
    expect(resumed(cascade)).toBeLessThan(before);
    expect(resumed(text)).toBeGreaterThan(statements - 65 - 65);
    expect(resumed(cascade)).toBeGreaterThan(statements - 65 - 65);
    // Undone with a blank line two thirds down: the statements after it sit a line lower than in any earlier analysis.
    const blank = text.indexOf('\n', (2 * text.length) / 3) + 1;
    const moved = resumed(`${text.slice(0, blank)}\n${text.slice(blank)}`);
    const above = text.slice(0, blank).split('\n').filter((l) => l.trim() !== '').length;
    expect(moved).toBeLessThanOrEqual(above);
    expect(moved).toBeGreaterThan(before - 65);
  });

  it('resumes after no statement that must run each time: an import of a file', () => {
    const files = new Map([['/proj/main.py', ''], ['/proj/blocks.py', 'WIDTH = 8\n']]);
    const resolver = new SearchPathResolver(new MemoryFiles(files), ['/proj']);
    const body = resnetBlocksPython(300).split('\n');
    const text = [...body.slice(0, 2), 'from blocks import WIDTH', ...body.slice(2)].join('\n');
    const cache = new SyntaxCache();
    for (const t of [text, text.replace(/Conv2D\(64(?![\s\S]*Conv2D\(64)/, 'Conv2D(65')]) {
      const { cached, plain } = analyses(t, cache, { modules: { resolver, file: '/proj/main.py' } });
      expect(cached).toEqual(plain);
      expect(cache.runs.resumed).toBe(0);
    }
  });

  it('is the fresh analysis when edits to helpers, constants and calls are undone and redone', () => {
    const cache = new SyntaxCache();
    const edits = [HELPERS.replace('kernel=3', 'kernel=5'), HELPERS.replace('FILTERS = 32', 'FILTERS = 16'), HELPERS.replace('x = block(x, FILTERS)\npair', 'x = block(x, 8)\npair'), HELPERS.replace('count += 1', 'count += 2')];
    for (const edited of edits) {
      expect(edited).not.toBe(HELPERS);
      for (const text of [HELPERS, edited, HELPERS, edited, HELPERS]) {
        const { cached, plain } = analyses(text, cache);
        expect(cached).toEqual(plain);
      }
    }
  });

  it('takes the rows and model tables of two analyses back when an edit undone or redone leaves every row as it was then', () => {
    const cache = new SyntaxCache();
    const text = resnetBlocksPython(300);
    // A syntax error in the first line (tree-sitter reads \`import keras\` in it): the rows after it
    // are equal under both texts; from the third analysis on, each text's rows are those its last
    // analysis made.
    const edited = `F${text.slice(1)}`;
    const reused = (t: string): number => {
      const before = cache.runs.tablesReused;
      const { cached, plain } = analyses(t, cache);
      expect(cached).toEqual(plain);
      return cache.runs.tablesReused - before;
    };
    expect([reused(text), reused(edited), reused(text), reused(edited), reused(text), reused(edited)]).toEqual([0, 0, 1, 1, 1, 1]);
  });

  it('takes the last rows and model tables when an edit leaves every row and model alone, and not when a shape or a place changed', () => {
    const cache = new SyntaxCache();
    const text = resnetBlocksPython(300);
    analyses(text, cache);
    const reused = (edited: string): number => {
      const before = cache.runs.tablesReused;
      const { cached, plain } = analyses(edited, cache);
      expect(cached).toEqual(plain);
      return cache.runs.tablesReused - before;
    };
    const comment = text.indexOf('#', text.length / 2) + 2;
    const at = text.indexOf('Conv2D(64', text.length / 2) + 'Conv2D(6'.length;
    // A comment's letter: the same rows. A size: new rows. A line above the model: it moved.
    expect([reused(`${text.slice(0, comment)}X${text.slice(comment + 1)}`), reused(text), reused(`${text.slice(0, at)}5${text.slice(at + 1)}`), reused(text.replace('model = ', '\nmodel = '))]).toEqual([1, 1, 0, 0]);
  });

  it('runs again what reads a name a star import resolves when the star import changes', () => {
    const cache = new SyntaxCache();
    for (const module of ['layers', 'losses', 'layers']) {
      const { cached, plain } = analyses(`from tensorflow import keras\nfrom tensorflow.keras.${module} import *\n\ninputs = keras.Input(shape=(8,))\nx = Dense(3)(inputs)\n`, cache);
      expect(cached).toEqual(plain);
    }
  });

  it('runs again what imports or reads a file, which may appear or change between analyses', () => {
    const main = 'from tensorflow import keras\nfrom blocks import stem\n\ninputs = keras.Input(shape=(32, 32, 3))\nx = stem(inputs)\ny = keras.layers.Flatten()(x)\n';
    const blocks = (filters: number) => `from tensorflow.keras import layers\n\ndef stem(x):\n    return layers.Conv2D(${filters}, 3)(x)\n`;
    const cache = new SyntaxCache();
    // Not there yet, then written, then changed: the same document text each time.
    for (const filters of [null, 8, 16]) {
      const files = new Map([['/proj/main.py', main], ...(filters === null ? [] : [['/proj/blocks.py', blocks(filters)] as const])]);
      const resolver = new SearchPathResolver(new MemoryFiles(files), ['/proj']);
      const { cached, plain } = analyses(main, cache, { modules: { resolver, file: '/proj/main.py' } });
      expect(cached).toEqual(plain);
    }
  });
});

describe('entry points kept across analyses', () => {
  /** keras-applications' shape: a builder nobody in the file calls, over helpers (keras_applications/resnet50.py). */
  const LIBRARY = `from tensorflow.keras import layers, models

WIDTH = 64


def conv_bn(x, filters, name):
    x = layers.Conv2D(filters, 3, padding='same', name=name + '_conv')(x)
    return layers.BatchNormalization(name=name + '_bn')(x)


def build(input_shape=(32, 32, 3), classes=10):
    inputs = layers.Input(shape=input_shape)
    x = conv_bn(inputs, WIDTH, 'stem')
    x = conv_bn(x, WIDTH * 2, 'block1')
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(classes, name='fc')(x)
    return models.Model(inputs, outputs, name='net')
`;

  it('replays an uncalled builder when the edit left it and what it reads alone, and runs it again when not', () => {
    const cache = new SyntaxCache();
    analyses(LIBRARY, cache);
    // A comment below the builder leaves it in place; one above moves it (its rows move with it).
    const replays = [`${LIBRARY}# a note\n`, `${LIBRARY}# a note\n`, LIBRARY.replace('WIDTH = 64', 'WIDTH = 32'), `# top\n${LIBRARY}`, `# top\n${LIBRARY}# end\n`].map((text) => {
      const { cached, plain } = analyses(text, cache);
      expect(cached).toEqual(plain);
      return cache.runs.replayedEntries;
    });
    // Not replayed after WIDTH, which it reads, changed, nor where it moved.
    expect(replays).toEqual([1, 1, 0, 0, 1]);
    const { plain } = analyses(LIBRARY, cache);
    const fc = (plain as { layers: { name: string | null; outputs: { shape: unknown }[] }[] }).layers.find((l) => l.name === 'fc');
    // Dense(classes) on the pooled features: (batch, classes) — keras/src/layers/core/dense.py compute_output_shape.
    expect(fc?.outputs[0]?.shape).toEqual([null, 10]);
  });
});
