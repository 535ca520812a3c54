/**
 * The server's own parse stops when its analysis is no longer wanted (issue 11 §4): the worker's
 * document store (server/src/lsp/worker-documents.ts · treeOf) hands tree-sitter a progress
 * callback that asks `cancelled()`; a stopped parse gives no tree, the parser is reset (a parse
 * the callback stopped would otherwise be resumed by the next call: web-tree-sitter's
 * `Parser.reset`, "If the parser previously failed because of a timeout or a cancellation, then
 * by default, it will resume where it left off on the next call to parse"), and the next parse
 * of the document, fresh or incremental, gives the same tree as a parse from scratch. The
 * cancellation is counted in progress-callback calls, not time. Expected trees: a fresh parse of
 * the same text by the same grammar.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { WorkerDocuments } from '../../server/src/lsp/worker-documents.js';
import { resnetBlocksPython } from '../../bench/inputs.js';

const URI = 'file:///tmp/parse-cancel/model.py';

let parser: Parser;
beforeAll(async () => {
  parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
});

/** A `cancelled()` that says yes from its `n`-th call on, and counts its calls. */
function cancelAfter(n: number): { cancelled: () => boolean; calls: () => number } {
  let calls = 0;
  return { cancelled: () => ++calls >= n, calls: () => calls };
}

/** The S-expression of a fresh parse of `text` (by a parser of its own). */
function fresh(text: string): string {
  const own = newParser(parser.language!);
  const tree = own.parse(text)!;
  try {
    return tree.rootNode.toString();
  } finally {
    tree.delete();
    own.delete();
  }
}

describe('the worker parse is cancellable', () => {
  // About 80 K characters of the bench's generated Keras blocks: many progress callbacks.
  const text = resnetBlocksPython(2000);
  const edited = text.replace('x = layers.Activation', 'x = layers.Dropout(0.5)(x)\nx = layers.Activation');

  it('stops a first parse, and parses the text whole on the next analysis', () => {
    const errors: string[] = [];
    const docs = new WorkerDocuments({ onError: (m) => errors.push(m) });
    docs.open(URI, 'python', 'python', 1, text, 1);
    const doc = docs.get(URI)!;
    const stop = cancelAfter(3);
    expect(docs.treeOf(doc, 'python', parser, stop.cancelled)).toBeNull();
    // It stopped at the first "yes" (the store asks once more to tell a stop from a failed parse).
    expect(stop.calls()).toBeLessThanOrEqual(4);
    const tree = docs.treeOf(doc, 'python', parser)!;
    expect(tree.rootNode.toString()).toBe(fresh(text));
    expect(errors).toEqual([]);
    docs.close(URI);
  });

  it('stops an incremental parse, keeping the edited tree: the next parse is incremental and equals a fresh one', () => {
    const errors: string[] = [];
    const docs = new WorkerDocuments({ onError: (m) => errors.push(m), checkIncremental: true });
    docs.open(URI, 'python', 'python', 1, text, 1);
    const doc = docs.get(URI)!;
    expect(docs.treeOf(doc, 'python', parser)).not.toBeNull();
    // The edit, then a cancelled parse of it.
    const at = text.indexOf('x = layers.Activation');
    docs.change(URI, 2, [{ range: { start: doc.document.positionAt(at), end: doc.document.positionAt(at) }, text: 'x = layers.Dropout(0.5)(x)\n' }], 2);
    expect(doc.document.getText()).toBe(edited);
    expect(docs.treeOf(doc, 'python', parser, cancelAfter(2).cancelled)).toBeNull();
    // A second edit before the next parse: both edits reach the kept tree.
    const second = edited.replace('layers.Dropout(0.5)', 'layers.Dropout(0.25)');
    const at2 = edited.indexOf('0.5)');
    docs.change(URI, 3, [{ range: { start: doc.document.positionAt(at2), end: doc.document.positionAt(at2 + 3) }, text: '0.25' }], 3);
    expect(doc.document.getText()).toBe(second);
    // checkIncremental compares the incremental parse with a fresh one and reports a difference.
    const tree = docs.treeOf(doc, 'python', parser)!;
    expect(tree.rootNode.toString()).toBe(fresh(second));
    expect(tree.rootNode.descendantsOfType('float').map((n) => n?.text)).toContain('0.25');
    expect(errors).toEqual([]);
    docs.close(URI);
  });

  it('leaves the parser ready for another document after a stopped parse', () => {
    const docs = new WorkerDocuments({ onError: () => undefined });
    docs.open(URI, 'python', 'python', 1, text, 1);
    expect(docs.treeOf(docs.get(URI)!, 'python', parser, cancelAfter(2).cancelled)).toBeNull();
    const other = 'from tensorflow.keras import layers\ny = layers.Dense(4)\n';
    docs.open('file:///tmp/parse-cancel/other.py', 'python', 'python', 1, other, 1);
    expect(docs.treeOf(docs.get('file:///tmp/parse-cancel/other.py')!, 'python', parser)!.rootNode.toString()).toBe(fresh(other));
    docs.close(URI);
  });
});
