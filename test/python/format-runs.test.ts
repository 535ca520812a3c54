/**
 * A Keras 2 file that reads image_data_format runs again under the other format only when it has
 * an alarm that may rest on the format (python/analyze.ts): a syntax error is found before anything
 * runs, the same under both, so it alone needs no second run (issue 12: the first-line edit).
 * Sources: the config cases of config.test.ts (Keras 2.2 keras/backend/common.py
 * `image_data_format`; Keras' conv_output_length: valid L − k + 1, an output below 1 is rejected).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { analyzePython } from '../../server/src/python/analyze.js';
import { SyntaxCache } from '../../server/src/python/syntax.js';

let parser: Parser;
beforeAll(async () => {
  parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
});

/** `text` analysed twice with one cache: the analysis, and the statements the second one replayed (summed over its runs). */
function replayedTwice(text: string): { result: AnalysisResult; replayed: number } {
  const cache = new SyntaxCache();
  const tree = parser.parse(text)!;
  try {
    analyzePython(tree, { cache, text });
    const result = analyzePython(tree, { cache, text });
    return { result, replayed: cache.runs.replayed };
  } finally {
    tree.delete();
  }
}

const severities = (r: AnalysisResult) => r.diagnostics.map((d) => [d.severity, d.code]);

describe('the run under the other image_data_format', () => {
  // Four statements without error: the imports, the input, the conv (which reads the format).
  const body = 'from tensorflow import keras\nfrom tensorflow.keras import layers\nx = keras.Input(shape=(32, 32, 3))\ny = layers.Conv2D(8, 3)(x)\n';

  it('is not made for a file whose only alarm is a syntax error', () => {
    const { result, replayed } = replayedTwice(`${body}z = (\n`);
    expect(severities(result)).toEqual([['error', 'syntax-error']]);
    expect(replayed).toBe(4);
  });

  it('is made when an alarm may rest on the format, a syntax error beside it', () => {
    // 1 row under channels_last (3×3 kernel: 1 − 3 + 1 < 1), 28×28 under channels_first.
    const { result, replayed } = replayedTwice(`${body}w = layers.Conv2D(8, 3)(keras.Input(shape=(1, 28, 28)))\nz = (\n`);
    expect(severities(result)).toEqual([
      ['information', 'non-positive-output'],
      ['error', 'syntax-error'],
    ]);
    expect(replayed).toBe(10);
  });

  // The other run only answers whether it reports the first run's alarms: it stops after the
  // top-level statement during which the first run reported its last one.
  const tail = 'a = layers.Dense(4)(y)\nb = layers.Dense(4)(a)\nc = layers.Dense(4)(b)\n';

  it('stops after the statement of the last alarm: the statements after it are not run again', () => {
    // The body's 4 statements, the bad conv, 3 more. Second analysis: the first run replays all 8,
    // the other run its first 5 (through the conv), not the 3 after it (a whole run: 16).
    const { result, replayed } = replayedTwice(`${body}w = layers.Conv2D(8, 3)(keras.Input(shape=(1, 28, 28)))\n${tail}`);
    expect(severities(result)).toEqual([['information', 'non-positive-output']]);
    expect(replayed).toBe(8 + 5);
  });

  it('an alarm in a function body counts at the statement that called it, not at the def', () => {
    // The def comes first, its call last: the other run must reach the call to see that the conv
    // runs under channels_first, so the alarm is still demoted (information), as with a whole run.
    const text = `def stem(t):\n    return layers.Conv2D(8, 3)(t)\n${body}${tail}w = stem(keras.Input(shape=(1, 28, 28)))\n`;
    const { result } = replayedTwice(text);
    expect(severities(result)).toEqual([['information', 'non-positive-output']]);
  });

  it('an alarm under both formats stays an error', () => {
    // Input 2×2 with 3 channels last or 3 rows first: a 3×3 valid conv is below 1 under both.
    const { result } = replayedTwice(`${body}w = layers.Conv2D(8, 3)(keras.Input(shape=(2, 2, 2)))\n${tail}`);
    expect(severities(result).filter(([s]) => s === 'error').length).toBeGreaterThan(0);
  });
});
