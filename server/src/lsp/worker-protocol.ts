/**
 * The messages between the server's request loop (server.ts, worker-client.ts) and the analysis
 * worker (worker.ts). Everything here is structured-cloneable: plain data, no functions.
 */
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Language } from '../analysis/types.js';
import type { Phase } from './settings.js';
import type { AnalysisFacts, ViewOptions, ViewQuery } from './views.js';

/**
 * Python documents longer than this are heavy: analysed in worker-pool.ts' heavy worker (worker-documents.ts · analyzeHeavyText), with no
 * DocumentCache and no kept tree, parsed in parts by each analysis (`textOf`). The cache and the
 * tree of a file near the 8 M-character cap would hold ~600 MB each (the tree in WebAssembly's
 * heap, which never shrinks), and no one edits a file that size as they type.
 */
export const HEAVY_CHARS = 1_000_000;

/** The settings an analysis reads (server.ts · AnalyzerOptions without what the worker supplies). */
export interface JobSettings {
  readonly defaultInputs?: Readonly<Record<string, readonly number[]>>;
  readonly phase?: Phase;
  readonly stages?: readonly string[];
  readonly level?: number;
  readonly notes?: boolean;
  readonly imageDataFormat?: 'channels_last' | 'channels_first';
  readonly keras1DimOrdering?: 'th' | 'tf';
  /** Python: `shapelens.python.searchPaths`. */
  readonly searchPaths?: readonly string[];
}

/** To the worker. Document messages keep its copy of every open text equal to the server's. */
export type ToWorker =
  | { readonly kind: 'open'; readonly uri: string; readonly languageId: string; readonly language: Language | null; readonly version: number; readonly text: string; readonly revision: number }
  | { readonly kind: 'change'; readonly uri: string; readonly version: number; readonly changes: TextDocumentContentChangeEvent[]; readonly revision: number }
  | { readonly kind: 'close'; readonly uri: string }
  /** Where imports are looked for (workspace folders, python.defaultInterpreterPath); resolvers rebuilt. */
  | { readonly kind: 'modules'; readonly folders: readonly string[]; readonly interpreterPath: string | null }
  /**
   * Analyse `uri` at `revision` (the worker's copy is at that revision: the server sends a job only
   * for a document's current text) and keep the result, as of settings `generation`, for view
   * queries. The job stops early when the cancel slot holds `id`. With `full`, the whole result is
   * sent back too (a notebook: the server maps it onto the cells).
   */
  | { readonly kind: 'analyze'; readonly id: number; readonly uri: string; readonly revision: number; readonly generation: number; readonly settings: JobSettings; readonly full: boolean; readonly views: readonly ViewRequest[] };

/** From the worker. */
export type FromWorker =
  | { readonly kind: 'done'; readonly id: number; readonly facts: AnalysisFacts; readonly result?: AnalysisResult }
  /** Stopped by its cancel slot; its result is incomplete and not sent. */
  | { readonly kind: 'cancelled'; readonly id: number }
  | { readonly kind: 'failed'; readonly id: number; readonly error: string }
  /**
   * The whole result of a job already done, sent once the document is quiet (or before the worker
   * turns to another document): the server answers that document's views itself from then on,
   * even while the worker is busy with another one (worker.ts · sendCopy).
   */
  | { readonly kind: 'copy'; readonly uri: string; readonly revision: number; readonly generation: number; readonly result: AnalysisResult }
  | { readonly kind: 'log'; readonly message: string };

/**
 * A view query, on the views port (its own channel, so the worker can read it in the middle of an
 * analysis: see worker.ts · serveViews), or with the job it waits for (`analyze.views`, answered
 * when that job ends: no round trip after it). Asked of the analysis of `uri` at `revision` and
 * settings `generation`, the one the worker keeps when it is that one.
 */
export interface ViewRequest {
  readonly id: number;
  readonly uri: string;
  readonly revision: number;
  readonly generation: number;
  readonly query: ViewQuery;
  readonly options: ViewOptions;
  /** A job already sent that this query waits for: answered when it ends. */
  readonly after?: number;
}

/** The answer (a ViewAnswer of the query), or `stale`: the worker keeps no analysis of that text and settings. */
export type ViewReply = { readonly id: number; readonly answer: unknown } | { readonly id: number; readonly stale: true };

/** Slots of the Int32Array over the SharedArrayBuffer both sides hold. */
export const CANCEL_SLOT = 0;
/** Bumped by the server whenever it sends the worker a job: the worker's idle warm-up runs stop. */
export const BUSY_SLOT = 1;
/** Bumped by the server after each view request it posts: the worker reads the views port when it moved. */
export const VIEWS_SLOT = 2;
export const SLOTS = 3;
