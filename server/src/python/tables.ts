/**
 * Which model each recorded application belongs to, for one summary table per model (issue 8 §1):
 * a Sequential owns the applications made while its layers were applied; a functional
 * `Model(inputs, outputs)` owns what lies on a path from its outputs back to its inputs (every
 * producer of a tensor it reaches). What an entry point records outside any model is a table of its
 * own, with an op repeated at the same call site on the same shapes (a training loop) as one row.
 * Code that never runs records nothing, so it counts nowhere.
 * A custom layer's or a nested model's call is one row with what it applied indented under it, as
 * Keras' `summary(expand_nested=True)` prints a nested model (its params on its row, counted once).
 * Also the clean-up of the rows before the tables: a speculative guess only where no call site ran,
 * and a call site's refactors only when all its applications agree.
 */
import type { ModelSummary } from '../analysis/types.js';
import type { LayerResult } from '../analysis/types.js';
import type { BuiltModel, EntryRun, Recorded } from './interp.js';
import type { TablesMemo } from './statement-cache.js';
import { field, lineEndOf, namedChildren, rangeOf, textOf, type PyNode } from './syntax.js';
import { outputNames } from './interp.js';
import type { ModelV, TensorV, Value } from './values.js';
import { sumOf } from './calls.js';

export interface Tables {
  readonly models: ModelSummary[];
  /** Records some model owns (they keep one row each, repeated or not). */
  readonly owned: ReadonlySet<Recorded>;
}

/** The rows of an analysis in source order and its model tables. */
export interface ResultTables {
  readonly layers: LayerResult[];
  readonly models: ModelSummary[];
}

/**
 * Results in source order; speculative results only where no call site produced one. A layer
 * applied in several contexts (a helper called with different inputs) keeps its actions only when
 * every context offers the same ones: an edit in shared code must be right for all of them.
 * With `memo` (an editor's, per document and kind of run), the tables of one of the last two analyses when they are
 * made of the same records and models (see TablesMemo).
 */
export function resultTables(records: readonly Recorded[], runs: readonly EntryRun[], built: readonly BuiltModel[], memo: TablesMemo | null, cancelled?: () => boolean): ResultTables {
  const key = memo ? tablesKey(records, runs, built) : null;
  const kept = key && memo!.take(key);
  if (kept) return { layers: [...kept.layers], models: [...kept.models] };
  const tick = stopper(cancelled);
  const { models, owned } = modelTables(records, runs, built, tick);
  // Ops outside any model repeated at one call site on the same shapes (a loop) are one row.
  const rows = [...records.filter((r) => owned.has(r)), ...collapseRepeats(records.filter((r) => !owned.has(r)), tick)];
  const dedup = rows.some((r) => r.speculative) ? withoutRepeatedGuesses(rows) : rows;
  dedup.sort((a, b) => a.at.line - b.at.line || a.at.character - b.at.character);
  const tables = { layers: agreedActions(dedup.map((r) => r.layer)), models };
  if (key) memo!.put(key, tables);
  return { layers: [...tables.layers], models: [...tables.models] };
}

/** Thrown when the analysis is cancelled while its tables are built (seconds over 200,000 rows). */
export class TablesCancelled extends Error {}

/** A check of `cancelled` every 4,096 rows, throwing TablesCancelled. */
function stopper(cancelled: (() => boolean) | undefined): () => void {
  if (!cancelled) return () => {};
  let n = 0;
  return () => {
    if ((++n & 4095) === 0 && cancelled()) throw new TablesCancelled('cancelled');
  };
}

/** Everything modelTables reads, as values compared by identity (nodes, tensors, records) or equality (numbers, strings). */
function tablesKey(records: readonly Recorded[], runs: readonly EntryRun[], built: readonly BuiltModel[]): unknown[] {
  const key: unknown[] = [...records, records.length];
  // Models are told apart by identity only where a record names one (a Sequential's rows, a model's call).
  const named = records.some((r) => r.sequential !== null || r.model !== null);
  const place = (n: PyNode): string => {
    const r = rangeOf(n);
    const e = lineEndOf(n);
    return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}/${e.character}`;
  };
  for (const run of runs) key.push(run.name, run.node, run.node ? place(run.node) : '');
  for (const b of built) {
    const site = b.site ?? b.model.node;
    key.push(named ? b.model : null, b.model.sequential, b.model.node, b.site, place(site), b.run, b.at, b.summaries.length, ...b.summaries.map(place));
    const inputs = tensorsOf(b.model.inputs);
    const outputs = tensorsOf(b.model.output);
    key.push(inputs.length, ...inputs, outputs.length, ...outputs);
  }
  return key;
}

function modelTables(records: readonly Recorded[], runs: readonly EntryRun[], built: Iterable<BuiltModel>, tick: () => void): Tables {
  const producers = new Map<TensorV, Recorded[]>();
  for (const r of records) {
    tick();
    for (const t of r.outputs) {
      const list = producers.get(t);
      if (list) list.push(r);
      else producers.set(t, [r]);
    }
  }
  const index = new Map(records.map((r, i) => [r, i]));
  const owned = new Set<Recorded>();
  const byRun = new Map<number, ModelSummary[]>();
  const builtModels = [...built];
  const byModel = new Map(builtModels.map((b) => [b.model, b]));
  // Each model's rows once: a model called in a loop nests the same rows under every call.
  const rowsCache = new Map<BuiltModel, Recorded[]>();
  const rowsOf = (b: BuiltModel): Recorded[] => {
    let rows = rowsCache.get(b);
    if (!rows) rowsCache.set(b, (rows = b.model.sequential ? sequentialRows(b, records, producers) : reachable(b, records, index, producers, () => claimedBefore(b))));
    return rows;
  };
  // The rows of the models its entry point built before this one (a fallback table must not take them).
  const claimedBefore = (b: BuiltModel): ReadonlySet<Recorded> =>
    new Set(builtModels.slice(0, builtModels.indexOf(b)).filter((o) => o.run === b.run).flatMap(rowsOf));
  const nesting = new Nesting(records, index, (m) => {
    const b = byModel.get(m);
    return b ? rowsOf(b) : [];
  });
  for (const b of builtModels) {
    tick();
    const mine = rowsOf(b);
    if (mine.length === 0) continue;
    const rows = nesting.rows(mine);
    for (const r of rows.records) owned.add(r);
    const entry = b.run === 0 ? null : runs[b.run]!.name;
    const anchors = [...(b.site ? [b.site] : []), ...b.summaries].map(lineEndOf);
    const site = b.site ?? b.model.node;
    const table: ModelSummary = { name: modelName(b.model.node, b.model.sequential), entry, range: rangeOf(site), anchors, layers: rows.layers };
    byRun.set(b.run, [...(byRun.get(b.run) ?? []), table]);
  }
  const models: ModelSummary[] = [];
  runs.forEach((run, i) => {
    models.push(...(byRun.get(i) ?? []));
    // A custom layer's row is followed by the rows its call applied, as in a model's table.
    const rest = nesting.rows(collapseRepeats(records.filter((r) => r.run === i && !owned.has(r)), tick)).layers;
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
function reachable(b: BuiltModel, records: readonly Recorded[], index: ReadonlyMap<Recorded, number>, producers: Map<TensorV, Recorded[]>, claimed: () => ReadonlySet<Recorded>): Recorded[] {
  const inputs = new Set(tensorsOf(b.model.inputs));
  let others: ReadonlySet<Recorded> | null = null;
  const reached = new Set<TensorV>();
  const mine = new Set<Recorded>();
  const todo = tensorsOf(b.model.output);
  while (todo.length > 0) {
    const t = todo.pop()!;
    if (reached.has(t)) continue;
    reached.add(t);
    for (const r of producers.get(t) ?? []) {
      // A call of this model (it is used as a layer elsewhere) is not one of its rows.
      if (r.run !== b.run || mine.has(r) || r.model === b.model) continue;
      mine.add(r);
      // The model's inputs are its first rows (Keras lists the InputLayer); nothing before them counts.
      if (!inputs.has(t)) todo.push(...r.inputs);
      // A function's call: the rows its body recorded are the model's too (its result may be a join
      // of branches, which no row produced), except those of models the body built.
      if (r.firstRecord !== undefined) {
        others ??= claimed();
        for (const inner of records.slice(r.firstRecord, index.get(r))) {
          if (inner.run !== b.run || mine.has(inner) || inner.model === b.model || others.has(inner)) continue;
          mine.add(inner);
          todo.push(...inner.inputs);
        }
      }
    }
  }
  const complete = inputs.size > 0 && [...inputs].every((t) => reached.has(t)) && mine.size > 0;
  if (complete) return records.filter((r) => mine.has(r));
  others ??= claimed();
  return records.slice(0, b.at).filter((r) => r.run === b.run && r.sequential === null && !others.has(r));
}

/**
 * Which rows nest under which: a nesting call's rows are the ones recorded just before it with a
 * greater depth (its `call` ran them); a model call that recorded none (built elsewhere, or called
 * again) has its model's own rows, shown once per table.
 */
class Nesting {
  constructor(
    private readonly records: readonly Recorded[],
    /** Each record's place in `records`. */
    private readonly index: ReadonlyMap<Recorded, number>,
    private readonly modelRows: (m: ModelV) => Recorded[],
  ) {}

  /** The records a nesting call applied, in order (all depths below it). */
  private inside(r: Recorded): Recorded[] {
    const i = this.index.get(r)!;
    const d = r.layer.depth ?? 0;
    let j = i;
    while (j > 0 && (this.records[j - 1]!.layer.depth ?? 0) > d) j--;
    return this.records.slice(j, i);
  }

  /** The rows directly under a nesting call. */
  private children(r: Recorded): Recorded[] {
    if (!r.nests) return [];
    const inside = this.inside(r);
    if (inside.length === 0) return r.model ? this.modelRows(r.model) : [];
    const d = (r.layer.depth ?? 0) + 1;
    return inside.filter((c) => (c.layer.depth ?? 0) === d);
  }

  /** A table's rows: its own in order, each nesting call followed by its rows one level deeper. */
  rows(mine: readonly Recorded[]): { records: Recorded[]; layers: LayerResult[] } {
    const under = new Set<Recorded>();
    const mark = (r: Recorded, seen: Set<Recorded>): void => {
      for (const c of this.children(r)) {
        if (seen.has(c)) continue;
        seen.add(c);
        under.add(c);
        mark(c, seen);
      }
    };
    for (const r of mine) if (r.nests) mark(r, new Set([r]));
    const records: Recorded[] = [];
    const layers: LayerResult[] = [];
    const emitted = new Set<Recorded>();
    const emit = (r: Recorded, level: number): number | null => {
      emitted.add(r);
      records.push(r);
      // Most rows nest nothing and sit at the top: the row as recorded (no copy, no child lists).
      if (!r.nests && level === 0 && r.layer.depth === undefined) {
        layers.push(r.layer);
        return r.layer.composite ? 0 : r.layer.params;
      }
      const at = layers.length;
      layers.push(r.layer);
      const kids = this.children(r).filter((c) => !emitted.has(c));
      const counts = kids.map((c) => emit(c, level + 1));
      const own = r.layer.composite ? null : r.layer.params;
      // The depth in this table (a Sequential's rows are at the top of its own).
      const { depth: _call, ...base } = r.layer;
      let row: LayerResult = level > 0 ? { ...base, depth: level } : r.layer.depth === undefined ? r.layer : base;
      // A nested model's row shows its rows' params (a second call of it shows none: counted once).
      if (r.model && r.layer.composite) row = { ...row, params: kids.length > 0 ? sumOf(counts) : null };
      layers[at] = row;
      return r.layer.composite ? sumOf(counts) : sumOf([own, ...counts]);
    };
    for (const r of mine) if (!under.has(r) && !emitted.has(r)) emit(r, 0);
    return { records, layers };
  }
}

function tensorsOf(v: Value | null): TensorV[] {
  if (!v) return [];
  if (v.kind === 'tensor') return [v];
  if (v.kind === 'tuple' || v.kind === 'list') return v.items.flatMap(tensorsOf);
  if (v.kind === 'dict') return [...v.entries.values()].flatMap((e) => tensorsOf(e.value));
  return [];
}

/**
 * Applications repeated at one call site with the same shapes, as one row with a count. A layer with
 * weights is never folded: each call there made its own (a `tf.layers.conv2d` in a loop), and the
 * totals count every one.
 */
function collapseRepeats(records: readonly Recorded[], tick: () => void): Recorded[] {
  const rows: { record: Recorded; repeats: number }[] = [];
  const byKey = new Map<string, { record: Recorded; repeats: number }>();
  for (const r of records) {
    tick();
    const l = r.layer;
    if (!l.composite && l.params !== null && l.params > 0) {
      rows.push({ record: r, repeats: 1 });
      continue;
    }
    const k = `${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}|${l.type}|${JSON.stringify(l.inputs)}|${JSON.stringify(l.outputs)}`;
    const seen = byKey.get(k);
    if (seen) seen.repeats++;
    else {
      const row = { record: r, repeats: 1 };
      byKey.set(k, row);
      rows.push(row);
    }
  }
  return rows.map(({ record, repeats }) => (repeats > 1 ? { ...record, layer: { ...record.layer, repeats } } : record));
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

/** Speculative results only where no call site produced one, and one per range (a speculative run may visit the same code twice, e.g. both branches). */
export function withoutRepeatedGuesses(records: Recorded[]): Recorded[] {
  const real = new Set(records.filter((r) => !r.speculative).map((r) => rangeKey(r.layer)));
  const seenSpec = new Set<string>();
  return records.filter((r) => {
    if (!r.speculative) return true;
    const k = rangeKey(r.layer);
    if (real.has(k)) return false;
    const typed = `${k}|${r.layer.type}`;
    if (seenSpec.has(typed)) return false;
    seenSpec.add(typed);
    return true;
  });
}

/** Drops the actions of every layer whose other applications (same range) offer different ones. */
export function agreedActions(layers: LayerResult[]): LayerResult[] {
  // Only a call site with several rows can disagree: rows are counted by where they start (a number
  // each), and only those that share a start are told apart by site and compared.
  const starts = new Map<number, number>();
  for (const l of layers) starts.set(startKey(l.range), (starts.get(startKey(l.range)) ?? 0) + 1);
  const shared = layers.filter((l) => starts.get(startKey(l.range))! > 1);
  if (shared.length === 0) return layers;
  const sites = new CallSites();
  for (const l of shared) sites.of(l).rows++;
  let disagree = false;
  for (const l of shared) {
    const site = sites.of(l);
    if (site.rows === 1) continue;
    const a = l.actions.length === 0 ? '' : JSON.stringify(l.actions);
    if (site.actions === undefined) site.actions = a;
    else if (site.actions !== a) disagree = site.disagree = true;
  }
  if (!disagree) return layers;
  const dropped = new Set(shared.filter((l) => l.actions.length > 0 && sites.of(l).disagree));
  return layers.map((l) => (dropped.has(l) ? { ...l, actions: [] } : l));
}

/**
 * A range's start as one small integer (a V8 Smi: a larger number would be a heap object per key).
 * Starts may collide: whoever uses the key tells the rows apart by their whole range (CallSites).
 */
function startKey(r: LayerResult['range']): number {
  return (r.start.line * 4099 + r.start.character) & 0x3fffffff;
}

/** What agreedActions gathers about one call site. */
interface CallSite {
  readonly file: string | undefined;
  readonly startLine: number;
  readonly startCharacter: number;
  readonly endLine: number;
  readonly endCharacter: number;
  rows: number;
  /** The first row's actions as JSON ('' for none). */
  actions: string | undefined;
  disagree: boolean;
}

/** Layers by call site (range and file), found by their start's key: no key string per row. */
class CallSites {
  private readonly byStart = new Map<number, CallSite[]>();

  of(l: LayerResult): CallSite {
    const { start, end } = l.range;
    // Sites whose keys collide or that start alike are told apart by the rest.
    const key = startKey(l.range);
    let list = this.byStart.get(key);
    if (!list) this.byStart.set(key, (list = []));
    for (const site of list) {
      if (site.startLine === start.line && site.startCharacter === start.character && site.endLine === end.line && site.endCharacter === end.character && site.file === l.file) return site;
    }
    const site: CallSite = { file: l.file, startLine: start.line, startCharacter: start.character, endLine: end.line, endCharacter: end.character, rows: 0, actions: undefined, disagree: false };
    list.push(site);
    return site;
  }
}

/** A layer's call site: its range, in its file. */
function rangeKey(l: LayerResult): string {
  let k = rangeKeys.get(l);
  if (k === undefined) {
    const r = l.range;
    k = `${l.file ?? ''}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
    rangeKeys.set(l, k);
  }
  return k;
}

/** Rows replayed by the incremental interpreter are the same objects analysis after analysis: their keys are made once. */
const rangeKeys = new WeakMap<LayerResult, string>();
