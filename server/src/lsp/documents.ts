/**
 * The open documents: their text (incremental sync: whole texts or replaced ranges) and what the
 * server knows of the analysis of each document revision. The analysis itself runs in the analysis
 * worker (worker.ts, through worker-client.ts), which keeps its own copy of every text, the syntax
 * trees and the results, and answers view queries from them; the server keeps a result's facts
 * (diagnostics, dependencies) and holds a whole result only where it computes views itself (a
 * notebook's, a skipped or failed analysis). Every feature reads `analysis(doc)` first, answered at
 * once from the cache when it is fresh.
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { languageOf as languageOfFile, MAX_SOURCE_CHARS, tooLargeMessage } from '../analyzer/sources.js';
import type { AnalysisResult, Language } from '../analysis/types.js';
import { analysisFacts, type AnalysisFacts } from './views.js';
import type { NoResult } from './worker-client.js';
import type { AnalysisWorkers } from './worker-pool.js';
import type { JobSettings } from './worker-protocol.js';

/** Which analyzer a document gets: by language id, else by file extension; null for neither. */
export function languageOf(languageId: string, uri: string): Language | null {
  if (languageId === 'prototxt') return 'prototxt';
  if (languageId === 'python') return 'python';
  return languageOfFile(uri.replace(/[?#].*$/, ''));
}

export interface CachedAnalysis {
  /** The revision analysed (see OpenDocument.revision). */
  readonly revision: number;
  /** The settings generation analysed (DocumentStore.generationOf). */
  readonly generation: number;
  readonly facts: AnalysisFacts;
  /** The whole result when the server holds it; else the worker keeps it and answers its views. */
  readonly result: AnalysisResult | null;
}

export class OpenDocument {
  cached: CachedAnalysis | null = null;
  /** When this document's own settings last changed (DocumentStore.generationOf). */
  settingsChanged = 0;

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

/** A wait for an analysis: its outcome, and how to leave it (a cancelled request). */
export interface PendingAnalysis {
  readonly result: Promise<CachedAnalysis | Exclude<NoResult, 'failed'> | null>;
  readonly cancel: () => void;
}

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();
  /**
   * Bumped when settings change (the window's, or one document's: `settingsChanged`): an analysis
   * of an older generation is stale, a cached one or one the worker is still running.
   */
  private generation = 0;
  /** The last generation number given (the store's or a document's). */
  private generations = 0;
  /** The last revision number given to a document text (see OpenDocument.revision). */
  private revisions = 0;

  constructor(
    private readonly worker: AnalysisWorkers,
    /** The settings a document's analysis reads now. */
    private readonly settingsFor: (doc: OpenDocument) => JobSettings,
  ) {}

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    this.close(uri);
    const doc = new OpenDocument(TextDocument.create(uri, languageId, version, text), languageOf(languageId, uri), ++this.revisions);
    this.docs.set(uri, doc);
    this.worker.openDocument(uri, languageId, doc.language, version, () => doc.document.getText(), doc.revision);
    return doc;
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): OpenDocument | null {
    const doc = this.docs.get(uri);
    if (!doc) return null;
    doc.document = TextDocument.update(doc.document, changes, version);
    doc.revision = ++this.revisions;
    this.worker.changeDocument(uri, version, changes, doc.revision);
    return doc;
  }

  close(uri: string): void {
    if (!this.docs.delete(uri)) return;
    this.worker.closeDocument(uri);
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

  /** The whole result of an analysis the server has the facts of (the worker's copy): views are answered here from now on. */
  hold(uri: string, revision: number, generation: number, result: AnalysisResult): void {
    const doc = this.docs.get(uri);
    const cached = doc?.cached;
    if (doc && cached && !cached.result && cached.revision === revision && cached.generation === generation) doc.cached = { ...cached, result };
  }

  /** Settings changed: every analysis (or the one of `doc`) must be redone. */
  invalidate(doc?: OpenDocument): void {
    if (doc) doc.settingsChanged = ++this.generations;
    else this.generation = ++this.generations;
  }

  /** The settings generation of the document's analysis: the store's, or its own change if later. */
  generationOf(doc: OpenDocument): number {
    return Math.max(this.generation, doc.settingsChanged);
  }

  /** Whether `analysis(doc)` would answer from the cache. */
  isFresh(doc: OpenDocument): boolean {
    return doc.cached !== null && doc.cached.revision === doc.revision && doc.cached.generation === this.generationOf(doc);
  }

  /**
   * The analysis of the document's current text: from the cache, else from the worker (`foreground`
   * for a request, which the worker takes first; `full` to hold the whole result). Null for
   * documents no analyzer reads; a `NoResult` when the wait ended without one (cancelled, the text
   * changed); a failed analysis is an empty one.
   */
  analysis(doc: OpenDocument, foreground: boolean, full: boolean): PendingAnalysis {
    const none = { cancel: () => undefined };
    if (!doc.language) return { result: Promise.resolve(null), ...none };
    if (doc.cached && this.isFresh(doc)) return { result: Promise.resolve(doc.cached), ...none };
    const { revision, language, uri } = doc;
    const generation = this.generationOf(doc);
    const held = (result: AnalysisResult): CachedAnalysis => ({ revision, generation, facts: analysisFacts(result, uri), result });
    const length = doc.document.getText().length;
    if (length > MAX_SOURCE_CHARS) {
      doc.cached = held(tooLarge(language, length));
      return { result: Promise.resolve(doc.cached), ...none };
    }
    const pending = this.worker.analyze(uri, revision, generation, this.settingsFor(doc), foreground, full);
    const result = pending.result.then((outcome): CachedAnalysis | Exclude<NoResult, 'failed'> => {
      if (outcome === 'cancelled' || outcome === 'superseded') return outcome;
      const cached = outcome === 'failed' ? held(emptyAnalysis(language)) : { revision, generation, facts: outcome.facts, result: outcome.result ?? null };
      // Kept when it is still this document's text (a failure too, so it is not retried every request).
      if (this.docs.get(uri) === doc && doc.revision === revision) doc.cached = cached;
      return cached;
    });
    return { result, cancel: pending.cancel };
  }
}
