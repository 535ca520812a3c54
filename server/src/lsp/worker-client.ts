/**
 * The server's side of the analysis worker (worker.ts): it starts the worker, keeps the worker's
 * copy of the open documents in step, and runs analyses there one at a time. Each analysis is a
 * job with the callers waiting for it; a job nobody waits for any more (every request cancelled)
 * or whose text changed is stopped through the shared cancel slot, which the analysis checks
 * next to its budgets. A worker that dies (out of memory, a crash) is started again and its job
 * fails; the documents are sent to the new one.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { AnalysisResult, Language } from '../analysis/types.js';
import { startWorker, type StartedWorker } from './worker-start.js';
import { BUSY_SLOT, CANCEL_SLOT, SLOTS, VIEWS_SLOT, type FromWorker, type JobSettings, type ToWorker, type ViewReply, type ViewRequest } from './worker-protocol.js';
import type { AnalysisFacts, ViewAnswer, ViewOptions, ViewQuery } from './views.js';

/** A finished analysis as the server gets it: its facts, and the whole result when it was asked for. */
export interface Analysed {
  readonly facts: AnalysisFacts;
  readonly result?: AnalysisResult;
}

/** A view query's outcome: the answer, or `stale` when the worker keeps no analysis of that text and settings. */
export type ViewOutcome<Q extends ViewQuery> = { readonly answer: ViewAnswer<Q> } | 'stale';

/** How a wait for an analysis ended when it gave no result. */
export type NoResult = 'cancelled' | 'superseded' | 'failed';

/** One caller waiting for a job: a request (`foreground`, answered first) or the server itself. */
interface Waiter {
  readonly foreground: boolean;
  readonly settle: (outcome: Analysed | NoResult) => void;
}

interface Job {
  readonly id: number;
  readonly uri: string;
  readonly revision: number;
  /** The settings generation the job was asked with (documents.ts): part of what it is. */
  readonly generation: number;
  readonly settings: JobSettings;
  /** Whether the whole result is wanted back (a notebook). */
  readonly full: boolean;
  readonly waiters: Set<Waiter>;
  /** View queries asked before the job was sent: they go with it, answered when it ends. */
  readonly views: ViewRequest[];
}

export interface WorkerClientOptions {
  /** The script the worker runs: the server's own bundle, which starts the worker side off the main thread. */
  readonly file: string;
  readonly onLog: (message: string) => void;
  /** The worker's copy of a finished analysis' whole result (worker-protocol.ts · `copy`). */
  readonly onCopy: (uri: string, revision: number, generation: number, result: AnalysisResult) => void;
  /** Resource limits of the worker's heap (see main.ts). */
  readonly resourceLimits?: import('node:worker_threads').ResourceLimits;
  /** The first worker, started already (startWorker); restarts start their own. */
  readonly first?: StartedWorker;
}

interface OpenText {
  readonly languageId: string;
  readonly language: Language | null;
  version: number;
  text: () => string;
  revision: number;
}

export class WorkerClient {
  private worker!: Worker;
  private views!: MessagePort;
  /** View queries sent and not answered yet, by id. */
  private readonly viewsPending = new Map<number, (reply: ViewReply | null) => void>();
  private viewIds = 0;
  private readonly flags: Int32Array;
  private first: StartedWorker | null;
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private ids = 0;
  /** What a restarted worker must be told again: the open documents and the module settings. */
  private readonly open = new Map<string, OpenText>();
  private modules: Extract<ToWorker, { kind: 'modules' }> | null = null;
  private stopped = false;

  constructor(private readonly options: WorkerClientOptions) {
    this.first = options.first ?? null;
    this.flags = options.first?.flags ?? new Int32Array(new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT));
    this.start();
  }

  private start(): void {
    const started = this.first ?? startWorker(this.options.file, this.options.resourceLimits, this.flags);
    this.first = null;
    const worker = started.worker;
    this.worker = worker;
    this.views = started.views;
    started.views.on('message', (reply: ViewReply) => this.settleView(reply));
    started.views.unref();
    worker.on('message', (m: FromWorker) => this.received(m));
    worker.on('error', (e) => this.options.onLog(`the analysis worker failed: ${e.stack ?? e.message}`));
    worker.on('exit', (code) => {
      if (this.stopped || this.worker !== worker) return;
      this.options.onLog(`the analysis worker exited (code ${code}); starting a new one`);
      const job = this.running;
      this.running = null;
      if (job) this.finish(job, 'failed');
      for (const settle of this.viewsPending.values()) settle(null);
      this.viewsPending.clear();
      this.views.close();
      this.start();
      for (const [uri, t] of this.open) this.post({ kind: 'open', uri, languageId: t.languageId, language: t.language, version: t.version, text: t.text(), revision: t.revision });
      if (this.modules) this.post(this.modules);
      this.next();
    });
    // The server's process may exit while the worker is idle.
    worker.unref();
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  /** A document opened: `text` reads its current text (a restarted worker gets it again). */
  openDocument(uri: string, languageId: string, language: Language | null, version: number, text: () => string, revision: number): void {
    this.closeDocument(uri);
    this.open.set(uri, { languageId, language, version, text, revision });
    this.post({ kind: 'open', uri, languageId, language, version, text: text(), revision });
  }

  /** A document changed: jobs for its older text stop, their waiters told `superseded`. */
  changeDocument(uri: string, version: number, changes: TextDocumentContentChangeEvent[], revision: number): void {
    const t = this.open.get(uri);
    if (!t) return;
    t.version = version;
    t.revision = revision;
    this.post({ kind: 'change', uri, version, changes, revision });
    this.drop((job) => job.uri === uri && job.revision !== revision, 'superseded');
  }

  closeDocument(uri: string): void {
    if (!this.open.delete(uri)) return;
    this.post({ kind: 'close', uri });
    this.drop((job) => job.uri === uri, 'superseded');
  }

  setModules(folders: readonly string[], interpreterPath: string | null): void {
    this.modules = { kind: 'modules', folders, interpreterPath };
    this.post(this.modules);
  }

  /**
   * The analysis of `uri` at `revision` (its current text) with `settings`, shared with every other
   * caller asking for the same. `token` marks a request: answered first, and `cancel` (returned)
   * leaves the job, which stops when no one is left.
   */
  analyze(uri: string, revision: number, generation: number, settings: JobSettings, foreground: boolean, full: boolean): { result: Promise<Analysed | NoResult>; cancel: () => void } {
    const same = (job: Job | null): job is Job => job !== null && job.uri === uri && job.revision === revision && job.generation === generation;
    let job = same(this.running) ? this.running : this.queue.find(same);
    if (!job) {
      job = { id: ++this.ids, uri, revision, generation, settings, full, waiters: new Set(), views: [] };
      this.queue.push(job);
    }
    const target = job;
    let waiter!: Waiter;
    const result = new Promise<Analysed | NoResult>((resolve) => (waiter = { foreground, settle: resolve }));
    target.waiters.add(waiter);
    queueMicrotask(() => this.next());
    const cancel = (): void => {
      if (!target.waiters.delete(waiter)) return;
      waiter.settle('cancelled');
      if (target.waiters.size === 0) this.stop(target);
    };
    return { result, cancel };
  }

  /**
   * Asks the worker `query` about its analysis of `uri` at `revision` and `generation` (one the
   * server was told is done). Answered even while the worker analyses another document (it reads
   * the views port between steps); `stale` when the worker keeps another analysis, or restarted.
   */
  view<Q extends ViewQuery>(uri: string, revision: number, generation: number, query: Q, options: ViewOptions): Promise<ViewOutcome<Q>> {
    const same = (job: Job | null): job is Job => job !== null && job.uri === uri && job.revision === revision && job.generation === generation;
    const queued = this.queue.find(same);
    const after = same(this.running) ? this.running.id : undefined;
    const request: ViewRequest = { id: ++this.viewIds, uri, revision, generation, query, options, ...(after !== undefined ? { after } : {}) };
    return new Promise<ViewOutcome<Q>>((resolve) => {
      // The reply holds the answer to `query`: the worker answers each query with its ViewAnswer.
      this.viewsPending.set(request.id, (reply) => resolve(reply && 'answer' in reply ? { answer: reply.answer as ViewAnswer<Q> } : 'stale'));
      if (queued) return void queued.views.push(request);
      this.views.postMessage(request);
      Atomics.add(this.flags, VIEWS_SLOT, 1);
    });
  }

  /** Stops the jobs `which` selects; their waiters get `outcome`. */
  private drop(which: (job: Job) => boolean, outcome: NoResult): void {
    for (const job of [...this.queue, ...(this.running ? [this.running] : [])]) {
      if (!which(job)) continue;
      for (const w of job.waiters) w.settle(outcome);
      job.waiters.clear();
      this.stop(job);
    }
  }

  private stop(job: Job): void {
    if (job === this.running) Atomics.store(this.flags, CANCEL_SLOT, job.id);
    else {
      const i = this.queue.indexOf(job);
      if (i >= 0) this.queue.splice(i, 1);
      // Never sent: its view queries get no answer from the worker.
      for (const request of job.views) this.settleView({ id: request.id, stale: true });
    }
  }

  private settleView(reply: ViewReply): void {
    const settle = this.viewsPending.get(reply.id);
    this.viewsPending.delete(reply.id);
    settle?.(reply);
  }

  /** Sends the next job when the worker is free: one a request waits for first. */
  private next(): void {
    if (this.running || this.queue.length === 0) return;
    let i = this.queue.findIndex((job) => [...job.waiters].some((w) => w.foreground));
    if (i < 0) i = 0;
    const job = this.queue.splice(i, 1)[0]!;
    this.running = job;
    Atomics.add(this.flags, BUSY_SLOT, 1);
    this.post({ kind: 'analyze', id: job.id, uri: job.uri, revision: job.revision, generation: job.generation, settings: job.settings, full: job.full, views: job.views });
  }

  private finish(job: Job, outcome: Analysed | NoResult): void {
    for (const w of job.waiters) w.settle(outcome);
    job.waiters.clear();
  }

  private received(m: FromWorker): void {
    if (m.kind === 'log') return this.options.onLog(m.message);
    if (m.kind === 'copy') return this.options.onCopy(m.uri, m.revision, m.generation, m.result);
    const job = this.running;
    if (!job || job.id !== m.id) return;
    this.running = null;
    if (m.kind === 'done') this.finish(job, m.result ? { facts: m.facts, result: m.result } : { facts: m.facts });
    else if (m.kind === 'failed') {
      this.options.onLog(`analysis of ${job.uri} failed: ${m.error}`);
      this.finish(job, 'failed');
    } else this.finish(job, 'cancelled');
    this.next();
  }

  /** Ends the worker (the server shuts down, or worker-pool.ts ends its heavy worker): what waits on it is answered. */
  async terminate(): Promise<void> {
    this.stopped = true;
    this.drop(() => true, 'superseded');
    for (const settle of this.viewsPending.values()) settle(null);
    this.viewsPending.clear();
    await this.worker.terminate();
  }
}
