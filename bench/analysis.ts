/**
 * Analysis speed: bare tree-sitter parse vs full analysis (parse + shapes), median of repeated
 * runs, on the ResNet-152 prototxt, a file 10× its size, and a 2,000-line Keras model file.
 * Prints figures; asserts nothing (targets: analysis ≤ 2× parse; see README).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeTree } from '../server/src/analysis/analyze.js';
import type { Language } from '../server/src/analysis/types.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../server/src/parsing/languages.js';
import { tenCopies, resnetBlocksPython } from './inputs.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(runs: number, f: () => void): number {
  f(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  const resnet = readFileSync('../shared/corpus/caffe/resnet152.prototxt', 'utf8');
  const cases: [string, Language, string][] = [
    ['resnet152.prototxt', 'prototxt', resnet],
    ['resnet152 ×10', 'prototxt', tenCopies(resnet)],
    ['2,000-line Keras model', 'python', resnetBlocksPython(2000)],
  ];
  console.log('case                      size      lines   parse ms   analysis ms   ratio');
  for (const [name, language, text] of cases) {
    const parser = newParser(languages[language]);
    const runs = text.length > 500_000 ? 9 : 31;
    const parse = time(runs, () => parser.parse(text)!.delete());
    const analysis = time(runs, () => {
      const tree = parser.parse(text)!;
      analyzeTree(language, tree, {});
      tree.delete();
    });
    const kb = `${(text.length / 1024).toFixed(0)} KB`;
    console.log(
      `${name.padEnd(24)} ${kb.padStart(7)} ${String(text.split('\n').length).padStart(8)} ${parse.toFixed(2).padStart(10)} ${analysis.toFixed(2).padStart(13)} ${(analysis / parse).toFixed(2).padStart(7)}×`,
    );
    parser.delete();
  }
}

void main();
