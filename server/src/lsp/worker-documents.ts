/**
 * The analysis worker's copy of the open documents: each text (kept equal to the server's by the
 * same change events, see worker-protocol.ts) and its syntax tree, kept by incremental re-parse.
 * Trees cannot cross threads, so they live where the analysis runs.
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import { parserText } from '../analyzer/analyze.js';
import type { Language } from '../analysis/types.js';
import { pathOfUri } from './modules.js';
import { computeEdit } from './textDiff.js';

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
  /** The text `tree` was parsed from (see parserText). */
  parsedText: string | null = null;

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

  /** The syntax tree of the document's current text, re-parsed incrementally from the last one. */
  treeOf(doc: WorkerDocument, language: Language, parser: Parser): Tree | null {
    const text = parserText(language, doc.document.getText());
    if (doc.tree && doc.parsedText === text) return doc.tree;
    let tree: Tree | null = null;
    const old = doc.tree;
    if (old && doc.parsedText !== null) {
      try {
        const change = computeEdit(doc.parsedText, text);
        if (change) old.edit(new Edit(change));
        tree = parser.parse(text, old);
        if (tree && this.hooks.checkIncremental) this.check(parser, text, tree);
      } catch (e) {
        this.hooks.onError(`incremental parse of ${doc.document.uri} failed; parsing from scratch`, e);
        tree = null;
      }
    }
    if (!tree) {
      parser.reset();
      tree = parser.parse(text);
    }
    old?.delete();
    doc.tree = tree;
    doc.parsedText = tree ? text : null;
    return tree;
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
