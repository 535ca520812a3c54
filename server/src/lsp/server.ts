/**
 * The Shape Lens language server: lifecycle, settings, document and notebook sync, diagnostics.
 * The analyses run in the analysis worker (worker.ts), which keeps each document's result and
 * answers the view requests (view-requests.ts) from it, so this loop answers requests on other
 * documents, and cancellations, while one runs; the worker runs the analyzer its entry point
 * gives it (main.ts, or a test double).
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
  ResponseError,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import type { ResourceLimits } from 'node:worker_threads';
import { toLspDiagnostic } from './convert.js';
import { DocumentStore, type CachedAnalysis, type OpenDocument } from './documents.js';
import { Importers, pathOfUri } from './importers.js';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings.js';
import { NOTEBOOK_SELECTOR, OpenNotebooks } from './notebooks.js';
import { registerViewRequests, SUMMARY_COMMAND } from './view-requests.js';
import type { StartedWorker } from './worker-start.js';
import { WorkerPool } from './worker-pool.js';
import type { JobSettings } from './worker-protocol.js';

export interface ServerOptions {
  /** The script the analysis worker runs (the entry point's own bundle; see worker.ts). */
  readonly workerFile: string;
  /** Limits of the worker's heap (main.ts). */
  readonly resourceLimits?: ResourceLimits;
  /** The first worker, started already (main.ts starts it before the server's modules load). */
  readonly firstWorker?: StartedWorker;
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

export function startServer(connection: Connection, options: ServerOptions): void {
  /** The window's settings: what a document gets until its own (folder) settings are known. */
  let settings: Settings = DEFAULT_SETTINGS;
  /** Per open document, its own settings (the workspace folder's may differ from the window's). */
  const docSettings = new Map<string, Settings>();
  const settingsOf = (uri: string): Settings => docSettings.get(uri) ?? settings;
  let caps: ClientCapabilities = {};
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const logError = (message: string, e: unknown): void => {
    try {
      connection.console.error(`${message}: ${errorText(e)}`);
    } catch {
      // The connection itself is gone: nothing left to tell.
    }
  };

  // The worker starts now: it compiles web-tree-sitter and both grammars while the client's
  // initialize and first didOpen are on their way.
  const worker = new WorkerPool({
    file: options.workerFile,
    onLog: (message) => logError('analysis worker', message),
    onCopy: (uri, revision, generation, result) => store.hold(uri, revision, generation, result),
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
    ...(options.firstWorker ? { first: options.firstWorker } : {}),
  });
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
   * The analysis of a document's current text (from the cache, else the worker's; a notebook's
   * whole result, which the server maps onto its cells). A request's `token` leaves the wait as
   * soon as the client cancels (the worker's job stops when no one else waits for it); null when
   * the document is not analysed, or the wait ended without a result.
   */
  async function analysisOf(doc: OpenDocument, token?: CancellationToken): Promise<CachedAnalysis | null> {
    const fresh = store.isFresh(doc);
    const pending = store.analysis(doc, token !== undefined, notebooks.documents.getNotebookDocument(doc.uri) !== undefined);
    const subscription = token?.onCancellationRequested(pending.cancel);
    const outcome = await pending.result.finally(() => subscription?.dispose());
    if (outcome === 'cancelled' || token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    if (outcome === 'superseded') throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
    if (outcome && !fresh) importers.record(doc.uri, outcome.facts.dependencies);
    return outcome;
  }

  /**
   * A file changed (edited in the editor, on disk, created, deleted or closed): the open documents
   * that read it are analysed again; with `created`, also those with an import that found nothing.
   */
  function refreshImporters(path: string | null, created = false): void {
    if (path === null) return;
    const uris = new Set(importers.of(path));
    if (created) for (const doc of store.all()) if (doc.cached?.facts.unresolvedImports) uris.add(doc.uri);
    const docs = [...uris].map((uri) => store.get(uri)).filter((doc): doc is OpenDocument => doc !== undefined && pathOfUri(doc.uri) !== path);
    for (const doc of docs) store.invalidate(doc);
    if (docs.length > 0) refreshViews(docs.map((doc) => doc.uri));
  }

  /** Runs a request handler; any failure becomes a log line and `empty`, cancellation an error. */
  async function guard<T>(name: string, empty: T, token: CancellationToken | undefined, fn: () => T | Promise<T>): Promise<T> {
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

  async function publishDiagnostics(uri: string): Promise<void> {
    const doc = store.get(uri);
    if (!doc || !doc.language) return;
    const a = await analysisOf(doc).catch(() => null); // superseded: the newer text's diagnostics are scheduled
    if (!a || store.get(uri) !== doc) return;
    // Porting notes are the front end's to leave out (the `notes` option), so every diagnostic shows.
    if (!notebooks.documents.getNotebookDocument(uri) || !a.result) return void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: [...a.facts.diagnostics] });
    // A notebook's diagnostics go to its cells, each in the cell's positions.
    for (const t of notebooks.cellViews(uri, a.result)) void connection.sendDiagnostics({ uri: t.uri, version: t.version ?? undefined, diagnostics: t.result.diagnostics.map((d) => toLspDiagnostic(d, t.uri)) });
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
    const { uri } = params.textDocument;
    const timer = pending.get(uri);
    if (timer) clearTimeout(timer);
    pending.delete(uri);
    views.forget(uri);
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
    try {
      const created = params.changes.some((c) => c.type === FileChangeType.Created);
      if (created) worker.setModules(folders, interpreterPath);
      for (const change of params.changes) refreshImporters(pathOfUri(change.uri), change.type === FileChangeType.Created);
    } catch (e) {
      logError('didChangeWatchedFiles failed', e);
    }
  });

  const views = registerViewRequests({ connection, store, notebooks, worker, caps: () => caps, settingsOf, guard, analysisOf });

  notebooks.documents.onDidOpen((notebook) => {
    try {
      store.open(notebook.uri, 'python', notebook.version, notebooks.rebuild(notebook));
      scheduleDiagnostics(notebook.uri, 0);
    } catch (e) {
      logError(`notebookDocument/didOpen of ${notebook.uri} failed`, e);
    }
  });

  notebooks.documents.onDidChange(({ notebookDocument: notebook, cells }) => {
    try {
      // A removed cell's diagnostics go with it.
      for (const removed of cells?.removed ?? []) {
        views.forget(removed.document);
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
    try {
      for (const c of notebook.cells) {
        views.forget(c.document);
        void connection.sendDiagnostics({ uri: c.document, diagnostics: [] });
      }
      notebooks.forget(notebook);
      views.forget(notebook.uri);
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
