/**
 * The real language server (server/src/lsp/server.ts) over a small stand-in analyzer, so the
 * protocol plumbing is tested on its own: document sync, incremental parsing, caching, guards,
 * hints with shared anchors, diagnostics with fixes. The stand-in reads the real syntax trees:
 *
 * prototxt: every top-level `layer { … }` becomes a layer whose output is (1, num_output ?? 3, 8, 8),
 *   except `type: "Data"`, whose output is the default input shape or unknown;
 *   `type: "Bad"` gets an error with a quick fix (→ "ReLU") and a refactor; a field named
 *   `crash_analyzer` anywhere makes the analyzer throw, `exit_worker` ends the worker thread; `leak_cursors` makes it walk the tree
 *   with cursors it never deletes, then collect garbage (with --expose-gc). A smoke test for
 *   server/src/lsp/wasmFinalizers.ts: the heap corruption that file prevents was seen in the
 *   fuzz test with an analyzer that leaked cursors, but does not reproduce reliably here;
 *   `count_analyses` adds a layer named `analysis_<n>`: n counts the analyses of texts with that
 *   field since the server started.
 * python: every `Conv2D(...)` call inside `def f(...)` becomes one layer per call of `f(...)` in
 *   the file, all at the same anchor, with output (None, 8·k, 8·k, 64) for the k-th call.
 */
import { restoreFinalizationRegistry } from '../../../server/src/lsp/wasmFinalizers.js';
import { isMainThread } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { Node, Tree } from 'web-tree-sitter';
import type { AnalysisResult, Diagnostic, LayerResult, Position, Range } from '../../../server/src/analysis/types.js';
import { bundledGrammarFiles } from '../../../server/src/parsing/languages.js';
import { startServer } from '../../../server/src/lsp/server.js';
import { runAnalysisWorker, type AnalyzerOptions } from '../../../server/src/lsp/worker.js';
import type { Language } from '../../../server/src/analysis/types.js';

function pos(p: { row: number; column: number }): Position {
  return { line: p.row, character: p.column };
}

function range(n: Node): Range {
  return { start: pos(n.startPosition), end: pos(n.endPosition) };
}

function fields(message: Node | null): Node[] {
  return message ? message.namedChildren.filter((c): c is Node => c !== null && c.type === 'field') : [];
}

function fieldName(f: Node): string {
  return f.childForFieldName('name')?.text ?? '';
}

function fieldValue(f: Node): Node | null {
  return f.childForFieldName('value');
}

/** Analyses of texts with a `count_analyses` field so far. */
let counted = 0;

function prototxt(tree: Tree, options: AnalyzerOptions): AnalysisResult {
  const layers: LayerResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const idents = tree.rootNode.descendantsOfType('identifier').map((n) => n?.text);
  if (idents.includes('count_analyses')) {
    const at = { line: 0, character: 0 };
    layers.push({ name: `analysis_${++counted}`, type: 'Count', range: { start: at, end: at }, anchor: at, inputs: [], outputs: [], params: null, macs: null, windowing: null, actions: [] });
  }
  if (idents.includes('crash_analyzer')) throw new Error('stand-in analyzer crash');
  // Ends the analysis worker's thread (as running out of memory does): the server starts another.
  if (idents.includes('exit_worker')) process.exit(1);
  if (idents.includes('leak_cursors')) {
    // Like an analyzer that walks the whole tree with a cursor and forgets to delete it.
    const visit = (c: ReturnType<Tree['walk']>): void => {
      if (c.gotoFirstChild()) {
        do visit(c);
        while (c.gotoNextSibling());
        c.gotoParent();
      }
    };
    for (let i = 0; i < 20; i++) visit(tree.walk());
    (globalThis as { gc?: () => void }).gc?.();
  }
  for (const f of fields(tree.rootNode)) {
    if (fieldName(f) !== 'layer') continue;
    const body = fieldValue(f);
    const sub = fields(body);
    const str = (name: string) => sub.find((s) => fieldName(s) === name);
    const text = (name: string) => fieldValue(str(name) ?? f)?.text.replace(/^"|"$/g, '') ?? null;
    let channels = 3;
    for (const s of sub) {
      const n = fields(fieldValue(s)).find((x) => fieldName(x) === 'num_output');
      const v = n ? Number(fieldValue(n)?.text) : NaN;
      if (Number.isInteger(v) && v > 0) channels = v;
    }
    const name = str('name') ? text('name') : null;
    const type = str('type') ? (text('type') ?? '?') : '?';
    layers.push({
      name,
      type,
      range: range(f),
      anchor: { line: f.startPosition.row, character: f.startPosition.column + 'layer {'.length },
      inputs: [],
      outputs: [{ name: text('top') ?? name ?? '?', shape: type === 'Data' ? (options.defaultInputs?.[text('top') ?? ''] ?? null) : [1, channels, 8, 8] }],
      params: channels * 10,
      macs: channels * 1000,
      windowing: null,
      actions: [],
    });
    const typeField = str('type');
    const typeValue = typeField ? fieldValue(typeField) : null;
    if (typeValue && type === 'Bad') {
      diagnostics.push({
        range: range(typeValue),
        severity: 'error',
        code: 'bad-type',
        message: `unknown layer type "Bad"`,
        related: [{ range: range(f), message: 'in this layer' }],
        fixes: [
          { title: 'Change the type to "ReLU"', kind: 'quickfix', preferred: true, edits: [{ range: range(typeValue), newText: '"ReLU"' }] },
          { title: 'Delete the layer', kind: 'refactor', preferred: false, edits: [{ range: range(f), newText: '' }] },
        ],
      });
    }
  }
  return { language: 'prototxt', layers, diagnostics };
}

function python(tree: Tree): AnalysisResult {
  const layers: LayerResult[] = [];
  const root = tree.rootNode;
  const calls = root.descendantsOfType('call').filter((c): c is Node => c !== null);
  for (const def of root.descendantsOfType('function_definition')) {
    if (!def) continue;
    const fname = def.childForFieldName('name')?.text ?? '';
    const uses = calls.filter((c) => c.childForFieldName('function')?.text === fname).length;
    for (const call of def.descendantsOfType('call')) {
      if (!call || !/Conv2D$/.test(call.childForFieldName('function')?.text ?? '')) continue;
      for (let k = 1; k <= uses; k++) {
        layers.push({
          name: null,
          type: 'layers.Conv2D',
          range: range(call),
          anchor: pos(call.endPosition),
          inputs: [{ name: 'x', shape: [null, 16 * k, 16 * k, 3] }],
          outputs: [{ name: 'x', shape: [null, 8 * k, 8 * k, 64] }],
          params: 1792,
          macs: 1792 * 64 * k * k,
          windowing: null,
          actions: [],
        });
      }
    }
  }
  return { language: 'python', layers, diagnostics: [] };
}

restoreFinalizationRegistry();
// The same bundle is the server and, off the main thread, its analysis worker.
if (isMainThread) startServer(createConnection(ProposedFeatures.all), { workerFile: __filename });
else {
  runAnalysisWorker({
    grammarFiles: bundledGrammarFiles(__dirname),
    analyze: (language: Language, tree: Tree, options: AnalyzerOptions) => (language === 'prototxt' ? prototxt(tree, options) : python(tree)),
    checkIncremental: true,
  });
}
