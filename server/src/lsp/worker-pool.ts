/**
 * The server's analysis workers: one for every document, and a second, started for the first
 * heavy document (a Python text over HEAVY_CHARS) and ended when none is open, that analyses only
 * those. A heavy analysis takes seconds (the file at the size cap: ~20 s of CPU); in its own thread
 * it holds up no other document's analysis (the machine's other core runs those), and the memory
 * it leaves behind (WebAssembly's heap never shrinks; V8's old generation shrinks slowly) goes
 * with its thread. Its young generation is larger than the server's (issue 11 §6 keeps that one
 * small for the editing workload): such an analysis allocates gigabytes, and with 8 MB
 * semi-spaces a third of its time went to the garbage collector. Both workers get every open
 * text (imports read open documents before the disk); each document's view queries go to the
 * worker that ran its last analysis.
 */
import type { ResourceLimits } from 'node:worker_threads';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Language } from '../analysis/types.js';
import { HEAVY_CHARS, type JobSettings } from './worker-protocol.js';
import type { ViewOptions, ViewQuery } from './views.js';
import { WorkerClient, type Analysed, type NoResult, type ViewOutcome, type WorkerClientOptions } from './worker-client.js';

/** What the server's request loop asks of its workers (documents.ts, view-requests.ts). */
export type AnalysisWorkers = Pick<WorkerPool, 'openDocument' | 'changeDocument' | 'closeDocument' | 'setModules' | 'analyze' | 'view'>;

/** The heavy worker's young generation (three semi-spaces of 32 MB; V8's default is 16). */
const HEAVY_YOUNG_MB = 96;

interface OpenText {
  readonly languageId: string;
  readonly language: Language | null;
  readonly version: number;
  readonly text: () => string;
  readonly revision: number;
}

export class WorkerPool {
  private readonly light: WorkerClient;
  private heavy: WorkerClient | null = null;
  private readonly open = new Map<string, OpenText>();
  /** The worker that ran each document's last analysis: its view queries go there. */
  private readonly analysedBy = new Map<string, WorkerClient>();
  /** The last module settings (a heavy worker started later gets them). */
  private modules: { readonly folders: readonly string[]; readonly interpreterPath: string | null } | null = null;

  constructor(private readonly options: WorkerClientOptions) {
    this.light = new WorkerClient(options);
  }

  private workers(): WorkerClient[] {
    return this.heavy ? [this.light, this.heavy] : [this.light];
  }

  private isHeavy(uri: string): boolean {
    const t = this.open.get(uri);
    return t !== undefined && t.language === 'python' && t.text().length > HEAVY_CHARS;
  }

  openDocument(uri: string, languageId: string, language: Language | null, version: number, text: () => string, revision: number): void {
    this.open.set(uri, { languageId, language, version, text, revision });
    for (const w of this.workers()) w.openDocument(uri, languageId, language, version, text, revision);
  }

  changeDocument(uri: string, version: number, changes: TextDocumentContentChangeEvent[], revision: number): void {
    const t = this.open.get(uri);
    if (!t) return;
    this.open.set(uri, { ...t, version, revision });
    for (const w of this.workers()) w.changeDocument(uri, version, changes, revision);
    this.endHeavyWhenIdle();
  }

  closeDocument(uri: string): void {
    this.open.delete(uri);
    this.analysedBy.delete(uri);
    for (const w of this.workers()) w.closeDocument(uri);
    this.endHeavyWhenIdle();
  }

  setModules(folders: readonly string[], interpreterPath: string | null): void {
    for (const w of this.workers()) w.setModules(folders, interpreterPath);
    this.modules = { folders, interpreterPath };
  }

  /** WorkerClient.analyze, in the worker the document's size calls for. */
  analyze(uri: string, revision: number, generation: number, settings: JobSettings, foreground: boolean, full: boolean): { result: Promise<Analysed | NoResult>; cancel: () => void } {
    const worker = this.isHeavy(uri) ? this.startHeavy() : this.light;
    this.analysedBy.set(uri, worker);
    return worker.analyze(uri, revision, generation, settings, foreground, full);
  }

  view<Q extends ViewQuery>(uri: string, revision: number, generation: number, query: Q, options: ViewOptions): Promise<ViewOutcome<Q>> {
    return (this.analysedBy.get(uri) ?? this.light).view(uri, revision, generation, query, options);
  }

  private startHeavy(): WorkerClient {
    if (this.heavy) return this.heavy;
    const limits: ResourceLimits = { ...this.options.resourceLimits, maxYoungGenerationSizeMb: HEAVY_YOUNG_MB };
    // Its own thread: the one started before the server loaded (`first`) is the light worker's.
    const { first: _light, ...options } = this.options;
    const heavy = new WorkerClient({ ...options, resourceLimits: limits });
    for (const [uri, t] of this.open) heavy.openDocument(uri, t.languageId, t.language, t.version, t.text, t.revision);
    if (this.modules) heavy.setModules(this.modules.folders, this.modules.interpreterPath);
    this.heavy = heavy;
    return heavy;
  }

  /** Ends the heavy worker once no heavy document is open (its jobs were for texts now gone). */
  private endHeavyWhenIdle(): void {
    const heavy = this.heavy;
    if (!heavy || [...this.open.keys()].some((uri) => this.isHeavy(uri))) return;
    this.heavy = null;
    for (const [uri, w] of this.analysedBy) if (w === heavy) this.analysedBy.delete(uri);
    void heavy.terminate();
  }
}
