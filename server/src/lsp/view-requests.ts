/**
 * The requests that read an analysis (inlay hints and their resolve, hover, code actions, the
 * summary as text and as data): each waits for its document's analysis, then asks the analysis
 * worker the view query (views.ts), which answers from the result it kept, so only the answer
 * crosses the thread. A notebook cell's views, and those of a result the server holds itself (a
 * skipped or failed analysis), are computed here from that result.
 */
import { InlayHintRequest, LSPErrorCodes, Position, RequestType, ResponseError, type CancellationToken, type ClientCapabilities, type Connection, type InlayHintParams } from 'vscode-languageserver';
import type { AnalysisResult, Language } from '../analysis/types.js';
import { shapeFormat } from '../analysis/format.js';
import { isHintData } from './convert.js';
import type { CachedAnalysis, DocumentStore, OpenDocument } from './documents.js';
import type { OpenNotebooks } from './notebooks.js';
import type { Settings } from './settings.js';
import { RawJson } from './transport.js';
import type { ModelSummary } from './summary-view.js';
import { ResultViews, type ViewAnswer, type ViewOptions, type ViewQuery } from './views.js';
import type { ViewOutcome } from './worker-client.js';
import type { AnalysisWorkers } from './worker-pool.js';

export interface SummaryParams {
  readonly textDocument: { readonly uri: string };
}

export interface SummaryResult {
  readonly title: string;
  readonly text: string;
}

/** Custom request: the model summary table of a document, as text. */
export const SummaryRequest = new RequestType<SummaryParams, SummaryResult | null, void>('shapelens/summary');
/** Custom request: the model summary of a document as data (tables, graph edges), for the webview. */
export const ModelSummaryRequest = new RequestType<SummaryParams, ModelSummary | null, void>('shapelens/modelSummary');
/** The same through workspace/executeCommand, arguments `[uri]`, answering the text. */
export const SUMMARY_COMMAND = 'shapelens.summary';
/** textDocument/inlayHint answered with the hints' JSON text, which the transport writes as it is. */
const InlayHintJsonRequest = new RequestType<InlayHintParams, RawJson, void>(InlayHintRequest.method);
const NO_HINTS = new RawJson(Buffer.from('[]'));

/** What the handlers read of the server (server.ts). */
export interface ViewContext {
  readonly connection: Connection;
  readonly store: DocumentStore;
  readonly notebooks: OpenNotebooks;
  readonly worker: AnalysisWorkers;
  readonly caps: () => ClientCapabilities;
  readonly settingsOf: (uri: string) => Settings;
  /** Runs a handler: failures logged and answered `empty`, cancellation answered RequestCancelled. */
  readonly guard: <T>(name: string, empty: T, token: CancellationToken | undefined, fn: () => T | Promise<T>) => Promise<T>;
  /** The analysis of a document's current text (server.ts · analysisOf). */
  readonly analysisOf: (doc: OpenDocument, token?: CancellationToken) => Promise<CachedAnalysis | null>;
}

function basename(uri: string): string {
  const path = decodeURIComponent(uri.replace(/[?#].*$/, ''));
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

/** How many times a view query is asked again when the worker's analysis is not the one waited for. */
const STALE_RETRIES = 2;

/** Registers the view requests; returns what the server calls when a document or cell goes away. */
export function registerViewRequests(ctx: ViewContext): { forget: (uri: string) => void } {
  const { connection, store, notebooks, worker, guard } = ctx;
  /** Views of the results held here, per document or cell URI (replaced when the result is). */
  const held = new Map<string, ResultViews>();

  function heldViews(uri: string, result: AnalysisResult): ResultViews {
    let views = held.get(uri);
    if (!views || views.result !== result) held.set(uri, (views = new ResultViews(result, (u) => notebooks.cellVersion(u))));
    return views;
  }

  function viewOptions(language: Language, uri: string, lazy?: number): ViewOptions {
    const s = ctx.settingsOf(uri);
    return { format: shapeFormat(language, s.shapeFormat), showParams: s.inlayHints.showParams, ...(lazy !== undefined ? { lazy } : {}) };
  }

  /**
   * `query` (made for the document the answer comes from) asked of the analysis of the document or
   * notebook cell at `uri`; null when it has none.
   */
  async function view<Q extends ViewQuery>(uri: string, token: CancellationToken, makeQuery: (doc: OpenDocument) => Q): Promise<{ answer: ViewAnswer<Q>; doc: OpenDocument; language: Language } | null> {
    for (let attempt = 0; ; attempt++) {
      const cell = store.get(uri) ? null : notebooks.cellOf(uri);
      const doc = store.get(cell ? cell.notebook : uri);
      if (!doc?.language) return null;
      const { language, revision } = doc;
      const query = makeQuery(doc);
      // Tooltips wait for inlayHint/resolve when the client can ask for them; a cell's come with its
      // hints (resolve finds a hint by the revision of the document it is in, and a cell has none).
      const lazy = !cell && (ctx.caps().textDocument?.inlayHint?.resolveSupport?.properties.includes('tooltip') ?? false) ? revision : undefined;
      const options = viewOptions(language, uri, lazy);
      const fresh = store.isFresh(doc);
      const analysing = ctx.analysisOf(doc, token);
      // Asked along with the analysis when the worker will hold its result: answered as it ends,
      // with no round trip after it (a notebook's result comes here whole).
      const early = fresh || cell || notebooks.documents.getNotebookDocument(doc.uri) ? null : worker.view(doc.uri, revision, store.generationOf(doc), query, options);
      const a = await analysing;
      if (!a) return null;
      if (a.result) return { answer: heldViews(uri, cell ? notebooks.view(cell, a.result) : a.result).answer(query, options), doc, language };
      let outcome: ViewOutcome<Q> = early && a.revision === revision ? await early : 'stale';
      if (outcome === 'stale') outcome = await worker.view(doc.uri, a.revision, a.generation, query, options);
      if (outcome !== 'stale') return { answer: outcome.answer, doc, language };
      // The worker keeps another analysis (the text changed meanwhile, or the worker restarted):
      // this one is asked for again.
      if (doc.cached === a) doc.cached = null;
      if (attempt >= STALE_RETRIES || token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
    }
  }

  connection.onRequest(InlayHintJsonRequest, (params, token) =>
    guard('inlayHint', NO_HINTS, token, async () => {
      const uri = params.textDocument.uri;
      const language = store.get(uri)?.language ?? (notebooks.cellOf(uri) ? 'python' : null);
      if (!language || !ctx.settingsOf(uri).inlayHints[language]) return NO_HINTS;
      const a = await view(uri, token, () => ({ kind: 'hints', range: params.range }));
      return a ? new RawJson(a.answer) : NO_HINTS;
    }),
  );

  connection.languages.inlayHint.resolve((hint, token) =>
    guard('inlayHint/resolve', hint, token, async () => {
      const data: unknown = hint.data;
      if (!isHintData(data) || !Position.is(hint.position)) return hint;
      // Only from the analysis the hint came from: a newer one may have moved the layers.
      const doc = store.atRevision(data);
      const a = doc?.cached;
      if (!doc || !a || !store.isFresh(doc)) return hint;
      const query = { kind: 'tooltip', position: hint.position } as const;
      const options = viewOptions(a.facts.language, doc.uri);
      const outcome = a.result ? { answer: heldViews(doc.uri, a.result).answer(query, options) } : await worker.view(doc.uri, a.revision, a.generation, query, options);
      const tooltip = outcome === 'stale' ? null : outcome.answer;
      return tooltip ? { ...hint, tooltip } : hint;
    }),
  );

  connection.onHover((params, token) => guard('hover', null, token, async () => (await view(params.textDocument.uri, token, () => ({ kind: 'hover', position: params.position })))?.answer ?? null));

  connection.onCodeAction((params, token) =>
    guard('codeAction', [], token, async () => {
      const uri = params.textDocument.uri;
      const documentChanges = ctx.caps().workspace?.workspaceEdit?.documentChanges === true;
      const a = await view(uri, token, (doc) => ({
        kind: 'codeActions',
        range: params.range,
        ...(params.context.only ? { only: params.context.only } : {}),
        target: { uri, version: notebooks.cellVersion(uri) ?? doc.version, documentChanges },
      }));
      return a?.answer ?? [];
    }),
  );

  async function summary(uri: string, token: CancellationToken): Promise<SummaryResult | null> {
    const title = basename(uri);
    const a = await view(uri, token, () => ({ kind: 'summary', title }));
    return a ? { title, text: a.answer } : null;
  }

  connection.onRequest(SummaryRequest, (params, token) => guard('summary', null, token, () => summary(params.textDocument.uri, token)));

  connection.onRequest(ModelSummaryRequest, (params, token) =>
    guard('modelSummary', null, token, async (): Promise<ModelSummary | null> => {
      const uri = params.textDocument.uri;
      const a = await view(uri, token, () => ({ kind: 'tables', title: basename(uri) }));
      return a ? { uri, version: a.doc.version, language: a.language, tables: notebooks.inCells(uri, a.answer) } : null;
    }),
  );

  connection.onExecuteCommand((params, token) =>
    guard('executeCommand', null, token, async () => {
      if (params.command !== SUMMARY_COMMAND) return null;
      const uri = params.arguments?.[0];
      if (typeof uri !== 'string') return null;
      return (await summary(uri, token))?.text ?? null;
    }),
  );

  return { forget: (uri) => held.delete(uri) };
}
