/**
 * Memoised calls (issue 12): a user function called again with the same abstract arguments, in
 * the same interpreter context and with the same values of every module name its body reads,
 * returns what the first call returned and re-applies its rows, diagnostics, default-name counters
 * and steps instead of running the body again. Only a call whose body did nothing else is kept:
 *   - its closure is a module scope (reads logged through ./tracked-vars.ts) and it is no method;
 *   - its arguments and the module names it read are values it cannot change (numbers, strings,
 *     tensors, layers, functions of a module, catalog names, tuples; lists as arguments, checked
 *     unchanged after the call), its result is made of tensors, constants, tuples and new lists;
 *   - it bound no module name, read none of them all at once, built no model, defined no class,
 *     imported nothing, set no config, spent no budget, raised nothing (./none-access.ts) and
 *     gave no missing-argument error at its own call site.
 * A replayed call's tensors are fresh objects (arguments' tensors become the caller's), so the
 * model walk (./tables.ts), which links rows by tensor identity, sees what a run would have made.
 * The table lives as long as one Interp: it speeds the first analysis as much as an edit's.
 */
import type { Scope } from './env.js';
import { LIMITS, type Interp, type Recorded } from './interp.js';
import type { CountMove } from './name-counts.js';
import type { DiagnosticEntry } from './statement-cache.js';
import type { PyNode } from './syntax.js';
import { trackedVars, type CallReads } from './tracked-vars.js';
import type { CallArgs, FuncV, TensorV, Value } from './values.js';
import { constant, listsIn, matches, Pairs, rebuilt, returnable, snapshot, unchanged } from './memo-values.js';

/** How many argument sets are kept per function (a builder called with ever new arguments gains nothing). */
const PER_FUNCTION = 8;
/**
 * A function none of whose first kept calls an equal call replayed is taken to get new arguments
 * every time (keras-applications' blocks name their layers after `stage` and `block`): its later
 * calls are not recorded, which costs about as much as the body.
 */
const TRIES = 3;

/** The kept calls of one function (definition and closure), and how many calls replayed one. */
interface Kept {
  readonly runs: CallRun[];
  replays: number;
}

/** What one call read, logged while its body runs (and its nested calls', merged in when they end). */
export class CallLog {
  /** Module names read before the call bound them, with the value read. */
  readonly reads = new Map<Scope, Map<string, Value | undefined>>();
  /** Module names bound (a kept call binds none; a kept entry point's bindings are replayed). */
  readonly writes = new Map<Scope, Set<string>>();
  /** It read every module name at once (`globals()`, a branch's snapshot): not kept. */
  opaqueRead = false;
  read(scope: Scope, name: string, v: Value | undefined): void {
    if (this.writes.get(scope)?.has(name)) return;
    let names = this.reads.get(scope);
    if (!names) this.reads.set(scope, (names = new Map()));
    if (!names.has(name)) names.set(name, v);
  }
  write(scope: Scope, name: string): void {
    let names = this.writes.get(scope);
    if (!names) this.writes.set(scope, (names = new Set()));
    names.add(name);
  }
  opaque(): void {
    this.opaqueRead = true;
  }
  /** A nested call's reads and writes are this one's too. */
  merge(inner: CallLog): void {
    for (const [scope, names] of inner.reads) for (const [name, v] of names) this.read(scope, name, v);
    for (const [scope, names] of inner.writes) for (const name of names) this.write(scope, name);
    if (inner.opaqueRead) this.opaqueRead = true;
  }
}

/** The interpreter state a call depends on besides its arguments, its reads and the default-name state. */
export function contextOf(it: Interp): string {
  return `${it.mute > 0}|${it.speculative > 0}|${it.guarded > 0}|${it.nesting}|${it.unrolled}|${it.channelsFirst}|${it.configSet}`;
}

/**
 * The interpreter state a kept call must leave as it found it, as one number: every part only
 * grows, so any change raises it (what ./incremental.ts checks for a statement, without the call
 * sets replay re-applies, and without the models built, which ./kept-entries.ts replays).
 */
export function untouchedState(it: Interp): number {
  return (
    it.functions.size +
    it.methodOf.size +
    it.classes.size +
    it.instantiated.size +
    it.speculativeInstances.size +
    it.starModules.length +
    it.raisedAt.size +
    it.untracked +
    (it.modules ? it.modules.requests + it.modules.loaded : 0) +
    Number(it.configSet)
  );
}

/** One kept call. Arguments are snapshots (lists copied), so a list changed later does not match. */
interface CallRun {
  readonly positional: readonly Value[];
  readonly keywords: readonly (readonly [string, Value])[];
  readonly opaque: boolean;
  readonly context: string;
  /**
   * Whether the file had read the Keras config before the call (a call after the first read may
   * read it unseen: it replays only after a read too), and where the call first read it.
   */
  readonly readConfig: boolean;
  readonly configRead: PyNode | null;
  readonly reads: readonly (readonly [Scope, string, Value | undefined])[];
  /** Counters it moved (default names, declared sizes' names): the count before and after. */
  readonly names: readonly CountMove[];
  readonly steps: number;
  /** How much deeper than the call itself the deepest call inside it was checked against LIMITS.depth. */
  readonly depth: number;
  readonly records: readonly Recorded[];
  readonly diagnostics: readonly DiagnosticEntry[];
  readonly invoked: readonly number[];
  readonly reached: readonly number[];
  readonly result: Value;
  /** Tensors that came from outside the call (read module names): kept as they are when replayed. */
  readonly outside: ReadonlySet<Value>;
}

/** Calls kept and replayed, summed over analysis runs (the tests and the bench read them). */
export interface MemoCounts {
  kept: number;
  replayed: number;
}

/** Per analysis run: the kept calls by function definition and closure. */
export class CallMemo implements CallReads {
  current: CallLog | null = null;
  private readonly byFunction = new Map<PyNode, Map<Scope, Kept>>();
  /** The deepest `it.depth` a call inside the one being recorded was checked at. */
  deepest = 0;
  private readonly counts: MemoCounts = { kept: 0, replayed: 0 };

  /**
   * Runs `fn` as `run` would, or replays a kept run of an equal call. `run` binds the parameters
   * and runs the body, setting `bound` to the diagnostic count once the parameters are bound (a
   * missing argument is reported at the call site: such a call is not kept). `memoisable`: not a
   * method run for a class other than its own.
   */
  call(it: Interp, fn: FuncV, args: CallArgs, memoisable: boolean, run: (bound: { diagnostics: number }) => Value): Value {
    if (!memoisable || fn.self !== null || fn.closure.kind !== 'module' || it.building !== null) return this.plain(it, fn, run);
    this.track(fn.closure);
    const context = `${contextOf(it)}|${it.layerNames.lost}`;
    const kept = this.byFunction.get(fn.node)?.get(fn.closure);
    if (kept) {
      for (const r of kept.runs) {
        const replayed = this.replay(it, r, args, context);
        if (replayed) {
          kept.replays++;
          this.counts.replayed++;
          return replayed;
        }
      }
      if (kept.runs.length >= PER_FUNCTION || (kept.runs.length >= TRIES && kept.replays === 0)) return this.plain(it, fn, run);
    }
    const positional = args.positional.map((a) => snapshot(a.value));
    const keywords = [...args.keywords].map(([k, a]) => [k, snapshot(a.value)] as const);
    if (positional.includes(null) || keywords.some(([, v]) => v === null)) return this.plain(it, fn, run);
    const log = new CallLog();
    const parent = this.current;
    const state = untouchedState(it) + it.models.length;
    const steps = it.steps;
    const records = it.records.length;
    const diagnostics = it.diagnosticLog.length;
    const invoked = it.invoked.size;
    const reached = it.reached.size;
    const namesMark = it.layerNames.mark();
    const deepest = this.deepest;
    this.deepest = it.depth;
    const bound = { diagnostics };
    const readConfig = it.configRead !== null;
    this.current = log;
    let result: Value;
    try {
      result = run(bound);
    } finally {
      this.current = parent;
    }
    const depth = this.deepest - it.depth;
    this.deepest = Math.max(deepest, this.deepest);
    parent?.merge(log);
    if (log.opaqueRead || log.writes.size > 0 || it.exhausted || untouchedState(it) + it.models.length !== state || `${contextOf(it)}|${it.layerNames.lost}` !== context || bound.diagnostics !== diagnostics) return result;
    // The file's first read of the Keras config: kept where it is the call's own code (with files
    // imported, it may be the document's statement running one of theirs).
    const configRead = !readConfig && it.configRead !== null ? it.configRead : null;
    if (configRead && it.modules?.loaded) return result;
    const added = it.diagnosticLog.slice(diagnostics);
    if (added.some(([, e]) => e.d.code.startsWith('budget-'))) return result;
    const rows = it.records.slice(records);
    if (rows.some((r) => r.sequential !== null || r.model !== null)) return result;
    const reads: (readonly [Scope, string, Value | undefined])[] = [];
    const outside = new Set<Value>();
    for (const [scope, names] of log.reads) {
      for (const [name, v] of names) {
        if (v !== undefined && !constant(v, outside)) return result;
        reads.push([scope, name, v]);
      }
    }
    const argLists = new Set<Value>();
    for (const a of args.positional) listsIn(a.value, argLists);
    for (const a of args.keywords.values()) listsIn(a.value, argLists);
    if (!unchanged(args, positional, keywords) || !returnable(result, argLists)) return result;
    const names = it.layerNames.movedSince(namesMark);
    const entry: CallRun = {
      positional: positional as Value[],
      keywords: keywords as (readonly [string, Value])[],
      opaque: args.opaque,
      context,
      readConfig,
      configRead,
      reads,
      names,
      steps: it.steps - steps,
      depth,
      records: rows,
      diagnostics: added,
      invoked: it.invoked.size > invoked ? [...it.invoked].slice(invoked) : [],
      reached: it.reached.size > reached ? [...it.reached].slice(reached) : [],
      result,
      outside,
    };
    let byClosure = this.byFunction.get(fn.node);
    if (!byClosure) this.byFunction.set(fn.node, (byClosure = new Map()));
    const runs = byClosure.get(fn.closure);
    if (runs) runs.runs.push(entry);
    else byClosure.set(fn.closure, { runs: [entry], replays: 0 });
    this.counts.kept++;
    return result;
  }

  countInto(counts: MemoCounts): void {
    counts.kept += this.counts.kept;
    counts.replayed += this.counts.replayed;
  }

  /** The deepest call depth checked, for the calls being recorded (./calls.ts `invoke`). */
  checked(depth: number): void {
    if (depth > this.deepest) this.deepest = depth;
  }

  /** Runs `run` with the module names it reads logged (./kept-entries.ts keeps an entry point by them). */
  logged<T>(run: () => T): { value: T; log: CallLog } {
    const log = new CallLog();
    const parent = this.current;
    this.current = log;
    try {
      return { value: run(), log };
    } finally {
      this.current = parent;
      parent?.merge(log);
    }
  }

  /** A call not kept: run as is, its reads still reaching the call being recorded around it. */
  private plain(it: Interp, fn: FuncV, run: (bound: { diagnostics: number }) => Value): Value {
    if (this.current && fn.closure.kind === 'module') this.track(fn.closure);
    return run({ diagnostics: it.diagnosticLog.length });
  }

  /** The module scope's names, logging into this memo. */
  track(scope: Scope): void {
    const vars = trackedVars(scope);
    vars.owner = scope;
    vars.calls = this;
  }

  private replay(it: Interp, kept: CallRun, args: CallArgs, context: string): Value | null {
    if (kept.context !== context || (kept.readConfig && it.configRead === null) || kept.opaque !== args.opaque || kept.positional.length !== args.positional.length || kept.keywords.length !== args.keywords.size) return null;
    if (it.steps + kept.steps > it.limit || it.depth + kept.depth >= LIMITS.depth) return null;
    const names = it.layerNames;
    if (kept.names.some(([prefix, before]) => names.get(prefix) !== before)) return null;
    const pairs = new Pairs();
    if (!kept.positional.every((v, i) => matches(v, args.positional[i]!.value, pairs))) return null;
    let i = 0;
    for (const [name, a] of args.keywords) {
      const [k, v] = kept.keywords[i++]!;
      if (k !== name || !matches(v, a.value, pairs)) return null;
    }
    // Through the logging get: the statement and the call around this one depend on them too.
    for (const [scope, name, v] of kept.reads) {
      this.track(scope);
      if (scope.vars.get(name) !== v) return null;
    }
    it.steps += kept.steps;
    if (kept.configRead && it.configRead === null) it.configRead = kept.configRead;
    for (const [prefix, , after] of kept.names) names.set(prefix, after);
    const fresh = new Map<Value, Value>();
    const tensor = (t: TensorV): TensorV => {
      const now = pairs.now(t) ?? (kept.outside.has(t) ? t : fresh.get(t));
      if (now?.kind === 'tensor') return now;
      const copy: TensorV = { ...t };
      fresh.set(t, copy);
      return copy;
    };
    const at = it.documentStatement?.start;
    for (const r of kept.records) {
      const moved = r.layer.file !== undefined && at !== undefined ? { at } : {};
      it.records.push({ ...r, run: it.run, inputs: r.inputs.map(tensor), outputs: r.outputs.map(tensor), ...moved });
    }
    for (const [key, entry] of kept.diagnostics) it.addDiagnostic(key, entry);
    for (const id of kept.invoked) it.invoked.add(id);
    for (const id of kept.reached) it.reached.add(id);
    return rebuilt(kept.result, tensor);
  }
}
