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
});
