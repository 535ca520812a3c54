/**
 * The analysis worker: a `worker_threads` thread that parses and analyses, so the server's request
 * loop (server.ts) stays free while an analysis runs. It holds what an analysis needs between runs
 * and cannot cross threads: the syntax trees (worker-documents.ts), each document's `DocumentCache`
 * and the import resolvers; and each document's last result, which it answers the server's view
 * queries from (views.ts), so an edit's answer crosses the thread, not its whole result. One job at
 * a time (the server sends the next when this one is answered); a job stops within one
 * cancellation check of the server setting its cancel slot (a newer edit, or every request waiting
 * for it cancelled).
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import type { Parser, Tree } from 'web-tree-sitter';
import { DocumentCache, parserText } from '../analyzer/analyze.js';
import type { AnalysisResult, Language } from '../analysis/types.js';
import type { ModuleOptions } from '../python/modules.js';
import { initParsing, loadLanguage, newParser, type GrammarFiles } from '../parsing/languages.js';
import { EditorModules } from './modules.js';
import type { Phase } from './settings.js';
import { WorkerDocuments, type WorkerDocument } from './worker-documents.js';
import { BUSY_SLOT, CANCEL_SLOT, HEAVY_CHARS, VIEWS_SLOT, type FromWorker, type JobSettings, type ToWorker, type ViewReply, type ViewRequest } from './worker-protocol.js';
import { analysisFacts, ResultViews, type ViewOptions } from './views.js';

/** What the front ends take (analyzer/analyze.ts · AnalyzeOptions). */
export interface AnalyzerOptions {
  defaultInputs?: Readonly<Record<string, readonly number[]>>;
  phase?: Phase;
  stages?: readonly string[];
  level?: number;
  notes?: boolean;
  imageDataFormat?: 'channels_last' | 'channels_first';
  keras1DimOrdering?: 'th' | 'tf';
  cache?: DocumentCache;
  modules?: ModuleOptions;
  /** The text the tree was parsed from. */
  text?: string;
  /** True once the result is no longer wanted: the analysis stops at its next check. */
  cancelled?: () => boolean;
}

/** The analysis entry point: analyzer/analyze.ts · analyzeTree, or a test double. */
export type Analyzer = (language: Language, tree: Tree, options: AnalyzerOptions) => AnalysisResult;

/**
 * A Python document's analysis after an edit from its cache's last copy, parsing only what the edit
 * touched (analyzer/analyze.ts · analyzeEditedPython); null: parse the whole text (`Analyzer`).
 */
export type EditAnalyzer = (parser: Parser, text: string, options: AnalyzerOptions & { cache: DocumentCache }) => AnalysisResult | null;
/** A Python text parsed in parts and analysed: python/analyze.ts · analyzePythonText. */
export type TextAnalyzer = (parser: Parser, text: string, options: Omit<AnalyzerOptions, 'cache'>) => AnalysisResult;

export interface WorkerOptions {
  readonly grammarFiles: GrammarFiles;
  readonly analyze: Analyzer;
  /** Tried first on a Python document with a cache (its tree is then re-parsed only when this declines). */
  readonly analyzeEdited?: EditAnalyzer;
  /** Analyses the Python documents over HEAVY_CHARS (uncached) from their text, parsed in parts, keeping no tree (without it: from a kept tree). */
  readonly analyzeText?: TextAnalyzer;
  /** Check every incremental parse against a fresh one (tests). */
  readonly checkIncremental?: boolean;
  /** Told after each finished analysis (worker-main.ts saves the code cache after a language's first). */
  readonly onAnalysed?: (language: Language) => void;
}

/** What the server hands the worker when it starts it (worker-client.ts). */
export interface WorkerData {
  /** The Int32Array slots of worker-protocol.ts. */
  readonly flags: SharedArrayBuffer;
  /** Where view queries come in and their answers go (ViewRequest, ViewReply). */
  readonly views: MessagePort;
}

/** The analysis a document's view queries read: its last job's result. */
interface KeptAnalysis {
  readonly revision: number;
  readonly generation: number;
  readonly views: ResultViews;
  /** Whether the server has its copy (or is not to get one: see sendCopy). */
  copied: boolean;
}

/** How long a document must go unedited before its result is copied to the server. */
const COPY_QUIET_MS = 300;
/** Results with more layers than this stay in the worker only (the copy would double their memory). */
const COPY_MAX_LAYERS = 20_000;

/** How many times the first analysis of each language is re-run while idle (see warmUp). */
const WARM_UP_RUNS = 20;
/** How long no message must come in before warm-up runs. */
const WARM_UP_QUIET_MS = 50;
/**
 * A warm-up run longer than this ends the warm-up: an analysis that long has run its code often
 * enough to be optimised, and re-running it would keep the worker busy for nothing (a file near
 * the size cap takes seconds).
 */
export const WARM_UP_MAX_RUN_MS = 250;

/** A range holding every position of any document. */
const EVERYWHERE = { start: { line: 0, character: 0 }, end: { line: Number.MAX_SAFE_INTEGER, character: 0 } };

/**
 * `text` with one digit changed (most often a layer's width or kernel, or a digit of its name): the
 * edits warm-up runs make, the `k`-th at the first digit past 1/4, 1/2 or 3/4 of the text in turn,
 * so that both kinds of edit get run, those whose effect ends at the next layer and those that
 * change everything after them. The text itself when no digit follows that place.
 */
export function warmUpEdit(text: string, k: number): string {
  const digit = /[0-9]/g;
  digit.lastIndex = Math.floor((text.length * (1 + (k % 3))) / 4);
  const at = digit.exec(text)?.index;
  return at === undefined ? text : `${text.slice(0, at)}${(Number(text[at]) + 1) % 10}${text.slice(at + 1)}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function emptyAnalysis(language: Language): AnalysisResult {
  return { language, layers: [], diagnostics: [] };
}

export function runAnalysisWorker(options: WorkerOptions): void {
  const port = parentPort;
  if (!port) throw new Error('runAnalysisWorker runs in a worker thread');
  const data = workerData as WorkerData;
  const flags = new Int32Array(data.flags);
  const viewPort = data.views;
  const post = (message: FromWorker): void => port.postMessage(message);
  /**
   * A view reply; hints' bytes (made for this reply: HintIndex.jsonInRange) are handed over, not
   * copied: copying a whole document's hints took longer than building them from the kept texts.
   */
  const reply = (message: ViewReply): void => {
    const bytes = 'answer' in message && message.answer instanceof Uint8Array ? message.answer.buffer : null;
    viewPort.postMessage(message, bytes instanceof ArrayBuffer ? [bytes] : []);
  };
  const logError = (message: string, e: unknown): void => post({ kind: 'log', message: `${message}: ${errorText(e)}` });

  const parsers: { [L in Language]?: Parser } = {};
  const loading: { [L in Language]?: Promise<Parser> } = {};
  const loadParser = (language: Language): Promise<Parser> => (loading[language] ??= loadLanguage(options.grammarFiles, language).then((grammar) => (parsers[language] = newParser(grammar))));
  // Read and compiled now, while the client's initialize and first didOpen are on their way.
  initParsing(options.grammarFiles).catch((e: unknown) => logError('initialising tree-sitter failed', e));
  for (const language of ['prototxt', 'python'] as const) loadParser(language).catch(() => undefined);

  const docs = new WorkerDocuments({ onError: logError, checkIncremental: options.checkIncremental ?? false });
  /** Per open document, its last analysis' work: the next one reuses what an edit left alone. */
  const caches = new Map<string, DocumentCache>();
  /** Per open document, the result its view queries are answered from. */
  const kept = new Map<string, KeptAnalysis>();
  const modules = new EditorModules((path) => docs.textAt(path));
  /** Messages received so far: warm-up runs only while this stands still. */
  let messages = 0;
  const warmedUp = new Set<Language>();

  /** Per document, the timer that copies its result to the server once it is quiet. */
  const copyTimers = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * Sends the server its own copy of a document's kept result. Not on an edit's path: only once the
   * document is quiet, or before this worker turns to another document (whose analysis would hold
   * up the views answered here), so the copy costs nothing an edit waits for, and requests on a
   * quiet document are answered on the server's loop even while a heavy analysis runs here.
   */
  function sendCopy(uri: string): void {
    const k = kept.get(uri);
    if (!k || k.copied) return;
    k.copied = true;
    post({ kind: 'copy', uri, revision: k.revision, generation: k.generation, result: k.views.result });
  }

  function stopCopy(uri: string): void {
    const timer = copyTimers.get(uri);
    if (timer) clearTimeout(timer);
    copyTimers.delete(uri);
  }

  /** The options hints were last asked with (warm-up builds hints with them). */
  let hintOptions: ViewOptions | null = null;

  function answer(request: ViewRequest): ViewReply {
    if (request.query.kind === 'hints') hintOptions = request.options;
    const k = kept.get(request.uri);
    if (!k || k.revision !== request.revision || k.generation !== request.generation) return { id: request.id, stale: true };
    try {
      return { id: request.id, answer: k.views.answer(request.query, request.options) };
    } catch (e) {
      logError(`${request.query.kind} of ${request.uri} failed`, e);
      return { id: request.id, answer: null };
    }
  }
  /** The last job id received, and view queries waiting for a job (ViewRequest.after) by its id. */
  let lastJob = 0;
  /** The job running, if any. */
  let running: number | null = null;
  const waiting = new Map<number, ViewRequest[]>();
  /** Answers a query now, or once the job it waits for (received or still on its way) has ended. */
  function receive(request: ViewRequest): void {
    messages++;
    const after = request.after;
    if (after !== undefined && (after > lastJob || running === after)) {
      waiting.set(after, [...(waiting.get(after) ?? []), request]);
      return;
    }
    reply(answer(request));
  }
  viewPort.on('message', receive);
  /** View queries the server sent since the last look. */
  let viewsSeen = 0;
  /**
   * Answers the view queries waiting on the port, from inside a running analysis (its cancellation
   * checks call this): requests on other documents do not wait for a heavy one.
   */
  function serveViews(): void {
    const sent = Atomics.load(flags, VIEWS_SLOT);
    if (sent === viewsSeen) return;
    viewsSeen = sent;
    for (let m = receiveMessageOnPort(viewPort); m; m = receiveMessageOnPort(viewPort)) receive(m.message as ViewRequest);
  }

  /** The analysis of `uri`'s current text; null when the document is gone or not analysed. */
  function analyze(uri: string, settings: JobSettings, cancelled: () => boolean): AnalysisResult | null {
    const doc = docs.get(uri);
    const parser = doc?.language ? parsers[doc.language] : undefined;
    if (!doc?.language || !parser) return null;
    const language = doc.language;
    let cache = caches.get(uri);
    if (doc.document.getText().length > HEAVY_CHARS) {
      caches.delete(uri);
      cache = undefined;
    } else if (!cache) caches.set(uri, (cache = new DocumentCache()));
    const rest = analyzerOptions(uri, language, settings, cancelled);
    if (!cache && language === 'python' && options.analyzeText) return options.analyzeText(parser, docs.textOf(doc, language), rest);
    return analyzeOn(doc, language, parser, parserText(language, doc.document.getText()), rest, cache);
  }

  /**
   * `doc`'s analysis with `cache` (none: a heavy document's): a Python document's of `text`
   * through analyzeEdited first, else of the document's text from its tree.
   */
  function analyzeOn(doc: WorkerDocument, language: Language, parser: Parser, text: string, rest: AnalyzerOptions, cache: DocumentCache | undefined): AnalysisResult {
    if (language === 'python' && cache && options.analyzeEdited) {
      const result = options.analyzeEdited(parser, text, { ...rest, cache });
      if (result) return result;
    }
    // The tree stays at the text it was last parsed from: treeOf re-parses it from there when needed.
    const tree = docs.treeOf(doc, language, parser, rest.cancelled);
    if (!tree || doc.parsedText === null) return emptyAnalysis(language);
    return options.analyze(language, tree, { ...rest, ...(cache ? { cache } : {}), text: doc.parsedText });
  }

  /** The job's settings as the front ends take them, with the document's import resolver. */
  function analyzerOptions(uri: string, language: Language, settings: JobSettings, cancelled: () => boolean): AnalyzerOptions {
    const { searchPaths, ...rest } = settings;
    return { ...rest, ...(language === 'python' ? { modules: modules.optionsFor(uri, searchPaths ?? []) } : {}), cancelled };
  }

  /** Runs a job, then answers the view queries that waited for it (sent with it, or after it). */
  async function runJob(job: Extract<ToWorker, { kind: 'analyze' }>): Promise<void> {
    lastJob = job.id;
    running = job.id;
    if (job.views.length > 0) waiting.set(job.id, [...job.views, ...(waiting.get(job.id) ?? [])]);
    try {
      await analyzeJob(job);
    } finally {
      running = null;
      for (const r of answersFor(job.id)) reply(r);
    }
  }

  /** The answers to the view queries waiting for job `id`, which stop waiting. */
  function answersFor(id: number): ViewReply[] {
    const requests = waiting.get(id) ?? [];
    waiting.delete(id);
    return requests.map(answer);
  }

  async function analyzeJob(job: Extract<ToWorker, { kind: 'analyze' }>): Promise<void> {
    const cancelled = (): boolean => {
      serveViews();
      return Atomics.load(flags, CANCEL_SLOT) === job.id;
    };
    const language = docs.get(job.uri)?.language;
    try {
      if (language && !parsers[language]) await loadParser(language);
      // Changes that came in while the grammar loaded made this job stale (the server cancels it).
      if (cancelled() || docs.get(job.uri)?.revision !== job.revision) return post({ kind: 'cancelled', id: job.id });
      for (const uri of kept.keys()) if (uri !== job.uri) sendCopy(uri);
      const started = performance.now();
      const result = analyze(job.uri, job.settings, cancelled);
      if (cancelled()) return post({ kind: 'cancelled', id: job.id });
      if (!result) return post({ kind: 'failed', id: job.id, error: `${job.uri} is not open or its grammar did not load` });
      // A notebook's whole result went with its facts.
      kept.set(job.uri, { revision: job.revision, generation: job.generation, views: new ResultViews(result, undefined, kept.get(job.uri)?.views), copied: job.full || result.layers.length > COPY_MAX_LAYERS });
      // The answers waiting for the job are made first and posted right after it is reported done:
      // the server's loop wakes once for both (on a loaded 2-core machine each wake-up is a wait for a core).
      const replies = answersFor(job.id);
      post({ kind: 'done', id: job.id, facts: analysisFacts(result, job.uri), ...(job.full ? { result } : {}) });
      for (const r of replies) reply(r);
      options.onAnalysed?.(result.language);
      stopCopy(job.uri);
      copyTimers.set(job.uri, setTimeout(() => sendCopy(job.uri), COPY_QUIET_MS));
      // A first (cold) run up to 4 times a warm one's limit: see WARM_UP_MAX_RUN_MS.
      if (result && !warmedUp.has(result.language) && performance.now() - started <= 4 * WARM_UP_MAX_RUN_MS) warmUp(result.language, job.uri, job.settings);
    } catch (e) {
      post({ kind: 'failed', id: job.id, error: errorText(e) });
    }
  }

  /**
   * V8 optimises the analyzer only after running it a number of times: until then (the first ~20
   * edits after opening a file) an analysis takes 2-4 times longer. So after the first analysis of
   * each language the worker analyses that document again while idle, one run per turn and each
   * result thrown away, until WARM_UP_RUNS runs (or one takes longer than WARM_UP_MAX_RUN_MS); a
   * message pauses it for a quiet spell, and a job the server sends stops a run at once (the busy
   * slot moves). Each run builds the result's views as well (its diagnostics and every hint), from
   * the run before's as an edit's answer does.
   * A Python document's runs are edits, on a cache of their own: its whole text first, then a copy
   * with one digit changed (warmUpEdit) and the text again in turn, through analyzeEdited, so what
   * gets optimised is what an edit runs (the re-parse of the edited statement, the replay of the
   * others, the re-run of what the edit changed); re-running the unchanged text on the document's
   * cache would only replay it. Other documents re-run their analysis on their cache.
   */
  function warmUp(language: Language, uri: string, settings: JobSettings): void {
    warmedUp.add(language);
    let runs = 0;
    let seen = messages;
    const edits = language === 'python' && options.analyzeEdited ? new DocumentCache() : null;
    let views: ResultViews | undefined;
    const run = (cancelled: () => boolean): AnalysisResult | null => {
      const doc = docs.get(uri);
      const parser = parsers.python;
      if (!edits || !doc || !parser || doc.document.getText().length > HEAVY_CHARS) return analyze(uri, settings, cancelled);
      // The first run analyses the tree (its cache is empty); then the edited copy and the text in turn.
      const text = parserText('python', doc.document.getText());
      return analyzeOn(doc, 'python', parser, runs % 2 === 0 ? warmUpEdit(text, runs / 2) : text, analyzerOptions(uri, 'python', settings, cancelled), edits);
    };
    const step = (): void => {
      if (docs.get(uri)?.language !== language || runs >= WARM_UP_RUNS) return;
      if (messages !== seen) {
        seen = messages;
        setTimeout(step, WARM_UP_QUIET_MS);
        return;
      }
      runs++;
      const busy = Atomics.load(flags, BUSY_SLOT);
      const started = performance.now();
      try {
        const result = run(() => {
          serveViews();
          return Atomics.load(flags, BUSY_SLOT) !== busy;
        });
        // The views of the result too, with the options hints were last asked with.
        if (result && hintOptions) {
          analysisFacts(result, uri);
          views = new ResultViews(result, undefined, views);
          views.answer({ kind: 'hints', range: EVERYWHERE }, hintOptions);
        }
      } catch {
        return; // The document's own analysis reports failures.
      }
      if (performance.now() - started <= WARM_UP_MAX_RUN_MS) setTimeout(step, 0);
    };
    setTimeout(step, WARM_UP_QUIET_MS);
  }

  port.on('message', (message: ToWorker) => {
    messages++;
    try {
      switch (message.kind) {
        case 'open':
          docs.open(message.uri, message.languageId, message.language, message.version, message.text, message.revision);
          return;
        case 'change':
          docs.change(message.uri, message.version, message.changes, message.revision);
          stopCopy(message.uri);
          return;
        case 'close':
          docs.close(message.uri);
          caches.delete(message.uri);
          kept.delete(message.uri);
          stopCopy(message.uri);
          return;
        case 'modules':
          modules.folders = message.folders;
          modules.interpreterPath = message.interpreterPath;
          modules.reset();
          return;
        case 'analyze':
          void runJob(message);
          return;
      }
    } catch (e) {
      logError(`${message.kind} in the analysis worker failed`, e);
    }
  });
}
