/**
 * Which model each recorded application belongs to, for one summary table per model (issue 8 §1):
 * a Sequential owns the applications made while its layers were applied; a functional
 * `Model(inputs, outputs)` owns what lies on a path from its outputs back to its inputs (every
 * producer of a tensor it reaches). What an entry point records outside any model is a table of its
 * own, with an op repeated at the same call site on the same shapes (a training loop) as one row.
 * Code that never runs records nothing, so it counts nowhere.
 */
import type { ModelSummary } from '../analysis/types.js';
import type { BuiltModel, EntryRun, Recorded } from './interp.js';
import { field, lineEndOf, namedChildren, rangeOf, textOf, type PyNode } from './syntax.js';
import { outputNames } from './interp.js';
import type { TensorV, Value } from './values.js';

export interface Tables {
  readonly models: ModelSummary[];
  /** Records some model owns (they keep one row each, repeated or not). */
  readonly owned: ReadonlySet<Recorded>;
}

export function modelTables(records: readonly Recorded[], runs: readonly EntryRun[], built: Iterable<BuiltModel>): Tables {
  const producers = new Map<TensorV, Recorded[]>();
  for (const r of records) {
    for (const t of r.outputs) {
      const list = producers.get(t);
      if (list) list.push(r);
      else producers.set(t, [r]);
    }
  }
  const owned = new Set<Recorded>();
  const byRun = new Map<number, ModelSummary[]>();
  for (const b of built) {
    const mine = b.model.sequential ? sequentialRows(b, records, producers) : reachable(b, records, producers);
    for (const r of mine) owned.add(r);
    if (mine.length === 0) continue;
    const entry = b.run === 0 ? null : runs[b.run]!.name;
    const anchors = [...(b.site ? [b.site] : []), ...b.summaries].map(lineEndOf);
    const site = b.site ?? b.model.node;
    const table: ModelSummary = { name: modelName(b.model.node, b.model.sequential), entry, range: rangeOf(site), anchors, layers: mine.map((r) => r.layer) };
    byRun.set(b.run, [...(byRun.get(b.run) ?? []), table]);
  }
  const models: ModelSummary[] = [];
  runs.forEach((run, i) => {
    models.push(...(byRun.get(i) ?? []));
    const rest = collapseRepeats(records.filter((r) => r.run === i && !owned.has(r))).map((r) => r.layer);
    if (!rest.some((l) => !l.composite)) return;
    const range = run.node ? rangeOf(run.node) : rest[0]!.range;
    models.push({ name: run.name, entry: i === 0 ? null : run.name, range, anchors: [], layers: rest });
  });
  return { models, owned };
}

/** A Sequential's applications, after the `keras.Input(...)` its list starts with, if any. */
function sequentialRows(b: BuiltModel, records: readonly Recorded[], producers: Map<TensorV, Recorded[]>): Recorded[] {
  const input = new Set(tensorsOf(b.model.inputs).flatMap((t) => producers.get(t) ?? []).filter((r) => r.run === b.run));
  return records.filter((r) => r.sequential === b.model || input.has(r));
}

/**
 * A functional model's applications: walked back from its outputs to its inputs. When the walk
 * cannot reach every input (a tensor made by code the interpreter does not follow), the model owns
 * instead everything its entry point recorded before it was built that no other model owns yet:
 * rows are never dropped from the table they belong to.
 */
function reachable(b: BuiltModel, records: readonly Recorded[], producers: Map<TensorV, Recorded[]>): Recorded[] {
  const inputs = new Set(tensorsOf(b.model.inputs));
  const reached = new Set<TensorV>();
  const mine = new Set<Recorded>();
  const todo = tensorsOf(b.model.output);
  while (todo.length > 0) {
    const t = todo.pop()!;
    if (reached.has(t)) continue;
    reached.add(t);
    for (const r of producers.get(t) ?? []) {
      if (r.run !== b.run || mine.has(r)) continue;
      mine.add(r);
      // The model's inputs are its first rows (Keras lists the InputLayer); nothing before them counts.
      if (!inputs.has(t)) todo.push(...r.inputs);
    }
  }
  const complete = inputs.size > 0 && [...inputs].every((t) => reached.has(t)) && mine.size > 0;
  if (complete) return records.filter((r) => mine.has(r));
  return records.slice(0, b.at).filter((r) => r.run === b.run && r.sequential === null);
}

function tensorsOf(v: Value | null): TensorV[] {
  if (!v) return [];
  if (v.kind === 'tensor') return [v];
  if (v.kind === 'tuple' || v.kind === 'list') return v.items.flatMap(tensorsOf);
  if (v.kind === 'dict') return [...v.entries.values()].flatMap((e) => tensorsOf(e.value));
  return [];
}

/** Applications repeated at one call site with the same shapes, as one row with a count. */
export function collapseRepeats(records: readonly Recorded[]): Recorded[] {
  const rows = new Map<string, { record: Recorded; repeats: number }>();
  for (const r of records) {
    const l = r.layer;
    const k = `${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}|${l.type}|${JSON.stringify(l.inputs)}|${JSON.stringify(l.outputs)}`;
    const seen = rows.get(k);
    if (seen) seen.repeats++;
    else rows.set(k, { record: r, repeats: 1 });
  }
  return [...rows.values()].map(({ record, repeats }) => (repeats > 1 ? { ...record, layer: { ...record.layer, repeats } } : record));
}

/** Keras' `name=` when the call spells it as a string, else the variable it is assigned to, else Keras' default. */
function modelName(site: PyNode, sequential: boolean): string {
  const args = site.type === 'call' ? field(site, 'arguments') : null;
  for (const a of args ? namedChildren(args) : []) {
    if (a.type !== 'keyword_argument' || textOf(field(a, 'name')!) !== 'name') continue;
    const v = field(a, 'value');
    const m = v?.type === 'string' ? /^[rRuU]?(['"])(.*)\1$/.exec(textOf(v)) : null;
    if (m) return m[2]!;
  }
  return outputNames(site)?.[0] ?? (sequential ? 'sequential' : 'model');
}
