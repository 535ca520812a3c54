/**
 * Running the net: blob names resolve in file order through a table (name → shape and the layer
 * that last wrote it), as Net::Init does with AppendBottom/AppendTop. A bottom no earlier layer
 * produced is an error — so a "cycle" is just a forward reference and nothing can loop.
 * [BVLC/caffe · src/caffe/net.cpp · Net::Init, AppendTop, AppendBottom] — SHAPE_SEMANTICS §4.7.
 */
import type { Diagnostic, Fix, LayerResult, Position, Range, Shape } from '../analysis/types.js';
import { NO_COST } from '../engine/cost.js';
import { isKnown } from '../engine/dim.js';
import { checkInt } from '../engine/outcome.js';
import { diagnostic, formatShape, type Related } from './diagnostic.js';
import type { LayerDef } from './net.js';
import { Params } from './params.js';
import { closestName } from './suggest.js';
import { CATALOG } from './layers/catalog.js';
import type { RunCache } from './run-cache.js';
import { NO_SHAPE, type Arity, type LayerContext, type LayerShape, type LayerSpec, type SuppliedShapes } from './layers/spec.js';

interface Blob {
  readonly name: string;
  readonly shape: Shape | null;
  /** The result of the layer that last wrote it (not its definition, so layer bodies die young). */
  readonly producer: LayerResult;
}

/** What a layer costs when its input is unknown: not 0, which would be a guess. */
const UNKNOWN_COST = { params: null, macs: null };

/** The arity a catalog entry has when it states none. */
const ONE: Arity = [1, 1];

/** A bottom no layer above produced, waiting to learn whether a layer below produces it. */
interface Unresolved {
  readonly layer: LayerDef;
  readonly index: number;
  /** Where its diagnostic sits in the list. */
  readonly at: number;
}

/** Runs each layer as it comes, so a layer's definition is garbage once it has run. */
export function runNet(layers: Iterable<LayerDef>, supplied: SuppliedShapes, diagnostics: Diagnostic[], cache?: RunCache, excludedTops: ReadonlySet<string> = new Set(), cancelled?: () => boolean): LayerResult[] {
  cache?.nextAnalysis();
  const blobs = new Map<string, Blob>();
  const unresolved = new Map<string, Unresolved[]>();
  const results: LayerResult[] = [];
  for (const layer of layers) {
    // No longer wanted (a newer edit): the caller throws the incomplete result away.
    if (cancelled?.()) break;
    const sources = layer.bottoms.map((b) => blobs.get(b.name));
    sources.forEach((source, index) => {
      if (source) return;
      const name = layer.bottoms[index]!.name;
      const waiting = unresolved.get(name) ?? [];
      waiting.push({ layer, index, at: diagnostics.length });
      unresolved.set(name, waiting);
      diagnostics.push(unknownBottom(layer, index, closestName(name, blobs.keys())));
    });
    const result = runLayer(layer, sources, blobs, supplied, diagnostics, cache);
    for (const top of layer.tops) {
      for (const u of unresolved.get(top.name) ?? []) diagnostics[u.at] = unknownBottom(u.layer, u.index, null, result);
      unresolved.delete(top.name);
    }
    results.push(result);
  }
  // A bottom only layers the net state excludes produce is missing in this state, which is an
  // assumption (the phase or stages analysed): information, not an error (`layers` is spent by now).
  for (const [name, waiting] of unresolved) {
    if (!excludedTops.has(name)) continue;
    for (const u of waiting) diagnostics[u.at] = { ...diagnostics[u.at]!, severity: 'information', message: `${diagnostics[u.at]!.message}; only layers the analysed net state (phase, stages, level) leaves out produce it, so Caffe fails in this state only: set the one the net runs in (--phase, --stage; shapelens.prototxt.phase)` };
  }
  for (const name of Object.keys(supplied.given)) if (!blobs.has(name)) diagnostics.push(unknownInput(name, blobs.keys()));
  return results;
}

/** `--input NAME=…` for a blob no layer produces: the user meant another blob, so say which exist. */
function unknownInput(name: string, names: Iterable<string>): Diagnostic {
  const near = closestName(name, names);
  const hint = near === null ? '' : ` (did you mean '${near}'?)`;
  const start = { line: 0, character: 0 };
  return diagnostic({ start, end: start }, 'warning', 'unknown-input-name', `--input ${name} names no blob of this net${hint}: it is ignored`);
}

/**
 * Net::AppendBottom's "Unknown bottom blob", naming the layer below that produces it if any (a
 * forward reference), else with a quick fix to the closest blob name produced above, if any.
 */
function unknownBottom(layer: LayerDef, index: number, near: string | null, below?: LayerResult): Diagnostic {
  const b = layer.bottoms[index]!;
  const where = below ? ` (layer '${layerName(below)}' below does; Caffe reads layers in file order)` : '';
  const d = diagnostic(b.range, 'error', 'unknown-bottom', `Unknown bottom blob '${b.name}': no layer above produces it${where} — layer '${layerName(layer)}', bottom ${index}`);
  if (near === null || below) return d;
  const fix: Fix = { title: `Change the bottom to '${near}' — the nearest blob name above (edits ≤ a third of its length)`, kind: 'quickfix', preferred: true, edits: [{ range: b.range, newText: `bottom: ${JSON.stringify(near)}` }] };
  return { ...d, fixes: [fix] };
}

function runLayer(layer: LayerDef, sources: readonly (Blob | undefined)[], blobs: Map<string, Blob>, supplied: SuppliedShapes, diagnostics: Diagnostic[], cache?: RunCache): LayerResult {
  const inputShapes = sources.map((b) => b?.shape ?? null);
  const last = cache?.take(layer.body, inputShapes, supplied);
  // The same text, inputs and place as last time: the same result.
  let result = last && samePlace(last.result, layer) ? last.result : null;
  if (!result) {
    const reported = diagnostics.length;
    const run = last?.shape ?? shapeOf(layer, sources, inputShapes, supplied, diagnostics);
    result = layerResult(layer, inputShapes, run, supplied);
    if (run && diagnostics.length === reported) cache?.remember(layer.body, inputShapes, supplied, run, result);
  }
  recordTops(layer, result, blobs, diagnostics);
  return result;
}

/** The layer's catalog entry run on its inputs; null when it is unknown or reported an error. */
function shapeOf(layer: LayerDef, sources: readonly (Blob | undefined)[], inputShapes: readonly (Shape | null)[], supplied: SuppliedShapes, diagnostics: Diagnostic[]): LayerShape | null {
  const spec = CATALOG.get(layer.kind);
  if (!spec) {
    // No type fails in every Caffe (LayerRegistry); an unknown name may be a fork's own type, which
    // runs there: information, never an alarm.
    if (layer.type === '') diagnostics.push(diagnostic(layer.typeField.range, 'error', 'unknown-layer-type', `Layer '${layerName(layer)}' has no type: Caffe cannot create it, its tops get no shape`));
    else diagnostics.push(diagnostic(layer.typeField.range, 'information', 'unknown-layer-type', `Unknown layer type '${layer.type}' (BVLC Caffe has none by that name; a fork's?): its tops get no shape, give them with --input or shapelens.prototxt.defaultInputs`));
    return null;
  }
  const run = new LayerRun(layer, sources, supplied, diagnostics);
  const shape = run.apply(spec, inputShapes);
  return run.failed ? null : shape;
}

/**
 * The layer's result. A top the user gave a shape for (`--input`) takes it whatever the layer is
 * (an unknown or Python layer included); the editor's default shapes fill only a top still unknown.
 */
function layerResult(layer: LayerDef, inputShapes: readonly (Shape | null)[], shape: LayerShape | null, supplied: SuppliedShapes): LayerResult {
  const cost = shape ? shape.cost ?? NO_COST : { params: null, macs: null };
  const fork = CATALOG.get(layer.kind)?.fork;
  const output = (name: string, i: number): Shape | null => {
    const computed = shape?.outputs[i] ?? null;
    const given = usable(supplied.given[name]);
    if (given) return given;
    const fallback = usable(supplied.defaults[name]);
    return fallback && (computed === null || !computed.every(isKnown)) ? fallback : computed;
  };
  return {
    name: layer.name,
    type: layer.type,
    range: layer.range,
    anchor: layer.anchor,
    inputs: layer.bottoms.map((b, i) => ({ name: b.name, shape: inputShapes[i]! })),
    outputs: layer.tops.map((t, i) => ({ name: t.name, shape: output(t.name, i) })),
    params: cost.params,
    macs: cost.macs,
    windowing: shape?.windowing ?? null,
    actions: [],
    fork,
  };
}

/** A user's shape whose sizes are all valid (a source layer reports the others at its top). */
function usable(shape: readonly number[] | undefined): readonly number[] | undefined {
  return shape?.every((d) => checkInt('size', d, 1) === null) ? shape : undefined;
}

function samePlace(result: LayerResult, layer: LayerDef): boolean {
  const samePosition = (a: Position, b: Position) => a.line === b.line && a.character === b.character;
  return samePosition(result.range.start, layer.range.start) && samePosition(result.range.end, layer.range.end) && samePosition(result.anchor, layer.anchor);
}

/** Net::AppendTop: a top that is not its own bottom (in place, same index) must be a new name. */
function recordTops(layer: LayerDef, result: LayerResult, blobs: Map<string, Blob>, diagnostics: Diagnostic[]): void {
  layer.tops.forEach((top, i) => {
    const earlier = blobs.get(top.name);
    const inPlace = layer.bottoms[i]?.name === top.name;
    const mine = layer.tops.findIndex((t) => t.name === top.name) < i;
    if (!inPlace && (earlier || mine)) {
      const by = earlier && !mine ? `layer '${layerName(earlier.producer)}'` : 'this layer';
      const rel = earlier ? [{ range: earlier.producer.range, message: `'${top.name}' is first produced here` }] : [];
      diagnostics.push(diagnostic(top.range, 'error', 'duplicate-top', `Top blob '${top.name}' is produced by multiple sources: ${by} already produces it (only a layer using it as the bottom at the same index may write it in place)`, rel));
    }
    blobs.set(top.name, { name: top.name, shape: result.outputs[i]!.shape, producer: result });
  });
}

/** One layer's run of its catalog entry: the context the entry sees, collecting its diagnostics. */
class LayerRun implements LayerContext {
  inputs: readonly Shape[] = [];
  failed = false;

  constructor(
    readonly layer: LayerDef,
    /** The blobs feeding this layer (undefined: unknown bottom): every error points at where its inputs came from. */
    private readonly sources: readonly (Blob | undefined)[],
    readonly supplied: SuppliedShapes,
    private readonly diagnostics: Diagnostic[],
  ) {}

  get tops(): LayerDef['tops'] {
    return this.layer.tops;
  }

  apply(spec: LayerSpec, shapes: readonly (Shape | null)[]): LayerShape {
    const { layer } = this;
    this.checkArity('bottom', layer.bottoms.length, spec.bottoms ?? ONE);
    const tops = spec.tops ?? ONE;
    // An auto-top layer given too few tops gets anonymous ones (Net::Init), never an error.
    this.checkArity('top', spec.autoTops ? Math.max(layer.tops.length, tops[0]) : layer.tops.length, tops);
    if (spec.topPerBottom && layer.tops.length !== layer.bottoms.length) {
      this.error('wrong-top-count', `${layer.kind} takes one top per bottom: ${layer.bottoms.length} bottoms, ${layer.tops.length} tops`);
    }
    if (spec.inPlace === false) {
      const twice = layer.tops.find((t) => layer.bottoms.some((b) => b.name === t.name));
      if (twice) this.error('in-place-not-allowed', `${layer.kind} cannot work in place: '${twice.name}' is both a bottom and a top`, twice.range);
    }
    if (this.failed) return NO_SHAPE;
    if (!shapes.every((s): s is Shape => s !== null)) {
      // A bottom of unknown rank: the dims the layer fixes anyway, and an unknown cost.
      const partial = spec.partial?.(this);
      return { outputs: partial?.outputs ?? [], cost: partial?.cost ?? UNKNOWN_COST };
    }
    this.inputs = shapes;
    return spec.shape(this);
  }

  params(name: string): Params {
    return Params.of(this.layer.body, this.layer, this.error).message(name);
  }

  readonly error = (code: string, message: string, range: Range = this.layer.range): void => {
    this.failed = true;
    const producers = this.sources.filter((b): b is Blob => b !== undefined);
    const related: Related = producers.map((b) => ({
      range: b.producer.range,
      message: `'${b.name}' ${formatShape(b.shape)} comes from layer '${layerName(b.producer)}'`,
    }));
    this.diagnostics.push(diagnostic(range, 'error', code, message, related));
  };

  warn(code: string, message: string, range: Range = this.layer.range): void {
    this.diagnostics.push(diagnostic(range, 'warning', code, message));
  }

  inform(code: string, message: string, range: Range = this.layer.range): void {
    this.diagnostics.push(diagnostic(range, 'information', code, message));
  }

  private checkArity(role: string, count: number, arity: Arity): void {
    const min = arity[0];
    const max = arity[1];
    if (count >= min && count <= max) return;
    const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    this.error(`wrong-${role}-count`, `${this.layer.kind} takes ${want} ${role}${want === '1' ? '' : 's'}, got ${count}`);
  }
}

function layerName(layer: { readonly name: string | null; readonly type: string }): string {
  return layer.name ?? layer.type;
}
