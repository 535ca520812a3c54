/**
 * The open documents: their text (incremental sync: whole texts or replaced ranges), their syntax tree kept by incremental re-parsing, and
 * one cached AnalysisResult per document version. Every feature reads `analysis(uri)`; nothing else
 * parses or analyses.
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import { languageOf as languageOfFile, MAX_SOURCE_CHARS, parserText, tooLargeMessage } from '../analyzer/analyze.js';
import type { AnalysisResult, Language } from '../analysis/types.js';
import { computeEdit } from './textDiff.js';

/** Which analyzer a document gets: by language id, else by file extension; null for neither. */
export function languageOf(languageId: string, uri: string): Language | null {
  if (languageId === 'prototxt') return 'prototxt';
  if (languageId === 'python') return 'python';
  return languageOfFile(uri.replace(/[?#].*$/, ''));
}

/** Analyses `tree`, parsed from `text` (the document's text as the parser read it, see parserText). */
export type AnalyzeFn = (language: Language, tree: Tree, text: string, uri: string) => AnalysisResult;

export interface StoreHooks {
  /** Where failures go (the server logs them); the store never throws them. */
  readonly onError: (message: string, error: unknown) => void;
  /** When set, every incremental parse is checked against a fresh parse (tests, debugging). */
  readonly checkIncremental?: boolean;
}

interface CachedAnalysis {
  /** The revision analysed (see OpenDocument.revision). */
  readonly revision: number;
  readonly generation: number;
  readonly result: AnalysisResult;
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

export class OpenDocument {
  tree: Tree | null = null;
  /** The text `tree` was parsed from (see parserText). */
  parsedText: string | null = null;
  cached: CachedAnalysis | null = null;

  constructor(
    public document: TextDocument,
    public readonly language: Language | null,
    /**
     * This text of this document, unique among all the texts of all the documents the store has
     * held: a new number on every change, whatever version number the client sent.
     */
    public revision: number,
  ) {}

  get uri(): string {
    return this.document.uri;
  }

  get version(): number {
    return this.document.version;
  }
}

function tooLarge(language: Language, length: number): AnalysisResult {
  const at = { line: 0, character: 0 };
  return {
    language,
    layers: [],
    diagnostics: [
      {
        range: { start: at, end: at },
        severity: 'information',
        code: 'file-too-large',
        message: `Shape Lens skips this file: ${tooLargeMessage(length)}`,
        related: [],
        fixes: [],
      },
    ],
  };
}

export function emptyAnalysis(language: Language): AnalysisResult {
  return { language, layers: [], diagnostics: [] };
}

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();
  /** Bumped when settings change: cached analyses of older generations are stale. */
  private generation = 0;
  /** The last revision number given to a document text (see OpenDocument.revision). */
  private revisions = 0;

  constructor(
    /** The parser of a language, or null while its grammar is not loaded. */
    private readonly parserFor: (language: Language) => Parser | null,
    private readonly analyze: AnalyzeFn,
    private readonly hooks: StoreHooks,
  ) {}

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const doc = new OpenDocument(TextDocument.create(uri, languageId, version, text), languageOf(languageId, uri), ++this.revisions);
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | null {
    const doc = this.docs.get(uri);
    if (!doc) return null;
    doc.document = TextDocument.update(doc.document, changes, version);
    doc.revision = ++this.revisions;
    return doc;
  }

  close(uri: string): void {
    const doc = this.docs.get(uri);
    if (!doc) return;
    doc.tree?.delete();
    doc.tree = null;
    this.docs.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  /** The open document whose current text has this revision number, if any. */
  atRevision(revision: number): OpenDocument | undefined {
    for (const doc of this.docs.values()) if (doc.revision === revision) return doc;
    return undefined;
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }

  /** Settings changed: every analysis (or the one of `doc`) must be redone. */
  invalidate(doc?: OpenDocument): void {
    if (doc) doc.cached = null;
    else this.generation++;
  }

  /** The syntax tree of the document's current text, re-parsed incrementally from the last one. */
  private treeOf(doc: OpenDocument, language: Language, parser: Parser): Tree | null {
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
        this.hooks.onError(`incremental parse of ${doc.uri} failed; parsing from scratch`, e);
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

  /** Whether `analysis(doc)` would answer from the cache. */
  isFresh(doc: OpenDocument): boolean {
    return doc.cached !== null && doc.cached.revision === doc.revision && doc.cached.generation === this.generation;
  }

  /**
   * The analysis of the document's current version (cached); null for documents no analyzer reads
   * and while the grammar of the document's language is not loaded (see `parserFor`).
   */
  analysis(doc: OpenDocument): AnalysisResult | null {
    if (!doc.language) return null;
    if (doc.cached && this.isFresh(doc)) return doc.cached.result;
    const parser = this.parserFor(doc.language);
    if (!parser) return null;
    let result: AnalysisResult;
    const length = doc.document.getText().length;
    if (length > MAX_SOURCE_CHARS) {
      doc.tree?.delete();
      doc.tree = null;
      doc.parsedText = null;
      result = tooLarge(doc.language, length);
      doc.cached = { revision: doc.revision, generation: this.generation, result };
      return result;
    }
    try {
      const tree = this.treeOf(doc, doc.language, parser);
      result = tree && doc.parsedText !== null ? this.analyze(doc.language, tree, doc.parsedText, doc.uri) : emptyAnalysis(doc.language);
    } catch (e) {
      this.hooks.onError(`analysis of ${doc.uri} (version ${doc.version}) failed`, e);
      result = emptyAnalysis(doc.language);
    }
    doc.cached = { revision: doc.revision, generation: this.generation, result };
    return result;
  }
}
