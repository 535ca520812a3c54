/**
 * Entry points kept across analyses (issue 12): a function nobody calls (./entry-points.ts runs
 * it on its own) whose definition, place and inputs are unchanged since the last analysis
 * replays its run — rows, diagnostics, the models it built, the functions it reached, its steps —
 * instead of running again, as ./incremental.ts replays top-level statements. Its inputs are the
 * document's module names it read (through ./tracked-vars.ts, compared by ./statement-cache.ts'
 * `sameValue`; tensors only when identical, since its models link to them), the places of the
 * functions it called, and the config and the counters (default names, declared sizes' names) it
 * started from, which a replay moves as the run did; the module names it bound (`global`:
 * keras-applications' builders bind the Keras modules they are handed) are replayed, when they
 * are values nothing can change. A run that read or bound another module's names, defined or
 * instantiated classes, imported, spent a budget or ran with imported files is not kept.
 */
import type { BuiltModel, Interp } from './interp.js';
import { contextOf, untouchedState } from './memo.js';
import { matchReads, readable, writable } from './kept-values.js';
import { isAt, placeOf, type EntryPointRun, type Place } from './statement-cache.js';
import type { TrackedVars } from './tracked-vars.js';
import type { PyNode } from './syntax.js';
import type { FuncV, Value } from './values.js';

/** Runs the entry point `fn` (`run` invokes it), or replays its kept run. */
export function runEntryPoint(it: Interp, fn: FuncV, run: () => void): void {
  const runs = it.statementRuns;
  const memo = it.memo;
  if (!runs || !memo || it.moduleScope === null || fn.closure !== it.moduleScope || it.modules?.loaded) {
    run();
    return;
  }
  memo.track(it.moduleScope);
  const kept = runs.takeEntry(fn.node);
  if (kept && replay(it, kept, fn)) {
    runs.putEntry(fn.node, kept);
    runs.replayedEntries++;
    return;
  }
  const context = entryContext(it);
  const readConfig = it.configRead !== null;
  const state = untouchedState(it);
  const steps = it.steps;
  const records = it.records.length;
  const models = it.models.length;
  const diagnostics = it.diagnosticLog.length;
  const reached = it.reached.size;
  const namesMark = it.layerNames.mark();
  const lostBefore = it.layerNames.lost;
  const { log } = memo.logged(run);
  if (log.opaqueRead || it.exhausted || untouchedState(it) !== state || entryContext(it) !== context || it.modules?.loaded) return;
  const added = it.diagnosticLog.slice(diagnostics);
  if (added.some(([, e]) => e.d.code.startsWith('budget-'))) return;
  const functions: PyNode[] = [];
  const reads: (readonly [string, Value | undefined])[] = [];
  for (const [scope, byName] of log.reads) {
    if (scope !== it.moduleScope) return;
    for (const [name, v] of byName) {
      if (v !== undefined && !readable(v, functions)) return;
      reads.push([name, v]);
    }
  }
  const writes: (readonly [string, Value | undefined])[] = [];
  for (const [scope, names] of log.writes) {
    if (scope !== it.moduleScope) return;
    for (const name of names) {
      const v = (scope.vars as TrackedVars).raw(name);
      if (v !== undefined && !writable(v)) return;
      writes.push([name, v]);
    }
  }
  const built: BuiltModel[] = [];
  for (const model of it.models.slice(models)) {
    const b = it.built.get(model);
    if (!b) return;
    built.push({ ...b, at: b.at - records });
  }
  runs.putEntry(fn.node, {
    place: placeOf(fn.node),
    context,
    lostBefore,
    readConfig,
    configRead: !readConfig ? it.configRead : null,
    lost: it.layerNames.lost,
    names: it.layerNames.movedSince(namesMark),
    reads,
    writes,
    functions: functions.map((node): readonly [PyNode, Place] => [node, placeOf(node)]),
    steps: it.steps - steps,
    records: it.records.slice(records),
    diagnostics: added,
    models: built,
    reached: it.reached.size > reached ? [...it.reached].slice(reached) : [],
  });
}

/** What an entry point's run depends on besides its reads (a speculative run numbers no default names: it only loses them). */
function entryContext(it: Interp): string {
  return `${contextOf(it)}|${it.starModules.join()}`;
}

function replay(it: Interp, kept: EntryPointRun, fn: FuncV): boolean {
  if (!isAt(fn.node, kept.place) || kept.context !== entryContext(it) || kept.lostBefore !== it.layerNames.lost || (kept.readConfig && it.configRead === null)) return false;
  if (it.steps + kept.steps > it.limit || kept.functions.some(([node, place]) => !isAt(node, place))) return false;
  const names = it.layerNames;
  if (kept.names.some(([prefix, before]) => names.get(prefix) !== before)) return false;
  const vars = it.moduleScope!.vars;
  const substitute = matchReads(kept.reads, (name) => vars.get(name));
  if (substitute === false) return false;
  // Its models hold the tensors it read: only identical ones will do.
  if (substitute) for (const old of substitute.keys()) if (old.kind === 'tensor' || old.kind === 'tuple') return false;
  it.steps += kept.steps;
  for (const [name, v] of kept.writes) {
    if (v === undefined) vars.delete(name);
    else vars.set(name, v);
  }
  it.layerNames.lost = kept.lost;
  for (const [prefix, , after] of kept.names) names.set(prefix, after);
  if (kept.configRead && it.configRead === null) it.configRead = kept.configRead;
  const at = it.records.length;
  for (const r of kept.records) it.records.push({ ...r, run: it.run });
  for (const b of kept.models) {
    it.models.push(b.model);
    it.built.set(b.model, { ...b, run: it.run, at: b.at + at });
  }
  for (const [key, entry] of kept.diagnostics) it.addDiagnostic(key, entry);
  for (const id of kept.reached) it.reached.add(id);
  return true;
}
