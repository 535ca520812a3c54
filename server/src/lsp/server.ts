/**
 * The Shape Lens language server: document sync, then every feature as a thin view over the one
 * cached AnalysisResult of a document version (see documents.ts). The analyses run in the analysis
 * worker (worker.ts), so this loop answers requests on other documents, and cancellations, while
 * one runs; the worker runs the analyzer its entry point gives it (main.ts, or a test double).
 *
 * Every handler is guarded: an exception is logged and answered with an empty result, never left
 * to take the server down.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  Position,
  RequestType,
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import type { ResourceLimits } from 'node:worker_threads';
import type { AnalysisResult, Language } from '../analysis/types.js';
import { codeActions, documentLayers, HintIndex, hintTooltipMarkup, isHintData, toLspDiagnostic } from './convert.js';
import { DocumentStore, type OpenDocument } from './documents.js';
import { shapeFormat } from '../analysis/format.js';
import { summaryText, type HintOptions } from './format.js';
import { hoverMarkdown, layersAt } from './hover.js';
import { Importers, pathOfUri } from './modules.js';
import { modelTables, type ModelSummary } from './summary-view.js';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings.js';
import { NOTEBOOK_SELECTOR, OpenNotebooks } from './notebooks.js';
import { WorkerClient } from './worker-client.js';
import { WARM_UP_MAX_RUN_MS } from './worker.js';
import type { JobSettings } from './worker-protocol.js';

export interface ServerOptions {
  /** The script the analysis worker runs (the entry point's own bundle; see worker.ts). */
  readonly workerFile: string;
  /** Limits of the worker's heap (main.ts). */
  readonly resourceLimits?: ResourceLimits;
}

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

function basename(uri: string): string {
  const path = decodeURIComponent(uri.replace(/[?#].*$/, ''));
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/** How many times the hints of the first analysis of each language are rebuilt while idle (see warmUp). */
const WARM_UP_RUNS = 20;
/** Hints of more layers than this are not warmed up: one run would hold the loop for long. */
const WARM_UP_MAX_LAYERS = 20_000;
/** How long no message must come in before warm-up runs. */
const WARM_UP_QUIET_MS = 50;

/** A range holding every position of any document. */
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: Number.MAX_SAFE_INTEGER, character: 0 } };

export function startServer(connection: Connection, options: ServerOptions): void {
  /** The window's settings: what a document gets until its own (folder) settings are known. */
  let settings: Settings = DEFAULT_SETTINGS;
  /** Per open document, its own settings (the workspace folder's may differ from the window's). */
  const docSettings = new Map<string, Settings>();
  const settingsOf = (uri: string): Settings => docSettings.get(uri) ?? settings;
  let caps: ClientCapabilities = {};
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * Per open document, the hint index of the analysis last asked for hints and the settings object
   * it was built with. Held strongly and replaced, not in a WeakMap keyed by the analysis: V8's
   * young-generation GC keeps WeakMap values alive, so it would copy every superseded index and
   * the layers it holds (5-8 ms scavenges instead of 1-3 on resnet152).
   */
  const hintIndexes = new Map<string, { result: AnalysisResult; settings: Settings; index: HintIndex }>();

  const logError = (message: string, e: unknown): void => {
    try {
      connection.console.error(`${message}: ${errorText(e)}`);
    } catch {
      // The connection itself is gone: nothing left to tell.
    }
  };

  // The worker starts now: it compiles web-tree-sitter and both grammars while the client's
  // initialize and first didOpen are on their way.
  const worker = new WorkerClient({ file: options.workerFile, onLog: (message) => logError('analysis worker', message), ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
  const store = new DocumentStore(worker, (doc) => jobSettings(doc));

  /** Open notebooks: each is a Python document of the store under the notebook's URI. */
  const notebooks = new OpenNotebooks();

  /** Which open documents read which files (Python imports), from their analyses. */
  const importers = new Importers();
  /** Workspace folders and the interpreter: where the worker's resolvers look for imports. */
  let folders: readonly string[] = [];
  let interpreterPath: string | null = null;

  function jobSettings(doc: OpenDocument): JobSettings {
    const s = settingsOf(doc.uri);
    if (doc.language === 'prototxt') return { phase: s.prototxt.phase, stages: s.prototxt.stages, level: s.prototxt.level, defaultInputs: s.prototxt.defaultInputs };
    return { notes: s.notes, imageDataFormat: s.python.imageDataFormat, keras1DimOrdering: s.python.keras1DimOrdering, searchPaths: s.python.searchPaths };
  }

  /**
   * The analysis of a document's current text (from the cache, else the worker's). A request's
   * `token` leaves the wait as soon as the client cancels (the worker's job stops when no one else
   * waits for it); null when the document is not analysed, or the wait ended without a result.
   */
  async function analysisOf(doc: OpenDocument, token?: CancellationToken): Promise<AnalysisResult | null> {
    const fresh = store.isFresh(doc);
    const pending = store.analysis(doc, token !== undefined);
    const subscription = token?.onCancellationRequested(pending.cancel);
    const outcome = await pending.result.finally(() => subscription?.dispose());
    if (outcome === 'cancelled' || token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (outcome === 'superseded') throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
    if (outcome && !fresh) {
      importers.record(doc.uri, outcome);
      warmUp(outcome.language, doc.uri, outcome.layers.length);
    }
    return outcome;
  }

  /**
   * A file changed (edited in the editor, on disk, created, deleted or closed): the open documents
   * that read it are analysed again; with `created`, also those with an import that found nothing.
   */
  function refreshImporters(path: string | null, created = false): void {
    if (path === null) return;
    const uris = new Set(importers.of(path));
    if (created) for (const doc of store.all()) if (doc.cached?.result.diagnostics.some((d) => d.code === 'unresolved-import')) uris.add(doc.uri);
    const docs = [...uris].map((uri) => store.get(uri)).filter((doc): doc is OpenDocument => doc !== undefined && pathOfUri(doc.uri) !== path);
    for (const doc of docs) store.invalidate(doc);
    if (docs.length > 0) refreshViews(docs.map((doc) => doc.uri));
  }

  /** Messages received so far: warm-up runs only while this stands still. */
  let messages = 0;
  const warmedUp = new Set<Language>();

  /**
   * V8 optimises code only after running it a number of times: until then (the first ~20 edits
   * after opening a file) it takes 2-4 times longer. So after the first analysis of each language
   * the server rebuilds that document's hints while idle, one run per turn and each result thrown
   * away, until WARM_UP_RUNS runs or one outlasts WARM_UP_MAX_RUN_MS; a message pauses it for a quiet spell (the worker warms the
   * analysis the same way). The first run also builds the text's line table, which the first
   * change would otherwise build (3 ms on resnet152.prototxt while that code is not yet compiled).
   */
  function warmUp(language: Language, uri: string, layers: number): void {
    if (warmedUp.has(language) || layers > WARM_UP_MAX_LAYERS) return;
    warmedUp.add(language);
    let runs = 0;
    let seen = messages;
    const step = (): void => {
      const doc = store.get(uri);
      if (!doc?.cached || doc.language !== language || runs >= WARM_UP_RUNS) return;
      if (messages !== seen) {
        seen = messages;
        setTimeout(step, WARM_UP_QUIET_MS);
        return;
      }
      runs++;
      const started = performance.now();
      try {
        if (runs === 1) doc.document.offsetAt({ line: 0, character: 0 }); // builds the line table
        newHintIndex(doc, doc.cached.result).inRange(EVERYWHERE);
      } catch {
        return; // The document's own analysis reports failures.
      }
      if (performance.now() - started <= WARM_UP_MAX_RUN_MS) setTimeout(step, 0);
    };
    setTimeout(step, WARM_UP_QUIET_MS);
  }

  /** Runs a request handler; any failure becomes a log line and `empty`, cancellation an error. */
  async function guard<T>(name: string, empty: T, token: CancellationToken | undefined, fn: () => T | Promise<T>): Promise<T> {
    messages++;
    try {
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      const result = await fn();
      // Cancelled while it ran: the client has dropped it, say so rather than answer stale work.
      if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      return result;
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      logError(`${name} failed`, e);
      return empty;
    }
  }

  /** The analysis a request reads (a notebook cell's: its notebook's, seen from the cell). */
  async function analysisFor(uri: string, token: CancellationToken): Promise<{ doc: OpenDocument; result: AnalysisResult } | null> {
    const cell = store.get(uri) ? null : notebooks.cellOf(uri);
    if (cell) {
      const a = await analysisFor(cell.notebook, token);
      return a ? { doc: a.doc, result: notebooks.view(cell, a.result) } : null;
    }
    const doc = store.get(uri);
    if (!doc || !doc.language) return null;
    const result = await analysisOf(doc, token);
    return result ? { doc, result } : null;
  }

  function hintOptions(language: Language, uri: string): HintOptions {
    const s = settingsOf(uri);
    return { format: shapeFormat(language, s.shapeFormat), showParams: s.inlayHints.showParams };
  }

  function newHintIndex(doc: OpenDocument, result: AnalysisResult, uri = doc.uri): HintIndex {
    // Tooltips wait for inlayHint/resolve when the client can ask for them; a cell's come with its
    // hints (resolve finds a hint by the revision of the document it is in, and a cell has none).
    const lazy = uri === doc.uri && (caps.textDocument?.inlayHint?.resolveSupport?.properties.includes('tooltip') ?? false);
    return new HintIndex(result, hintOptions(result.language, uri), lazy ? doc.revision : undefined);
  }

  async function publishDiagnostics(uri: string): Promise<void> {
    const doc = store.get(uri);
    if (!doc || !doc.language) return;
    const result = await analysisOf(doc).catch(() => null); // superseded: the newer text's diagnostics are scheduled
    if (!result || store.get(uri) !== doc) return;
    // A notebook's diagnostics go to its cells, each in the cell's positions.
    const targets = notebooks.documents.getNotebookDocument(uri) ? notebooks.cellViews(uri, result) : [{ uri, version: doc.version, result }];
    // Porting notes are the front end's to leave out (the `notes` option), so every diagnostic shows.
    for (const t of targets) void connection.sendDiagnostics({ uri: t.uri, version: t.version ?? undefined, diagnostics: t.result.diagnostics.map((d) => toLspDiagnostic(d, t.uri)) });
  }

  function scheduleDiagnostics(uri: string, delay: number): void {
    const old = pending.get(uri);
    if (old) clearTimeout(old);
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        publishDiagnostics(uri).catch((e: unknown) => logError(`diagnostics of ${uri} failed`, e));
      }, delay),
    );
  }

  /**
   * Analyses a changed document once the messages already received are handled, not when hints are
   * asked for: editors ask after a pause (VS Code debounces inlay-hint requests), and the answer is
   * then ready. Changes that arrive together are analysed once, at the latest text: the connection
   * handles one message per event-loop turn and queues the next message's turn when a handler
   * returns, so the analysis is asked for from a microtask (after that turn) and not when a newer
   * change has come by then (that change asks for its own).
   */
  function analyseSoon(uri: string, revision: number): void {
    queueMicrotask(() =>
      setImmediate(() => {
        const doc = store.get(uri);
        if (doc?.language && doc.revision === revision && !store.isFresh(doc)) analysisOf(doc).catch(() => undefined);
      }),
    );
  }

  /** The window's settings, then each open document's (a client that pulls answers per folder). */
  async function pullSettings(): Promise<void> {
    if (!caps.workspace?.configuration) return;
    const [raw, python] = (await connection.workspace.getConfiguration([{ section: 'shapelens' }, { section: 'python' }])) as unknown[];
    const configured = typeof python === 'object' && python !== null && 'defaultInterpreterPath' in python ? (python as { defaultInterpreterPath: unknown }).defaultInterpreterPath : null;
    const interpreter = typeof configured === 'string' && configured.includes('/') ? configured : null;
    if (interpreter !== interpreterPath) {
      interpreterPath = interpreter;
      worker.setModules(folders, interpreterPath);
      store.invalidate();
    }
    applySettings(parseSettings(raw));
    await Promise.all(store.all().map((doc) => pullDocumentSettings(doc.uri)));
  }

  function applySettings(next: Settings): void {
    const changed = JSON.stringify(next) !== JSON.stringify(settings);
    settings = next;
    if (!changed) return;
    store.invalidate();
    refreshViews(store.all().map((doc) => doc.uri));
  }

  /** The settings of the workspace folder holding `uri` (`scope: resource` in package.json). */
  async function pullDocumentSettings(uri: string): Promise<void> {
    if (!caps.workspace?.configuration) return;
    const next = parseSettings(await connection.workspace.getConfiguration({ scopeUri: uri, section: 'shapelens' }));
    const doc = store.get(uri);
    if (!doc || JSON.stringify(next) === JSON.stringify(settingsOf(uri))) return;
    docSettings.set(uri, next);
    store.invalidate(doc);
    refreshViews([uri]);
  }

  /** After a settings change: hints asked again, diagnostics pushed again. */
  function refreshViews(uris: readonly string[]): void {
    if (caps.workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh().catch(() => undefined);
    for (const uri of uris) scheduleDiagnostics(uri, 0);
  }

  connection.onInitialize((params): InitializeResult => {
    caps = params.capabilities;
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = uris.map(pathOfUri).filter((p): p is string => p !== null);
    worker.setModules(folders, interpreterPath);
    const init: unknown = params.initializationOptions;
    if (typeof init === 'object' && init !== null && 'settings' in init) settings = parseSettings((init as { settings: unknown }).settings);
    return {
      capabilities: {
        // Incremental: an edit arrives as the replaced range, not the whole text again.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        notebookDocumentSync: { notebookSelector: NOTEBOOK_SELECTOR },
        hoverProvider: true,
        inlayHintProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        executeCommandProvider: { commands: [SUMMARY_COMMAND] },
      },
      serverInfo: { name: 'shapelens-lsp', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (caps.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'shapelens' }).catch(() => undefined);
    }
    if (caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.py' }] }).catch(() => undefined);
    }
    pullSettings().catch((e: unknown) => logError('reading settings failed', e));
  });

  connection.onDidChangeConfiguration((params) => {
    messages++;
    try {
      if (caps.workspace?.configuration) {
        pullSettings().catch((e: unknown) => logError('reading settings failed', e));
      } else {
        const raw: unknown = params.settings;
        const section = typeof raw === 'object' && raw !== null && 'shapelens' in raw ? (raw as { shapelens: unknown }).shapelens : raw;
        applySettings(parseSettings(section));
      }
    } catch (e) {
      logError('didChangeConfiguration failed', e);
    }
  });

  connection.onDidOpenTextDocument((params) => {
    messages++;
    const { uri, languageId, version, text } = params.textDocument;
    try {
      store.open(uri, languageId, version, text);
      scheduleDiagnostics(uri, 0);
      pullDocumentSettings(uri).catch((e: unknown) => logError(`reading the settings of ${uri} failed`, e));
    } catch (e) {
      logError(`didOpen of ${uri} failed`, e);
    }
  });

  connection.onDidChangeTextDocument((params) => {
    messages++;
    const { uri, version } = params.textDocument;
    try {
      const open = store.get(uri);
      if (open && version < open.version) {
        connection.console.warn(`didChange of ${uri} ignored: version ${version} is older than the document's ${open.version}`);
        return;
      }
      const doc = store.change(uri, version, params.contentChanges);
      if (!doc) return;
      scheduleDiagnostics(uri, settingsOf(uri).diagnosticsDelay);
      analyseSoon(uri, doc.revision);
      refreshImporters(pathOfUri(uri));
    } catch (e) {
      logError(`didChange of ${uri} failed`, e);
    }
  });

  connection.onDidCloseTextDocument((params) => {
    messages++;
    const { uri } = params.textDocument;
    const timer = pending.get(uri);
    if (timer) clearTimeout(timer);
    pending.delete(uri);
    hintIndexes.delete(uri);
    docSettings.delete(uri);
    importers.forget(uri);
    try {
      store.close(uri);
      // Its importers read the disk from now on.
      refreshImporters(pathOfUri(uri));
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    } catch (e) {
      logError(`didClose of ${uri} failed`, e);
    }
  });

  connection.onDidChangeWatchedFiles((params) => {
    messages++;
    try {
      const created = params.changes.some((c) => c.type === FileChangeType.Created);
      if (created) worker.setModules(folders, interpreterPath);
      for (const change of params.changes) refreshImporters(pathOfUri(change.uri), change.type === FileChangeType.Created);
    } catch (e) {
      logError('didChangeWatchedFiles failed', e);
    }
  });

  connection.languages.inlayHint.on((params, token) =>
    guard('inlayHint', [], token, async () => {
      const uri = params.textDocument.uri;
      const language = store.get(uri)?.language ?? (notebooks.cellOf(uri) ? 'python' : null);
      if (!language || !settingsOf(uri).inlayHints[language]) return [];
      const a = await analysisFor(uri, token);
      if (!a) return [];
      // One hint index per analysis and settings: requests (one per scroll) build only their range.
      let cached = hintIndexes.get(uri);
      const s = settingsOf(uri);
      if (!cached || cached.result !== a.result || cached.settings !== s) {
        cached = { result: a.result, settings: s, index: newHintIndex(a.doc, a.result, uri) };
        hintIndexes.set(uri, cached);
      }
      return cached.index.inRange(params.range);
    }),
  );

  connection.languages.inlayHint.resolve((hint, token) =>
    guard('inlayHint/resolve', hint, token, () => {
      const data: unknown = hint.data;
      if (!isHintData(data) || !Position.is(hint.position)) return hint;
      // Only from the analysis the hint came from: a newer one may have moved the layers.
      const doc = store.atRevision(data);
      if (!doc || !store.isFresh(doc) || !doc.cached) return hint;
      const tooltip = hintTooltipMarkup(doc.cached.result, hint.position, hintOptions(doc.cached.result.language, doc.uri));
      return tooltip ? { ...hint, tooltip } : hint;
    }),
  );

  connection.onHover((params, token) =>
    guard('hover', null, token, async () => {
      const a = await analysisFor(params.textDocument.uri, token);
      if (!a) return null;
      const value = hoverMarkdown(layersAt(documentLayers(a.result), params.position), shapeFormat(a.result.language, settingsOf(a.doc.uri).shapeFormat));
      return value ? { contents: { kind: 'markdown' as const, value } } : null;
    }),
  );

  connection.onCodeAction((params, token) =>
    guard('codeAction', [], token, async () => {
      const a = await analysisFor(params.textDocument.uri, token);
      if (!a) return [];
      return codeActions(a.result, params.range, params.context, {
        uri: params.textDocument.uri,
        version: notebooks.cellVersion(params.textDocument.uri) ?? a.doc.version,
        documentChanges: caps.workspace?.workspaceEdit?.documentChanges === true,
        versionOf: (uri) => notebooks.cellVersion(uri),
      });
    }),
  );

  async function summary(uri: string, token: CancellationToken): Promise<SummaryResult | null> {
    const a = await analysisFor(uri, token);
    if (!a) return null;
    const title = `${basename(uri)}`;
    return { title, text: summaryText(a.result, title, shapeFormat(a.result.language, settingsOf(uri).shapeFormat)) };
  }

  connection.onRequest(SummaryRequest, (params, token) => guard('summary', null, token, () => summary(params.textDocument.uri, token)));

  connection.onRequest(ModelSummaryRequest, (params, token) =>
    guard('modelSummary', null, token, async (): Promise<ModelSummary | null> => {
      const uri = params.textDocument.uri;
      const a = await analysisFor(uri, token);
      if (!a) return null;
      const tables = notebooks.inCells(uri, modelTables(a.result, basename(uri), shapeFormat(a.result.language, settingsOf(uri).shapeFormat)));
      return { uri, version: a.doc.version, language: a.result.language, tables };
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

  notebooks.documents.onDidOpen((notebook) => {
    messages++;
    try {
      store.open(notebook.uri, 'python', notebook.version, notebooks.rebuild(notebook));
      scheduleDiagnostics(notebook.uri, 0);
    } catch (e) {
      logError(`notebookDocument/didOpen of ${notebook.uri} failed`, e);
    }
  });

  notebooks.documents.onDidChange(({ notebookDocument: notebook, cells }) => {
    messages++;
    try {
      // A removed cell's diagnostics go with it.
      for (const removed of cells?.removed ?? []) {
        hintIndexes.delete(removed.document);
        void connection.sendDiagnostics({ uri: removed.document, diagnostics: [] });
      }
      const doc = store.change(notebook.uri, notebook.version, [{ text: notebooks.rebuild(notebook) }]);
      if (!doc) return;
      scheduleDiagnostics(notebook.uri, settingsOf(notebook.uri).diagnosticsDelay);
      analyseSoon(notebook.uri, doc.revision);
      // Every cell's hints may have moved with an edit in an earlier one.
      if (caps.workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh().catch(() => undefined);
    } catch (e) {
      logError(`notebookDocument/didChange of ${notebook.uri} failed`, e);
    }
  });

  notebooks.documents.onDidClose((notebook) => {
    messages++;
    try {
      for (const c of notebook.cells) {
        hintIndexes.delete(c.document);
        void connection.sendDiagnostics({ uri: c.document, diagnostics: [] });
      }
      notebooks.forget(notebook);
      const timer = pending.get(notebook.uri);
      if (timer) clearTimeout(timer);
      pending.delete(notebook.uri);
      store.close(notebook.uri);
    } catch (e) {
      logError(`notebookDocument/didClose of ${notebook.uri} failed`, e);
    }
  });
  notebooks.documents.listen(connection);

  connection.onShutdown(() => {
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  });

  connection.listen();
}
