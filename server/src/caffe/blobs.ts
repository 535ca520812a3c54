/**
 * Running the net: blob names resolve in file order through a table (name → shape and the layer
 * that last wrote it), as Net::Init does with AppendBottom/AppendTop. A bottom no earlier layer
 * produced is an error — so a "cycle" is just a forward reference and nothing can loop.
 * [BVLC/caffe · src/caffe/net.cpp · Net::Init, AppendTop, AppendBottom] — SHAPE_SEMANTICS §4.7.
 */
import type { Diagnostic, LayerResult, Range, Shape, Tensor } from '../analysis/types.js';
import { NO_COST } from '../engine/cost.js';
import { diagnostic, formatShape, type Related } from './diagnostic.js';
import type { LayerDef } from './net.js';
import { Params } from './params.js';
import { CATALOG } from './layers/catalog.js';
import { NO_SHAPE, type Arity, type LayerContext, type LayerShape, type LayerSpec } from './layers/spec.js';

interface Blob {
  readonly shape: Shape | null;
  readonly producer: LayerDef;
}

type Supplied = Readonly<Record<string, readonly number[]>>;

export function runNet(layers: readonly LayerDef[], supplied: Supplied, diagnostics: Diagnostic[]): LayerResult[] {
  const blobs = new Map<string, Blob>();
  return layers.map((layer) => runLayer(layer, blobs, supplied, diagnostics));
}

function runLayer(layer: LayerDef, blobs: Map<string, Blob>, supplied: Supplied, diagnostics: Diagnostic[]): LayerResult {
  const inputs: Tensor[] = [];
  const related: Related[number][] = [];
  layer.bottoms.forEach((b, i) => {
    const blob = blobs.get(b.name);
    if (blob) {
      related.push({ range: blob.producer.range, message: `'${b.name}' ${formatShape(blob.shape)} comes from layer '${blob.producer.name ?? blob.producer.type}'` });
    } else {
      diagnostics.push(diagnostic(b.range, 'error', 'unknown-bottom', `Unknown bottom blob '${b.name}' (layer '${layerName(layer)}', bottom ${i}): no layer above produces it`));
    }
    inputs.push({ name: b.name, shape: blob?.shape ?? null });
  });
  const spec = CATALOG.get(layer.kind);
  if (!spec) {
    const what = layer.type === '' ? `Layer '${layerName(layer)}' has no type` : `Unknown layer type '${layer.type}'`;
    diagnostics.push(diagnostic(layer.typeRange, 'warning', 'unknown-layer-type', `${what}: its tops get no shape`));
  }
  const out = spec ? applySpec(spec, layer, inputs, related, supplied, diagnostics) : { shape: NO_SHAPE, failed: true };
  const outputs = layer.tops.map((t, i) => ({ name: t.name, shape: out.shape.outputs[i] ?? null }));
  const cost = out.failed ? { params: null, macs: null } : out.shape.cost ?? NO_COST;
  recordTops(layer, outputs, blobs, diagnostics);
  return {
    name: layer.name,
    type: layer.type,
    range: layer.range,
    anchor: layer.anchor,
    inputs,
    outputs,
    params: cost.params,
    macs: cost.macs,
    windowing: out.failed ? null : out.shape.windowing ?? null,
  };
}

/** Net::AppendTop: a top that is not its own bottom (in place, same index) must be a new name. */
function recordTops(layer: LayerDef, outputs: readonly Tensor[], blobs: Map<string, Blob>, diagnostics: Diagnostic[]): void {
  const mine = new Set<string>();
  layer.tops.forEach((top, i) => {
    const earlier = blobs.get(top.name);
    const inPlace = layer.bottoms[i]?.name === top.name;
    if (!inPlace && (earlier || mine.has(top.name))) {
      const by = earlier && !mine.has(top.name) ? `layer '${layerName(earlier.producer)}'` : 'this layer';
      const rel = earlier ? [{ range: earlier.producer.range, message: `'${top.name}' is first produced here` }] : [];
      diagnostics.push(diagnostic(top.range, 'error', 'duplicate-top', `Top blob '${top.name}' is produced by multiple sources: ${by} already produces it (only a layer using it as the bottom at the same index may write it in place)`, rel));
    }
    mine.add(top.name);
    blobs.set(top.name, { shape: outputs[i]!.shape, producer: layer });
  });
}

function applySpec(
  spec: LayerSpec,
  layer: LayerDef,
  inputs: readonly Tensor[],
  related: Related,
  supplied: Supplied,
  diagnostics: Diagnostic[],
): { shape: LayerShape; failed: boolean } {
  let failed = false;
  const report = (severity: 'error' | 'information') => (code: string, message: string, range: Range = layer.range): void => {
    if (severity === 'error') failed = true;
    diagnostics.push(diagnostic(range, severity, code, message, severity === 'error' ? related : []));
  };
  const error = report('error');
  checkArity(layer, 'bottom', layer.bottoms.length, spec.bottoms ?? [1, 1], error);
  checkArity(layer, 'top', layer.tops.length, spec.tops ?? [1, 1], error);
  if (spec.inPlace === false) {
    const twice = layer.tops.find((t) => layer.bottoms.some((b) => b.name === t.name));
    if (twice) error('in-place-not-allowed', `${layer.kind} cannot work in place: '${twice.name}' is both a bottom and a top`, twice.range);
  }
  const shapes = inputs.map((t) => t.shape);
  if (failed || !shapes.every((s): s is Shape => s !== null)) return { shape: NO_SHAPE, failed };
  const ctx: LayerContext = {
    layer,
    inputs: shapes,
    tops: layer.tops,
    supplied,
    params: (name) => Params.of(layer.body, layer.range, error).message(name),
    error,
    inform: report('information'),
    get failed() {
      return failed;
    },
  };
  const shape = spec.shape(ctx);
  return { shape: failed ? NO_SHAPE : shape, failed };
}

function checkArity(layer: LayerDef, role: string, count: number, [min, max]: Arity, error: (code: string, message: string) => void): void {
  if (count >= min && count <= max) return;
  const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  error(`wrong-${role}-count`, `${layer.kind} takes ${want} ${role}${want === '1' ? '' : 's'}, got ${count}`);
}

function layerName(layer: LayerDef): string {
  return layer.name ?? layer.type;
}
