/**
 * The analysis worker's copy of the open documents: each text (kept equal to the server's by the
 * same change events, see worker-protocol.ts) and its syntax tree, kept by incremental re-parse.
 * Trees cannot cross threads, so they live where the analysis runs.
 */
import { runInNewContext } from 'node:vm';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { Edit, type ParseOptions, type Parser, type Tree } from 'web-tree-sitter';
import { parserText } from '../analyzer/analyze.js';
import { analyzePythonText, type PythonOptions } from '../python/analyze.js';
import type { AnalysisResult, Language } from '../analysis/types.js';
import { stopped } from '../python/parse.js';
import { pathOfUri } from './importers.js';
import { computeEdit } from './textDiff.js';

/** V8's full garbage collection, reached without `--expose-gc` on the command line (the flag is read when a context is made). */
let fullGc: (() => void) | null = null;

/**
 * A heavy document's analysis (python/analyze.ts · analyzePythonText: in parts, no tree kept),
 * then a full garbage collection. The analysis of a file near the cap leaves ~800 MB of garbage
 * (its syntax copy and values) over a ~300 MB result; V8 would collect it only once the heap
 * grew past its next limit, and the views answered next (the hints of 200 K layers, cloned to the
 * server) would grow it instead: the peak RSS went from 1.2 to 1.55 GB after the analysis ended.
 */
export function analyzeHeavyText(parser: Parser, text: string, options: PythonOptions): AnalysisResult {
  const result = analyzePythonText(parser, text, options);
  if (!fullGc) {
    // Required here: loading node:v8 costs the worker 0.45 ms at start, and few sessions open a heavy document.
    const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
    setFlagsFromString('--expose-gc');
    fullGc = runInNewContext('gc') as () => void;
    // Back as it was: V8's flag hash, which the code caches saved later must be made under (startup/heap-flags.ts).
    setFlagsFromString('--no-expose-gc');
  }
  fullGc();
  return result;
}

export interface TreeHooks {
  /** Where failures go (the worker logs them); parsing never throws them. */
  readonly onError: (message: string, error: unknown) => void;
  /** When set, every incremental parse is checked against a fresh parse (tests, debugging). */
  readonly checkIncremental?: boolean;
}

/** Whether two trees have the same nodes at the same offsets (S-expressions omit offsets). */
function sameSpans(a: Tree, b: Tree): boolean {
  const ca = a.walk();
  const cb = b.walk();
  try {
    for (;;) {
      if (ca.nodeType !== cb.nodeType || ca.startIndex !== cb.startIndex || ca.endIndex !== cb.endIndex) return false;
      const da = ca.gotoFirstChild();
      if (da !== cb.gotoFirstChild()) return false;
      if (da) continue;
      for (;;) {
        const sa = ca.gotoNextSibling();
        if (sa !== cb.gotoNextSibling()) return false;
        if (sa) break;
        const pa = ca.gotoParent();
        if (pa !== cb.gotoParent()) return false;
        if (!pa) return true;
      }
    }
  } finally {
    ca.delete();
    cb.delete();
  }
}

export class WorkerDocument {
  tree: Tree | null = null;
  /** The text `tree` was parsed from (see parserText), or was edited for when `edited`. */
  parsedText: string | null = null;
  /** `tree` was edited to match `parsedText` and not re-parsed (that parse was cancelled). */
  edited = false;

  constructor(
    public document: TextDocument,
    readonly language: Language | null,
    /** The server's revision number of this text (documents.ts · OpenDocument.revision). */
    public revision: number,
  ) {}
}

export class WorkerDocuments {
  private readonly docs = new Map<string, WorkerDocument>();

  constructor(private readonly hooks: TreeHooks) {}

  open(uri: string, languageId: string, language: Language | null, version: number, text: string, revision: number): void {
    this.close(uri);
    this.docs.set(uri, new WorkerDocument(TextDocument.create(uri, languageId, version, text), language, revision));
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[], revision: number): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.document = TextDocument.update(doc.document, changes, version);
    doc.revision = revision;
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.tree?.delete();
    this.docs.delete(uri);
  }

  get(uri: string): WorkerDocument | undefined {
    return this.docs.get(uri);
  }

  /** The text of the open document at a file path (imports read it before the disk). */
  textAt(path: string): string | undefined {
    for (const doc of this.docs.values()) if (pathOfUri(doc.document.uri) === path) return doc.document.getText();
    return undefined;
  }

  /**
   * The syntax tree of the document's current text, re-parsed incrementally from the last one; null
   * when `cancelled` stopped the parse (tree-sitter's progress callback: the parser is reset, and
   * the last tree is kept, edited to the text it was being parsed for, so the next parse is still
   * incremental) or tree-sitter gave none.
   */
  treeOf(doc: WorkerDocument, language: Language, parser: Parser, cancelled: () => boolean = () => false): Tree | null {
    const text = parserText(language, doc.document.getText());
    if (doc.tree && doc.parsedText === text && !doc.edited) return doc.tree;
    const options: ParseOptions = { progressCallback: () => cancelled() };
    let tree: Tree | null = null;
    const old = doc.tree;
    if (old && doc.parsedText !== null) {
      try {
        const change = computeEdit(doc.parsedText, text);
        if (change) old.edit(new Edit(change));
        doc.parsedText = text;
        doc.edited = true;
        tree = parser.parse(text, old, options);
        if (!tree) return stopped(parser);
        if (this.hooks.checkIncremental) this.check(parser, text, tree);
      } catch (e) {
        this.hooks.onError(`incremental parse of ${doc.document.uri} failed; parsing from scratch`, e);
        tree = null;
      }
    }
    if (!tree) {
      parser.reset();
      tree = parser.parse(text, null, options);
      if (!tree && cancelled()) {
        // Nothing kept to re-parse from: the next parse starts afresh.
        old?.delete();
        doc.tree = null;
        doc.parsedText = null;
        return stopped(parser);
      }
    }
    old?.delete();
    doc.tree = tree;
    doc.parsedText = tree ? text : null;
    doc.edited = false;
    return tree;
  }

  /**
   * The text a document is analysed from when the analysis parses it itself, in parts
   * (python/parse.ts), as the server does above a size: its tree is dropped, not kept, since one
   * tree of a file near the size cap holds ~600 MB of WebAssembly's heap, which never shrinks.
   */
  textOf(doc: WorkerDocument, language: Language): string {
    doc.tree?.delete();
    doc.tree = null;
    doc.parsedText = null;
    doc.edited = false;
    return parserText(language, doc.document.getText());
  }

  private check(parser: Parser, text: string, incremental: Tree): void {
    const fresh = parser.parse(text);
    if (!fresh) return;
    // Error recovery may legitimately differ between incremental and fresh parses of broken text.
    if (fresh.rootNode.hasError) {
      fresh.delete();
      return;
    }
    const a = incremental.rootNode.toString();
    const b = fresh.rootNode.toString();
    const same = a === b && sameSpans(incremental, fresh);
    fresh.delete();
    if (!same) this.hooks.onError('incremental parse differs from a fresh parse', new Error(`incremental: ${a.slice(0, 300)}\nfresh: ${b.slice(0, 300)}`));
  }
}
