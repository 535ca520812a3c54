/**
 * Running the module body with the statement runs of the last analysis (./statement-cache.ts): a
 * top-level statement whose run is kept and whose inputs are unchanged is replayed (its bindings,
 * rows and diagnostics re-applied), any other runs and, when its effects allow, is kept for the next
 * analysis. Analyses with and without the cache are equal (test/python/incremental.test.ts).
 */
import type { Scope } from './env.js';
import type { Interp, Recorded } from './interp.js';
import { untouchedState } from './memo.js';
import { exec, type Flow } from './statements.js';
import { matchReads, readable, substituted, writable } from './kept-values.js';
import { isAt, type KeptRuns, placeOf, type RunGeneration, samePlace, type Place, type StatementRun } from './statement-cache.js';
import type { PyNode } from './syntax.js';
import { trackedVars, VarLog, type TrackedVars } from './tracked-vars.js';
import type { TensorV, Value } from './values.js';

/** Runs (or replays) one top-level statement of the document's module body. */
export function execTopLevel(it: Interp, stmt: PyNode, scope: Scope, runs: RunGeneration): Flow {
  if (stmt.hasError) return exec(it, stmt, scope);
  const vars = trackedVars(scope);
  const kept = runs.take(stmt);
  if (!kept) return record(it, stmt, scope, vars, runs, null);
  // Where the statement sits, found once for both runs (two searches of the line starts).
  const here = placeOf(stmt);
  const last = matching(it, kept.last, here, vars);
  // A run that matches only with tensors substituted gives way to one that matches with its own:
  // its rows are then the very rows the last analysis in this state made, whose tables and hints
  // are kept.
  const other = kept.before;
  const before = other && (last === false || movesTensors(last)) ? matching(it, other, here, vars) : false;
  if (other && before !== false && (last === false || !movesTensors(before))) {
    runs.put(stmt, replay(it, other, vars, before, kept.last) ?? { last: other, before: kept.last });
  } else if (last !== false) {
    runs.put(stmt, replay(it, kept.last, vars, last, kept.before) ?? kept);
  } else return record(it, stmt, scope, vars, runs, kept.last);
  runs.replayed++;
  return 'normal';
}

/** Values of this analysis that stand for equal ones a kept run read (its rows and bindings get them instead). */
type Substitutes = Map<Value, Value>;

/** Whether tensors of this analysis stand in for a run's (its rows are then new objects: relinked). */
function movesTensors(substitute: Substitutes | null): boolean {
  if (!substitute) return false;
  for (const v of substitute.keys()) if (v.kind === 'tensor') return true;
  return false;
}

/** Whether `run` can be replayed by the statement at `here`: false if not, null if what it read is here as it is, else the values to substitute. */
function matching(it: Interp, run: StatementRun, here: Place, vars: TrackedVars): Substitutes | null | false {
  if (!samePlace(here, run.place)) return false;
  if (it.channelsFirst !== run.channelsFirst || it.configSet !== run.configSet || (it.configRead !== null) !== run.configRead) return false;
  const names = it.layerNames;
  if (names.lost !== run.namesLost || run.names.some(([prefix, before]) => names.get(prefix) !== before)) return false;
  if (it.steps + run.steps > it.limit || it.modules?.loaded || it.starModules.join() !== run.starModules) return false;
  if (run.functions.some(([node, place]) => !isAt(node, place))) return false;
  return matchReads(run.reads, (name) => vars.raw(name));
}

/**
 * Re-applies a matching run's effects: its bindings, counters, rows and diagnostics. When tensors of
 * this analysis stood in for the run's, it returns the runs to keep: the run as it went now (what
 * it read and bound, its rows relinked), which the next analysis in the same state replays with
 * its own tensors (its rows then these very ones), and the statement's other run (`other`), else
 * the replayed one.
 */
function replay(it: Interp, run: StatementRun, vars: TrackedVars, substitute: Substitutes | null, other: StatementRun | null): KeptRuns | null {
  it.steps += run.steps;
  const writes = substitute ? run.writes.map(([name, v]): readonly [string, Value | undefined] => [name, v && substituted(v, substitute)]) : run.writes;
  for (const [name, v] of writes) {
    if (v === undefined) vars.delete(name);
    else vars.set(name, v);
  }
  const names = it.layerNames;
  for (const [prefix, , after] of run.names) names.set(prefix, after);
  const records = substitute ? run.records.map((r) => relinked(r, substitute)) : run.records;
  for (const r of records) it.records.push(r);
  for (const [key, entry] of run.diagnostics) it.addDiagnostic(key, entry);
  for (const id of run.invoked) it.invoked.add(id);
  if (run.readConfigAt) it.configRead = run.readConfigAt;
  it.statement = run.last;
  if (!movesTensors(substitute)) return null;
  const reads = run.reads.map(([name, old]): readonly [string, Value | undefined] => [name, old && (substitute!.get(old) ?? old)]);
  return { last: { ...run, reads, writes, records }, before: other ?? run };
}

/** A replayed row whose inputs now come from equal values made by this analysis (the model walk links by identity). */
function relinked(r: Recorded, substitute: ReadonlyMap<Value, Value>): Recorded {
  const tensor = (t: TensorV): TensorV => {
    const s = substitute.get(t);
    return s?.kind === 'tensor' ? s : t;
  };
  // Most substitutes are modules and constants: a row whose tensors keep is the same row (./tables.ts reuses tables by row).
  if (!r.inputs.some((t) => tensor(t) !== t) && !r.outputs.some((t) => tensor(t) !== t)) return r;
  return { ...r, inputs: r.inputs.map(tensor), outputs: r.outputs.map(tensor) };
}

/**
 * The interpreter state a kept statement must leave as it found it (what replay cannot redo), as
 * one number: every part only grows (sets and lists filled, flags set once), so any change raises it.
 */
function untrackedState(it: Interp): number {
  return untouchedState(it) + it.models.length + it.built.size + it.reached.size + Number(it.layerNames.lost);
}

/** Runs a statement and keeps its run, when its effects can be replayed, with the one it replaces (`before`). */
function record(it: Interp, stmt: PyNode, scope: Scope, vars: TrackedVars, runs: RunGeneration, before: StatementRun | null): Flow {
  const log = new VarLog();
  const state = untrackedState(it);
  const steps = it.steps;
  const requests = it.modules?.requests;
  const records = it.records.length;
  const diagnostics = it.diagnosticLog.length;
  const invoked = it.invoked.size;
  const namesMark = it.layerNames.mark();
  const { channelsFirst, configSet } = it;
  const configRead = it.configRead !== null;
  vars.log = log;
  let flow: Flow;
  try {
    flow = exec(it, stmt, scope);
  } finally {
    vars.log = null;
  }
  if (flow !== 'normal' || log.opaque || scope.vars !== vars || it.exhausted || it.mute > 0 || it.speculative > 0 || it.building !== null) return flow;
  // What resolving a module gives depends on files, not on the program: such a statement runs every time.
  if (untrackedState(it) !== state || it.channelsFirst !== channelsFirst || it.configSet !== configSet || it.modules?.loaded || it.modules?.requests !== requests) return flow;
  const added = it.diagnosticLog.slice(diagnostics);
  if (added.some(([, e]) => e.d.code.startsWith('budget-'))) return flow;
  const rows = it.records.slice(records);
  if (rows.some((r) => r.run !== 0 || r.speculative || r.sequential !== null)) return flow;
  const functions: PyNode[] = [];
  for (const v of log.reads.values()) if (v !== undefined && !readable(v, functions)) return flow;
  const writes: [string, Value | undefined][] = [];
  for (const name of log.written) {
    const v = vars.raw(name);
    if (v !== undefined && !writable(v)) return flow;
    writes.push([name, v]);
  }
  const names = it.layerNames.movedSince(namesMark);
  const run: StatementRun = {
    place: placeOf(stmt),
    channelsFirst,
    configSet,
    configRead,
    namesLost: it.layerNames.lost,
    starModules: it.starModules.join(),
    names,
    reads: [...log.reads],
    functions: functions.map((node): readonly [PyNode, Place] => [node, placeOf(node)]),
    steps: it.steps - steps,
    writes,
    records: rows,
    diagnostics: added,
    invoked: it.invoked.size > invoked ? [...it.invoked].slice(invoked) : [],
    readConfigAt: configRead ? null : it.configRead,
    last: it.statement,
  };
  runs.put(stmt, { last: run, before });
  return flow;
}
