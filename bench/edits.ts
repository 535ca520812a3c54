/**
 * Edit → fresh analysis in process, as the server does it per edit (incremental re-parse of the
 * old tree, then the analysis with the document's cache), at four places of each file: the first
 * line, a comment after the middle, a layer's argument after the middle (a number + 1, so shapes
 * downstream change), the last line. Each place is edited and undone in turn; p50/p95 per place,
 * the process CPU time per edit (p50/p95: on a shared machine wall times mostly measure the wait
 * for a core), the worst p95, the statements and entry points replayed (`1997+0`, summed over the
 * kinds of run the document has had), and the same analysis without a cache. Prints figures;
 * asserts nothing (target: edit → hints p95 ≤ 15 ms, of which this is the analysis part). An argument
 * keeps only the files whose name starts with it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import { analyzeEditedPython, analyzeTree, DocumentCache } from '../server/src/analyzer/analyze.js';
import { computeEdit } from '../server/src/lsp/textDiff.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../server/src/parsing/languages.js';
import { parseNotebook } from '../server/src/notebook/nbformat.js';
import { NotebookProgram } from '../server/src/notebook/program.js';
import { editPlaces, notebookOf, resnetBlocksPython, resnetHelpersPython } from './inputs.js';

const EDITS = 40;
const KERAS_APPLICATIONS = '/usr/lib/python3/dist-packages/keras_applications/resnet50.py';

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

/** The server's per-edit work: the old tree edited and re-parsed incrementally, then analysed with the cache. */
class Document {
  private tree: Tree;
  readonly cache = new DocumentCache();
  constructor(
    private readonly parser: Parser,
    private text: string,
  ) {
    this.tree = parser.parse(text)!;
    analyzeTree('python', this.tree, { cache: this.cache, text });
  }
  /** The server's path (lsp/worker.ts): the statements the edit touched parsed again, else the whole tree re-parsed. */
  change(text: string): void {
    if (analyzeEditedPython(this.parser, text, { cache: this.cache })) return;
    this.parse(text);
    analyzeTree('python', this.tree, { cache: this.cache, text });
  }
  /** The tree of `text`, re-parsed incrementally from the last one parsed (maybe several edits ago). */
  parse(text: string): void {
    if (text === this.text) return;
    const change = computeEdit(this.text, text);
    if (change) this.tree.edit(new Edit(change));
    const tree = this.parser.parse(text, this.tree)!;
    this.tree.delete();
    this.tree = tree;
    this.text = text;
  }
  /** The analysis of the tree without a cache (bring the tree to the text first: `parse`). */
  plain(): void {
    analyzeTree('python', this.tree, { text: this.text });
  }
}

async function main(): Promise<void> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  const files: [string, string][] = [
    ['2,000-line Keras model', resnetBlocksPython(2000)],
    ['…as a 100-cell notebook', NotebookProgram.of(parseNotebook(notebookOf(resnetBlocksPython(2000), 100))).text],
    ['Keras ResNet-50 (helpers)', resnetHelpersPython([3, 4, 6, 3], 'resnet50')],
    ['~1,000 layer calls (helpers)', resnetHelpersPython([3, 30, 48, 8], 'resnet_3_30_48_8')],
  ];
  if (existsSync(KERAS_APPLICATIONS)) files.push(['keras_applications resnet50', readFileSync(KERAS_APPLICATIONS, 'utf8')]);
  // `node dist/bench-edits.cjs 2,000`: only the files whose name starts so (one row of the table, measured back to back).
  const only = process.argv[2];
  if (only) files.splice(0, files.length, ...files.filter(([name]) => name.startsWith(only)));
  console.log(`\nEdit → analysis in process (incremental parse + analysis with the document's cache), ${EDITS} edits a place`);
  console.log('file                           place                  p50 ms   p95 ms  CPU p50  CPU p95  replayed  no cache ms');
  for (const [name, text] of files) {
    const parser = newParser(languages.python);
    const doc = new Document(parser, text);
    let worst = 0;
    for (const place of editPlaces(text)) {
      const edited = text.slice(0, place.at) + place.to + text.slice(place.at + 1);
      // Warm-up: V8 optimises the code the edits run.
      for (let i = 0; i < 10; i++) doc.change(i % 2 === 0 ? edited : text);
      const times: number[] = [];
      const cpu: number[] = [];
      let replayed = '';
      for (let i = 0; i < EDITS; i++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        doc.change(i % 2 === 0 ? edited : text);
        times.push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        if (i === 0) replayed = `${doc.cache.python.runs.replayed}+${doc.cache.python.runs.replayedEntries}`;
      }
      doc.parse(text);
      const t0 = performance.now();
      doc.plain();
      const plain = performance.now() - t0;
      const p95 = quantile(times, 0.95);
      worst = Math.max(worst, p95);
      const cpuFigures = `${quantile(cpu, 0.5).toFixed(2).padStart(8)} ${quantile(cpu, 0.95).toFixed(2).padStart(8)}`;
      console.log(`${name.padEnd(30)} ${place.name.padEnd(20)} ${quantile(times, 0.5).toFixed(2).padStart(8)} ${p95.toFixed(2).padStart(8)} ${cpuFigures} ${replayed.padStart(9)} ${plain.toFixed(1).padStart(12)}`);
    }
    console.log(`${name.padEnd(30)} worst p95 ${worst.toFixed(2)} ms`);
    parser.delete();
  }
}

void main();
