/**
 * Analysis speed: bare tree-sitter parse vs full analysis (parse + shapes), medians of repeated runs
 * taken in turn, after a warm-up long enough for V8 to optimise the analysis (about 20 runs), on the ResNet-152
 * prototxt, a file 10× its size, and a 2,000-line Keras model file; also the first (cold) run and
 * the heap the analysis result holds; and keras-applications' resnet50.py when it is installed.
 * Prints figures; asserts nothing (target: analysis ≤ 2× parse).
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeTree } from '../server/src/analyzer/analyze.js';
import type { Language } from '../server/src/analysis/types.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../server/src/parsing/languages.js';
import { notebookOf, tenCopies, resnetBlocksPython, resnetHelpersPython } from './inputs.js';
import { parseNotebook } from '../server/src/notebook/nbformat.js';
import { NotebookProgram } from '../server/src/notebook/program.js';

const KERAS_APPLICATIONS = '/usr/lib/python3/dist-packages/keras_applications';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function once(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** Median times of `a` and `b`, run in turn so that a slower spell of the machine hits both alike. */
function timeBoth(warmup: number, runs: number, a: () => void, b: () => void): [number, number] {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(once(a));
    bs.push(once(b));
  }
  return [median(as), median(bs)];
}

/** Heap the analysis result keeps alive (needs node --expose-gc; `?` without it). */
function heldHeapMb(analyse: () => unknown): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return '?';
  gc();
  const before = process.memoryUsage().heapUsed;
  const result = analyse();
  gc();
  const held = process.memoryUsage().heapUsed - before;
  void result;
  return (held / 2 ** 20).toFixed(1);
}

async function main(): Promise<void> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  const resnet = readFileSync('test/data/caffe/resnet152.prototxt', 'utf8');
  const cases: [string, Language, string][] = [
    ['resnet152.prototxt', 'prototxt', resnet],
    ['resnet152 ×10', 'prototxt', tenCopies(resnet)],
    ['2,000-line Keras model', 'python', resnetBlocksPython(2000)],
  ];
  // The same model as a 100-cell notebook: its module is what the analysis reads; reading the
  // JSON and blanking IPython syntax is timed on its own.
  const notebook = notebookOf(resnetBlocksPython(2000), 100);
  const toModule = () => NotebookProgram.of(parseNotebook(notebook)).text;
  cases.push(['…as a 100-cell notebook', 'python', toModule()]);
  cases.push(['Keras ResNet-50 (helpers)', 'python', resnetHelpersPython([3, 4, 6, 3], 'resnet50')]);
  cases.push(['~1,000 layer calls', 'python', resnetHelpersPython([3, 30, 48, 8], 'resnet_3_30_48_8')]);
  const [read] = timeBoth(20, 31, toModule, () => undefined);
  // A keras-applications module opened as is (its builder is an entry point): Debian's
  // python3-keras-applications, installed by the e2e setup; the bench only says when it is missing.
  const application = `${KERAS_APPLICATIONS}/resnet50.py`;
  if (existsSync(application)) cases.push(['keras_applications resnet50', 'python', readFileSync(application, 'utf8')]);
  else console.log(`(missing: ${application}, so no keras-applications figures; apt-get install python3-keras-applications)`);
  console.log('case                      size     lines  parse ms  analysis ms   ratio  cold ms  result heap');
  for (const [name, language, text] of cases) {
    const parser = newParser(languages[language]);
    const analyse = () => {
      const tree = parser.parse(text)!;
      const result = analyzeTree(language, tree, {});
      tree.delete();
      return result;
    };
    const cold = once(analyse);
    // Fewer runs of the 1 MB file (a quarter-second each), still enough for a steady median.
    const big = text.length > 500_000;
    const [parse, analysis] = timeBoth(big ? 5 : 20, big ? 15 : 31, () => parser.parse(text)!.delete(), analyse);
    const kb = `${(text.length / 1024).toFixed(0)} KB`;
    console.log(
      `${name.padEnd(24)} ${kb.padStart(7)} ${String(text.split('\n').length).padStart(8)} ${parse.toFixed(2).padStart(9)} ${analysis.toFixed(2).padStart(12)} ${(analysis / parse).toFixed(2).padStart(6)}× ${cold.toFixed(1).padStart(8)} ${heldHeapMb(analyse).padStart(9)} MB`,
    );
    parser.delete();
  }
  console.log(`100-cell notebook: JSON → module (nbformat read, IPython blanked, cell map) ${read.toFixed(2)} ms`);
}

void main();
