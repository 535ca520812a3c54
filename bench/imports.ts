/**
 * Imports (issue 8 §2): a project of 50 small modules importing each other (cycles included),
 * analysed through an in-memory resolver, against the same code in one file (target: ≤ 2× the one
 * file); and a user file that imports keras-applications' ResNet50 from the installed package,
 * cold (first analysis: files read and parsed) and warm (an editor's caches). Prints figures.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeTree } from '../server/src/analyzer/analyze.js';
import { DiskFiles } from '../server/src/analyzer/disk.js';
import { MemoryFiles } from '../server/src/analyzer/files.js';
import { projectResolver, SearchPathResolver } from '../server/src/analyzer/resolver.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../server/src/parsing/languages.js';
import { ImportedTrees, type ModuleOptions } from '../server/src/python/modules.js';

const MODULES = 50;

function block(i: number): string {
  return [
    `def block_${i}(x):`,
    `    x = layers.Conv2D(${8 + (i % 4) * 8}, 3, padding='same', name='c${i}')(x)`,
    `    x = layers.BatchNormalization(name='bn${i}')(x)`,
    `    return layers.Activation('relu', name='r${i}')(x)`,
  ].join('\n');
}

function project(): { files: Map<string, string>; single: string } {
  const files = new Map<string, string>();
  for (let i = 0; i < MODULES; i++) {
    const imports = [`import m${(i + 1) % MODULES}`, ...(i > 0 ? [`from m${i - 1} import block_${i - 1}`] : [])];
    files.set(`/bench/m${i}.py`, ['from tensorflow.keras import layers', ...imports, '', block(i), ''].join('\n'));
  }
  const calls = ['inputs = keras.Input(shape=(64, 64, 3))', 'x = inputs', ...Array.from({ length: MODULES }, (_, i) => `x = block_${i}(x)`), 'model = keras.Model(inputs, x)'];
  const main = ['from tensorflow import keras', ...Array.from({ length: MODULES }, (_, i) => `from m${i} import block_${i}`), '', ...calls, ''].join('\n');
  files.set('/bench/main.py', main);
  const single = ['from tensorflow import keras', 'from tensorflow.keras import layers', '', ...Array.from({ length: MODULES }, (_, i) => block(i)), '', ...calls, ''].join('\n');
  return { files, single };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  const parser = newParser(languages.python);
  const run = (text: string, modules?: ModuleOptions): { ms: number; layers: number } => {
    const t0 = performance.now();
    const tree = parser.parse(text)!;
    const r = analyzeTree('python', tree, modules ? { modules } : {});
    tree.delete();
    return { ms: performance.now() - t0, layers: r.layers.length };
  };
  const { files, single } = project();
  const resolver = new SearchPathResolver(new MemoryFiles(files), ['/bench']);
  const editorTrees = new ImportedTrees();
  const main = files.get('/bench/main.py')!;
  const cases: [string, () => { ms: number; layers: number }][] = [
    ['one file', () => run(single)],
    ['50 modules, trees kept', () => run(main, { resolver, file: '/bench/main.py', trees: editorTrees })],
    ['50 modules, all parsed', () => run(main, { resolver, file: '/bench/main.py' })],
  ];
  for (let i = 0; i < 20; i++) for (const [, f] of cases) f();
  const times = cases.map(() => [] as number[]);
  let layers: number[] = [];
  for (let i = 0; i < 31; i++) layers = cases.map(([, f], c) => (times[c]!.push(f().ms), f().layers));
  console.log(`\nimports: ${MODULES} modules importing each other vs the same code in one file (median of 31)`);
  const base = median(times[0]!);
  cases.forEach(([name], c) => console.log(`  ${name.padEnd(24)} ${median(times[c]!).toFixed(2).padStart(8)} ms  ${(median(times[c]!) / base).toFixed(2)}×  ${layers[c]} rows`));

  const pkg = '/usr/lib/python3/dist-packages/keras_applications/resnet50.py';
  if (!existsSync(pkg)) {
    console.log('  keras-applications: not installed here (python3-keras-applications), skipped');
    return;
  }
  const user = 'import keras\nfrom keras_applications.resnet50 import ResNet50\nmodel = ResNet50(weights=None, backend=keras.backend, layers=keras.layers, models=keras.models, utils=keras.utils)\n';
  const disk = new DiskFiles();
  const env = { projectRoots: ['/tmp'], extraPaths: [], home: null, interpreterPath: null };
  const trees = new ImportedTrees();
  const cold = run(user, { resolver: projectResolver(disk, env), file: '/tmp/user.py', trees });
  const warm: number[] = [];
  for (let i = 0; i < 21; i++) warm.push(run(user, { resolver: projectResolver(disk, env), file: '/tmp/user.py', trees }).ms);
  console.log(`  keras-applications ResNet50 imported: cold ${cold.ms.toFixed(1)} ms, warm ${median(warm).toFixed(1)} ms (median of 21), ${cold.layers} rows`);
}

void main();
