/**
 * A Python file just under the 8 M-character cap, in process (issue 11 §4): the CPU time and
 * memory of its parse and syntax copy (python/parse.ts: in parts, each tree freed once copied)
 * against one whole parse and copy (what an editor's tree gives), then the analysis as the CLI
 * runs it. Twice: the generated Keras blocks (bench/inputs.ts), whose BatchNormalization and
 * Activation lines repeat (a statement written again is copied in JS), and the same file with a
 * `name=` on every layer, so that no statement repeats. CPU times, not wall: the machine is
 * shared. Prints figures; asserts nothing.
 * Usage: node --expose-gc dist/bench-big-file.cjs [characters, default the cap]
 */
import { buildTree } from '../server/src/python/syntax-copy.js';
import { parseModule } from '../server/src/python/parse.js';
import { analyzeText } from '../server/src/analyzer/analyze.js';
import { MAX_SOURCE_CHARS } from '../server/src/analyzer/sources.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../server/src/parsing/languages.js';
import { resnetBlocksNear } from './inputs.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** CPU time of `f`, and the JS heap its result holds (after a full GC) and the process's RSS then. */
function measure<T>(f: () => T): { ms: number; heap: number; rss: number; result: T } {
  gc!();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = cpuMs();
  const result = f();
  const ms = cpuMs() - t0;
  gc!();
  const m = process.memoryUsage();
  return { ms, heap: m.heapUsed - heap0, rss: m.rss, result };
}

/** The generated file with a `name=` on every layer call that had none: no two statements alike. */
function unique(text: string, size: number): string {
  let n = 0;
  const named = text.replace(/(BatchNormalization|Add)\(\)/g, (_m, layer: string) => `${layer}(name='u${n++}')`).replace(/Activation\('relu'\)/g, () => `Activation('relu', name='u${n++}')`);
  const lines = named.split('\n');
  // Cut back under the cap at a statement boundary, keeping the model's last two lines.
  const tail = lines.slice(-3);
  let body = lines.slice(0, -3);
  while (body.join('\n').length + tail.join('\n').length + 1 > size) body = body.slice(0, -100);
  return [...body, ...tail].join('\n');
}

async function main(): Promise<void> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  const parser = newParser(languages.python);
  const size = Number(process.argv[2] ?? MAX_SOURCE_CHARS);
  const { text } = resnetBlocksNear(size);
  for (const [name, source] of [
    ['generated Keras blocks', text],
    ['the same, every statement unique', unique(text, size)],
  ] as const) {
    console.log(`\n${name}: ${(source.length / 1e6).toFixed(2)} M characters, ${source.split('\n').length.toLocaleString('en-US')} lines`);
    const whole = measure(() => {
      const tree = parser.parse(source)!;
      try {
        return buildTree(tree, source);
      } finally {
        tree.delete();
      }
    });
    console.log(`  whole parse + copy      ${(whole.ms / 1000).toFixed(1)} s CPU, copy holds ${mb(whole.heap)}, RSS after ${mb(whole.rss)} (WebAssembly's heap never shrinks)`);
    const parts = measure(() => parseModule(parser, source));
    console.log(`  in parts + copy         ${(parts.ms / 1000).toFixed(1)} s CPU, copy holds ${mb(parts.heap)}`);
    const analysis = measure(() => analyzeText(languages, 'python', source));
    console.log(`  analyzeText (the CLI's) ${(analysis.ms / 1000).toFixed(1)} s CPU, result holds ${mb(analysis.heap)}, ${analysis.result.layers.length.toLocaleString('en-US')} layer rows`);
}
}

void main();
