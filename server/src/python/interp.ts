/**
 * Interpreter state: budgets that guarantee termination, the results being collected, and the
 * per-file Keras version. The evaluation itself lives in ./evaluate.ts, ./statements.ts and
 * ./calls.ts; this file only holds what they share.
 */
import type { AttrValues } from './attr-joins.js';
import type { SizeFact } from './size-cases.js';
import type { Diagnostic, Fix, LayerResult, ModelSummary, Position, Range, Tensor } from '../analysis/types.js';
import { resultTables } from './tables.js';
import type { Cost } from '../engine/cost.js';
import type { Windowing } from '../analysis/types.js';
import { field, lineEndOf, namedChildren, rangeOf, textOf, type PyNode } from './syntax.js';
import type { OpContext, Report } from './catalog/types.js';
import type { CallArgs, ClassV, FuncV, InstanceV, ModelV, TensorV, Value } from './values.js';
import type { Scope } from './env.js';
import type { Modules } from './modules.js';
import type { DiagnosticEntry, RunGeneration } from './statement-cache.js';
import { CallMemo } from './memo.js';
import { NameCounts } from './name-counts.js';
import { SiteContext } from './site-context.js';

/** Limits that make every file finish: statements/expressions evaluated, call depth, loop unrolling. */
export const LIMITS = {
  /** Per top-level statement (and per function analysed on its own), so one runaway call cannot starve the rest. */
  steps: 200_000,
  /** For the whole file. */
  totalSteps: 2_000_000,
  depth: 24,
  unroll: 1_000,
  /** `range()`/comprehensions longer than this are treated as unknown. */
  sequence: 10_000,
} as const;

export interface Frame {
  readonly returns: Value[];
  /** The class whose method is running (for `super()`), and its `self`. */
  readonly cls: ClassV | null;
  readonly self: Value | null;
  /** The call that started this frame. */
  readonly site: PyNode;
}

/** One recorded application, with what ./tables.ts needs to tell which model it belongs to. */
export interface Recorded {
  readonly layer: LayerResult;
  readonly speculative: boolean;
  /** The entry point that was running (an index into Interp.runs). */
  readonly run: number;
  /** The Sequential model this application builds, if any. */
  readonly sequential: ModelV | null;
  /** A call of this model used as a layer (./tables.ts nests the model's rows under it). */
  readonly model: ModelV | null;
  /** A custom layer's or a model's call: the rows recorded just before it with a greater depth are its. */
  readonly nests: boolean;
  readonly inputs: readonly TensorV[];
  readonly outputs: readonly TensorV[];
  /** Where the row sorts: its call, or for a layer in an imported file the statement that ran it. */
  readonly at: Position;
  /** A user function's call: the index of the first record its body made (its rows are the model's when the call is). */
  readonly firstRecord?: number;
}

/** An entry point: the module body (run 0) or a function, method or class analysed on its own. */
export interface EntryRun {
  readonly name: string;
  readonly node: PyNode | null;
}

/** A model built: in which run, after how many records, and where its `summary()` is called. */
export interface BuiltModel {
  readonly model: ModelV;
  /** Where the document shows it: its building call, or the document's statement that ran an imported builder. */
  readonly site: PyNode | null;
  readonly run: number;
  readonly at: number;
  /** The document's `summary()` calls on it. */
  readonly summaries: PyNode[];
}

export interface RecordInput {
  readonly type: string;
  readonly name: string | null;
  readonly site: PyNode;
  readonly inputs: readonly { tensor: TensorV; node: PyNode | null }[];
  readonly output: Value;
  readonly windowing?: Windowing | null;
  readonly cost?: Cost;
  /** Refactors offered on this application (see LayerResult.actions). */
  readonly actions?: readonly Fix[];
  /** A user-function or model call (see LayerResult.composite). */
  readonly composite?: true;
  /** `name` is Keras' default name for the layer (see LayerResult.defaultName). */
  readonly defaultName?: true;
  /** A call of this model used as a layer (see Recorded.model). */
  readonly model?: ModelV;
  /** A custom layer's call (see Recorded.nests; a model's call nests too). */
  readonly nests?: true;
  /** See Recorded.firstRecord. */
  readonly firstRecord?: number;
}

export class Interp {
  steps = 0;
  /** The step count at which the current slice ends (see LIMITS.steps). */
  limit: number = LIMITS.steps;
  depth = 0;
  /** > 0: layers are evaluated but not recorded (first pass over a loop with unknown bounds). */
  mute = 0;
  /** What the case being run knows of sizes known only by name (size-cases.ts). */
  readonly sizeFacts = new Map<string, SizeFact>();
  /** > 0: inside a `try` body (an exception there may be caught). */
  guarded = 0;
  /** Calls already reported as raising (./none-access.ts): one error each. */
  readonly raisedAt = new Set<PyNode>();
  /** > 0: running code no call site reached (functions analysed on their own). */
  speculative = 0;
  readonly frames: Frame[] = [];
  readonly records: Recorded[] = [];
  readonly runs: EntryRun[] = [{ name: '<module>', node: null }];
  /** The entry point running now (see Recorded.run). */
  run = 0;
  /** The Sequential model whose layers are being applied (models.ts sets it around the applications). */
  building: ModelV | null = null;
  /** How many custom-layer or model calls are running (LayerResult.depth of what they apply). */
  nesting = 0;
  readonly built = new Map<ModelV, BuiltModel>();
  private readonly diagnostics = new Map<string, { d: Diagnostic; speculative: boolean }>();
  /** The diagnostics in the order reported (./statement-cache.ts keeps what a statement added). */
  readonly diagnosticLog: DiagnosticEntry[] = [];
  /** Keras' default-name counters (./default-names.ts): count per prefix; lost once numbering is unknown. */
  readonly layerNames = new NameCounts();
  /**
   * Bumped where code reads or changes interpreter state ./statement-cache.ts does not track (the
   * unknown-class notes): a top-level statement that bumps it is run every time, never replayed.
   */
  untracked = 0;
  /** Function definitions (by node id) that ran from a real call site. */
  readonly invoked = new Set<number>();
  /** Function definitions that ran inside an entry point analysed on its own. */
  readonly reached = new Set<number>();
  /** The first function value created for each definition, for speculative runs. */
  readonly functions = new Map<number, FuncV>();
  /** Which class a method definition belongs to. */
  readonly methodOf = new Map<number, ClassV>();
  readonly classes = new Map<number, ClassV>();
  readonly instantiated = new Set<number>();
  readonly speculativeInstances = new Map<number, InstanceV>();
  readonly models: ModelV[] = [];
  /** Modules imported with `from m import *`. */
  readonly starModules: string[] = [];
  moduleScope: Scope | null = null;
  /** The image layout Keras' config gives now (see OpContext.channelsFirst). */
  channelsFirst: boolean;
  /** Whether the file ran its own `set_image_data_format`/`set_image_dim_ordering`. */
  configSet = false;
  /** Where code first read the config the file had not set (the assumed-ordering note goes there). */
  configRead: PyNode | null = null;
  /** The files the program imports (null: imports are not followed). */
  modules: Modules | null = null;
  /** The document's statement (or uncalled function) running now: rows from imported files sort there. */
  documentStatement: PyNode | null = null;
  /** The product of the iteration counts of the known loops being unrolled now (./unroll-nest.ts). */
  unrolled = 1;
  /** The attribute writes of the unknown-branch paths running now, innermost last (./attr-joins.ts). */
  readonly attrLogs: AttrValues[] = [];
  /** The document's kept statement and entry-point runs (an editor's cache), or null. */
  statementRuns: RunGeneration | null = null;
  /** User calls kept for equal calls to replay (./memo.ts); null: every call runs. */
  memo: CallMemo | null = new CallMemo();

  constructor(
    readonly kerasVersion: 1 | 2,
    readonly notes: boolean,
    channelsFirst: boolean,
    readonly callHook: (fn: Value, args: CallArgs, site: PyNode) => Value,
    readonly resolveHook: (dotted: string) => Value,
  ) {
    this.channelsFirst = channelsFirst;
  }

  /**
   * True once the caller no longer wants the result (a newer edit in the editor): checked every
   * 128 steps, it spends the file's whole budget, so the analysis ends at once (its result is
   * thrown away). The editor's analysis worker also answers view queries of other documents from
   * this check (lsp/worker.ts · serveViews): 1,024 steps of layer calls took 60-100 ms.
   */
  cancelled: () => boolean = () => false;

  /** Counts one unit of work; false once the budget is spent (everything after stays unknown). */
  tick(): boolean {
    if ((this.steps & 127) === 0 && this.cancelled()) this.steps = LIMITS.totalSteps;
    if (++this.steps <= this.limit) return true;
    if (this.steps === this.limit + 1 && this.statement) {
      this.budgetSpent(this.statement, 'budget-steps', `stopped here: the step budget (${LIMITS.steps.toLocaleString('en-US')} per top-level statement or entry point, ${LIMITS.totalSteps.toLocaleString('en-US')} per file) ran out, so shapes from here on are incomplete`);
    }
    return false;
  }

  /**
   * A budget cut the analysis short at `node`: one information diagnostic there (even in a silent
   * pass), so shapes after it read as incomplete, not as wrong.
   */
  budgetSpent(node: PyNode, code: 'budget-steps' | 'budget-depth' | 'budget-unroll', message: string): void {
    // In an imported file the cut is reported at the document's statement that ran it: the shapes it
    // leaves incomplete are this document's, and the file's positions are not.
    const file = this.modules?.fileOf(node.src);
    const at = file === undefined ? node : this.documentStatement;
    if (at === null) return;
    const range = rangeOf(at);
    const text = file === undefined ? message : `in ${file}, line ${rangeOf(node).start.line + 1}: ${message}`;
    const key = `${code}|${range.start.line}:${range.start.character}`;
    this.addDiagnostic(key, { d: { range, severity: 'information', code, message: text, related: [], fixes: [] }, speculative: this.speculative > 0 });
  }

  /** Keeps the first diagnostic of each key. */
  addDiagnostic(key: string, entry: { d: Diagnostic; speculative: boolean }): void {
    if (this.diagnostics.has(key)) return;
    this.diagnostics.set(key, entry);
    this.diagnosticLog.push([key, entry]);
    if (entry.d.severity === 'error' || entry.d.severity === 'warning') this.lastAlarmAt = this.topLevelIndex;
  }

  /** The index of the document's top-level statement running now; Infinity once the module body has run (models, entry points). */
  topLevelIndex = 0;
  /** `topLevelIndex` when the last error or warning was reported; -1 before any. */
  lastAlarmAt = -1;

  /** The statement running now (where a spent step budget is reported). */
  statement: PyNode | null = null;

  get exhausted(): boolean {
    return this.steps > this.limit;
  }

  /** Starts a new budget slice (a top-level statement, a speculative run); false when the file's budget is spent. */
  slice(): boolean {
    if (this.steps >= LIMITS.totalSteps) return false;
    this.limit = Math.min(this.steps + LIMITS.steps, LIMITS.totalSteps);
    return true;
  }

  /** A Model/Sequential was constructed (models.ts). */
  modelBuilt(model: ModelV): void {
    this.models.push(model);
    this.built.set(model, { model, site: this.documentNode(model.node), run: this.run, at: this.records.length, summaries: [] });
  }

  /** `node` when it is the document's own code; for code in an imported file, the document's statement running it. */
  documentNode(node: PyNode): PyNode | null {
    return this.modules?.fileOf(node.src) === undefined ? node : this.documentStatement;
  }

  /** How many layer results have been recorded so far. */
  get recorded(): number {
    return this.records.length;
  }

  /** The layer results recorded since `recorded` was `n` (what a custom layer's call applied). */
  recordedSince(n: number): LayerResult[] {
    return this.records.slice(n).map((r) => r.layer);
  }

  frame(): Frame | null {
    return this.frames[this.frames.length - 1] ?? null;
  }

  /** The context catalog entries see for one call site. */
  opContext(site: PyNode, inputs: readonly TensorV[]): OpContext {
    return new SiteContext(this, site, inputs);
  }

  report(r: Report, site: PyNode, inputs: readonly TensorV[] = []): void {
    if (this.mute > 0) return;
    const node = r.node ?? site;
    // Code in an imported file is that file's to report on (its positions are not this document's).
    if (this.modules?.fileOf(node.src) !== undefined) return;
    const range = rangeOf(node);
    const related: { range: Range; message: string }[] = r.related ? [...r.related] : [];
    const origin = inputs.find((t) => t.origin)?.origin;
    if (!r.related && origin && !(origin.src && this.modules?.fileOf(origin.src) !== undefined) && !sameRange(origin.range, rangeOf(site))) related.push({ range: origin.range, message: 'the input comes from here' });
    const d: Diagnostic = { range, severity: r.severity, code: r.code, message: r.message, related, fixes: r.fixes ?? [] };
    const key = `${r.code}|${range.start.line}:${range.start.character}|${r.message}`;
    this.addDiagnostic(key, { d, speculative: this.speculative > 0 });
  }

  record(r: RecordInput): void {
    if (this.mute > 0) return;
    const file = this.modules?.fileOf(r.site.src);
    const names = outputNames(r.site);
    const outputs: Tensor[] = [];
    const out = r.output;
    if (out.kind === 'tensor') {
      const row: Mutable<Tensor> = { name: names?.length === 1 ? names[0]! : 'output', shape: out.shape };
      if (out.shape === null && out.tail) row.tail = out.tail;
      outputs.push(row);
    }
    else if ((out.kind === 'tuple' || out.kind === 'list') && out.items.some((x) => x.kind === 'tensor')) {
      out.items.forEach((x, i) => {
        if (x.kind === 'tensor') outputs.push({ name: names && names.length === out.items.length ? names[i]! : `output[${i}]`, shape: x.shape });
      });
    } else outputs.push({ name: names?.length === 1 ? names[0]! : 'output', shape: null });
    // The optional keys are added in this order when present (the JSON output's order): no
    // object spreads, which cost more than the rest of a row.
    const layer: Mutable<LayerResult> = {
      name: r.name,
      type: r.type,
      range: rangeOf(r.site),
      anchor: lineEndOf(r.site),
      inputs: r.inputs.map(({ tensor, node }) => this.inputRow(tensor, node)),
      outputs,
      params: r.cost?.params ?? null,
      macs: r.cost?.macs ?? null,
      windowing: r.windowing ?? null,
      actions: r.actions ?? [],
    };
    if (r.composite) layer.composite = true;
    if (file !== undefined) layer.file = file;
    if (r.defaultName && r.name !== null) layer.defaultName = true;
    if (this.nesting > 0) layer.depth = this.nesting;
    const at = file !== undefined && this.documentStatement ? this.documentStatement.start : layer.range.start;
    const recorded: Mutable<Recorded> = { layer, speculative: this.speculative > 0, run: this.run, sequential: this.building, model: r.model ?? null, nests: r.nests === true || r.model !== undefined, inputs: r.inputs.map((x) => x.tensor), outputs: tensorsOf(out), at };
    if (r.firstRecord !== undefined) recorded.firstRecord = r.firstRecord;
    this.records.push(recorded);
  }

  /** A row's input: its name, shape, and where it was made. */
  private inputRow(tensor: TensorV, node: PyNode | null): Tensor {
    const row: Mutable<Tensor> = { name: node ? inputName(node) : 'input', shape: tensor.shape };
    if (tensor.shape === null && tensor.tail) row.tail = tensor.tail;
    if (tensor.origin) {
      const file = tensor.origin.src ? this.modules?.fileOf(tensor.origin.src) : undefined;
      row.source = tensor.origin.range;
      if (file !== undefined) row.sourceFile = file;
    }
    return row;
  }

  /**
   * Results in source order; speculative results only where no call site produced one. A layer
   * applied in several contexts (a helper called with different inputs) keeps its actions only when
   * every context offers the same ones: an edit in shared code must be right for all of them.
   */
  results(): { layers: LayerResult[]; diagnostics: Diagnostic[]; models: ModelSummary[] } {
    const { layers, models } = resultTables(this.records, this.runs, [...this.built.values()], this.statementRuns?.tables ?? null, this.cancelled);
    return { layers, diagnostics: this.sortedDiagnostics(), models };
  }

  /** The diagnostics, in source order. */
  sortedDiagnostics(): Diagnostic[] {
    const diagnostics = [...this.diagnostics.values()].map((x) => x.d);
    diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return diagnostics;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The tensors a value holds: itself, or a tuple's or list's tensor items. */
function tensorsOf(v: Value): TensorV[] {
  return v.kind === 'tensor' ? [v] : v.kind === 'tuple' || v.kind === 'list' ? v.items.filter((x): x is TensorV => x.kind === 'tensor') : [];
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function inputName(node: PyNode): string {
  const t = textOf(node);
  return t.length <= 40 && !t.includes('\n') ? t : 'input';
}

/** The variable(s) a call's result is assigned to: `x = f(...)` → ['x'], `a, b = f(...)` → ['a', 'b']. */
export function outputNames(site: PyNode): string[] | null {
  let n = site;
  let p = n.parent;
  while (p && p.type === 'parenthesized_expression') {
    n = p;
    p = p.parent;
  }
  if (!p || (p.type !== 'assignment' && p.type !== 'augmented_assignment') || n.field !== 'right') return null;
  const left = field(p, 'left');
  if (!left) return null;
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list'].includes(left.type)) return namedChildren(left).map(textOf);
  return [textOf(left)];
}
