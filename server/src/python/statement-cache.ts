/**
 * Incremental interpretation (issue 12): what each top-level statement did in the last analysis
 * of a document, so that the next one replays it instead of running it when nothing it depends on
 * changed. A statement is kept only when its effects are all ones this file can replay:
 *   - module names it bound (values that cannot change afterwards: numbers, strings, tensors,
 *     layers, tuples of them; never lists, dicts, instances, models, classes or functions),
 *   - layer rows and diagnostics it produced, functions it called (entry points skip them),
 *   - Keras default-name counters it moved and the steps it spent.
 * Its inputs are the module names it read (their values compared; values this statement cannot
 * change or hold on to), the counters and config it started from, and the places of the functions
 * it ran (their rows carry positions). Anything else it touched (a model built, a module asked
 * for: its answer depends on files) makes it run every time. The per-document map lives in the
 * SyntaxCache; an entry is kept for the next analysis, and again by each one that replays it,
 * with the run before it whose inputs differed (KeptRuns: an edit undone replays what follows it).
 */
import type { Diagnostic } from '../analysis/types.js';
import type { CountMove } from './name-counts.js';
import type { BuiltModel, Recorded } from './interp.js';
import type { ResumePoints } from './resume-points.js';
import type { PyNode } from './syntax.js';
import type { ResultTables } from './tables.js';
import type { Value } from './values.js';

/** Where a node sits: its start, and the length of its last line (hints anchor at its end). */
export interface Place {
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endLength: number;
}

export function placeOf(node: PyNode): Place {
  const src = node.src;
  const line = src.lineAt(node.startIndex);
  const endLine = src.lineAt(node.endIndex);
  return { line, character: node.startIndex - src.lineStart(line), endLine, endLength: src.lineLength(endLine) };
}

/** Whether two places are one: a statement now where a kept run's statement sat. */
export function samePlace(a: Place, b: Place): boolean {
  return a.line === b.line && a.character === b.character && a.endLine === b.endLine && a.endLength === b.endLength;
}

/** Whether `node` is at `place` now (its placeOf is equal), checked without making a Place. */
export function isAt(node: PyNode, place: Place): boolean {
  const src = node.src;
  const line = src.lineAt(node.startIndex);
  if (line !== place.line || node.startIndex - src.lineStart(line) !== place.character) return false;
  const endLine = src.lineAt(node.endIndex);
  return endLine === place.endLine && src.lineLength(endLine) === place.endLength;
}

/** One diagnostic as the interpreter keeps it (its dedup key, the diagnostic). */
export type DiagnosticEntry = readonly [key: string, entry: { readonly d: Diagnostic; readonly speculative: boolean }];

/** What running one top-level statement read and did. */
export interface StatementRun {
  readonly place: Place;
  /** Config and counters it started from. */
  readonly channelsFirst: boolean;
  readonly configSet: boolean;
  readonly configRead: boolean;
  readonly namesLost: boolean;
  /** The `from m import *` modules names not bound in the module resolve through, joined. */
  readonly starModules: string;
  /** Counters it moved (default names, declared sizes' names): the count before and after. */
  readonly names: readonly CountMove[];
  /** Module names read before the statement bound them, with the value read (undefined: unbound). */
  readonly reads: readonly (readonly [name: string, value: Value | undefined])[];
  /** Functions it ran, where they sat. */
  readonly functions: readonly (readonly [node: PyNode, place: Place])[];
  readonly steps: number;
  /** Module names bound (undefined: deleted), in the end state. */
  readonly writes: readonly (readonly [name: string, value: Value | undefined])[];
  readonly records: readonly Recorded[];
  readonly diagnostics: readonly DiagnosticEntry[];
  /** Function definitions (node ids) it called. */
  readonly invoked: readonly number[];
  /** Where it first read the Keras config the file had not set (null: it did not, or the file had before). */
  readonly readConfigAt: PyNode | null;
  /** The statement the interpreter was at when it finished (where a later budget stop reports). */
  readonly last: PyNode | null;
}

/** What running one entry point (./kept-entries.ts) read and did. */
export interface EntryPointRun {
  /** Where its definition sits. */
  readonly place: Place;
  /** Config and star imports it started from, whether default names were lost before and after. */
  readonly context: string;
  readonly lostBefore: boolean;
  readonly lost: boolean;
  /** Counters it moved (declared sizes' names; default names only until they are lost). */
  readonly names: readonly CountMove[];
  /** Whether the file had read the Keras config before it, and where it first read it. */
  readonly readConfig: boolean;
  readonly configRead: PyNode | null;
  /** The document's module names it read, with the values read (undefined: unbound). */
  readonly reads: readonly (readonly [name: string, value: Value | undefined])[];
  /** Module names it bound (undefined: deleted), in the end state. */
  readonly writes: readonly (readonly [name: string, value: Value | undefined])[];
  /** Functions it ran, where they sat. */
  readonly functions: readonly (readonly [node: PyNode, place: Place])[];
  readonly steps: number;
  readonly records: readonly Recorded[];
  readonly diagnostics: readonly DiagnosticEntry[];
  /** The models it built; `at` counts from its first row. */
  readonly models: readonly BuiltModel[];
  /** Function definitions (node ids) it reached. */
  readonly reached: readonly number[];
}

/** Per document: the statement runs of each kind of analysis run (Keras version, config, options). */
export class StatementRuns {
  private readonly byRun = new Map<string, RunGeneration>();

  /** The runs of analyses of kind `signature`, starting a new analysis of that kind. */
  start(signature: string): RunGeneration {
    let g = this.byRun.get(signature);
    if (!g) this.byRun.set(signature, (g = new RunGeneration()));
    g.next();
    return g;
  }

  /** Statements replayed by the latest analysis of each kind (the bench and tests read it). */
  get replayed(): number {
    let n = 0;
    for (const g of this.byRun.values()) n += g.replayed;
    return n;
  }

  /** Of those, the statements taken from kept boundaries (./resume-points.ts). */
  get resumed(): number {
    let n = 0;
    for (const g of this.byRun.values()) n += g.resumed;
    return n;
  }

  /** How many analyses took the last one's rows and tables (./tables.ts · TablesMemo). */
  get tablesReused(): number {
    let n = 0;
    for (const g of this.byRun.values()) n += g.tables.reused;
    return n;
  }

  /** Entry points replayed by the latest analysis of each kind. */
  get replayedEntries(): number {
    let n = 0;
    for (const g of this.byRun.values()) n += g.replayedEntries;
    return n;
  }
}

/**
 * A statement's kept runs: the latest, and the one before it whose inputs differed. An edit undone,
 * or a width typed through a wrong value and back, changes what follows it back to what it was two
 * analyses ago: the earlier run replays it. A replay that took this analysis' tensors for equal
 * ones keeps the run as it went now (./incremental.ts · replay), so each state has a run of its own
 * tensors, whose rows (the very objects) let the tables and hints of that analysis be taken too.
 */
export interface KeptRuns {
  readonly last: StatementRun;
  readonly before: StatementRun | null;
}

/**
 * The runs the last two analyses kept (by statement node: reused nodes are the same objects; the
 * syntax cache keeps a node two analyses, so an edited statement gets its node back when the edit
 * is undone) and this one's.
 */
export class RunGeneration {
  private older = new Map<PyNode, KeptRuns>();
  private previous = new Map<PyNode, KeptRuns>();
  private current = new Map<PyNode, KeptRuns>();
  private previousEntries = new Map<PyNode, EntryPointRun>();
  private currentEntries = new Map<PyNode, EntryPointRun>();
  replayed = 0;
  /** Of those, the statements taken from kept boundaries, not replayed one by one (./resume-points.ts). */
  resumed = 0;
  replayedEntries = 0;
  /** The last two analyses' rows and model tables (./tables.ts). */
  readonly tables = new TablesMemo();
  /** The boundaries of the latest analysis that ran the module body without a syntax error. */
  resumePoints: ResumePoints | null = null;

  next(): void {
    this.older = this.previous;
    this.previous = this.current;
    this.current = new Map();
    this.previousEntries = this.currentEntries;
    this.currentEntries = new Map();
    this.replayed = 0;
    this.resumed = 0;
    this.replayedEntries = 0;
  }
  /** An entry point's run, by its function definition. */
  takeEntry(def: PyNode): EntryPointRun | undefined {
    return this.previousEntries.get(def);
  }
  putEntry(def: PyNode, run: EntryPointRun): void {
    this.currentEntries.set(def, run);
  }
  take(stmt: PyNode): KeptRuns | undefined {
    return this.previous.get(stmt) ?? this.older.get(stmt);
  }
  put(stmt: PyNode, runs: KeptRuns): void {
    this.current.set(stmt, runs);
  }
  /** Whether this analysis kept a run of `stmt`. */
  has(stmt: PyNode): boolean {
    return this.current.has(stmt);
  }
  /**
   * Keeps the runs of `statements` (top-level statements an analysis took from kept boundaries,
   * ./resume-points.ts, as replaying them would) and counts them replayed: how many there are.
   */
  carry(statements: readonly PyNode[]): number {
    let n = 0;
    for (const stmt of statements) {
      if (!stmt.named) continue;
      const kept = this.take(stmt);
      if (kept) this.put(stmt, kept);
      n++;
    }
    this.replayed += n;
    return n;
  }
}

/**
 * The tables of the last two analyses that made them, for an analysis whose inputs to them are the same: the same record
 * objects in the same order (statements the edit left alone replay theirs: ./incremental.ts), the
 * same entry points, and models built at the same places over the same input and output tensors.
 * The tables are a function of those alone (positions included: a replayed record sits where it
 * sat, and the places of model sites and entry points are part of the key).
 */
export class TablesMemo {
  /** The tables of the last two keys made, the latest first (an edit undone takes the older: see KeptRuns). */
  private kept: { readonly key: readonly unknown[]; readonly tables: ResultTables }[] = [];
  /** How many analyses took kept tables (tests read it). */
  reused = 0;

  take(key: readonly unknown[]): ResultTables | null {
    const found = this.kept.find((k) => sameKey(k.key, key));
    if (!found) return null;
    this.reused++;
    return found.tables;
  }

  put(key: readonly unknown[], tables: ResultTables): void {
    this.kept = [{ key, tables }, ...this.kept.slice(0, 1)];
  }
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
