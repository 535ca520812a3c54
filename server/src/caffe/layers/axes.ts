/** Axis helpers shared by catalog entries: Caffe's canonical axis index and per-axis engine calls. */
import type { Shape } from '../../analysis/types.js';
import { dimsConflict, type Dim } from '../../engine/dim.js';
import type { Outcome } from '../../engine/outcome.js';
import { formatShape } from '../diagnostic.js';
import { ANY_INT, type Params } from '../params.js';
import type { LayerContext } from './spec.js';

/**
 * Blob::CanonicalAxisIndex: `field` (default `fallback`) must lie in [−rank, rank); negative counts
 * from the end. Null (and an error) when out of range.
 */
export function canonicalAxis(ctx: LayerContext, p: Params, field: string, fallback: number, shape: Shape): number | null {
  const axis = p.int(field, fallback, ANY_INT);
  const rank = shape.length;
  if (axis < -rank || axis >= rank) {
    ctx.error('axis-out-of-range', `${field} ${axis} is out of range for the ${rank}-D input ${formatShape(shape)}`, p.rangeOf(field));
    return null;
  }
  return axis < 0 ? axis + rank : axis;
}

/** The first axis (other than `skip`) where two shapes are known to differ; −1 when the rank differs. */
export function shapeConflict(a: Shape, b: Shape, skip = -1): number | null {
  if (a.length !== b.length) return -1;
  const i = a.findIndex((d, k) => k !== skip && dimsConflict(d, b[k] ?? null));
  return i === -1 ? null : i;
}

const SPATIAL_NAMES: readonly (readonly string[])[] = [[], ['W'], ['H', 'W'], ['D', 'H', 'W']];

/** `H`, `W` for 2 spatial axes; `D`, `H`, `W` for 3; numbered beyond. */
export function spatialNames(count: number): readonly string[] {
  return SPATIAL_NAMES[count] ?? Array.from({ length: count }, (_, i) => `axis ${i}`);
}

/** Runs an engine rule on every spatial axis; the first failure is reported and gives null. */
export function perSpatialAxis<T>(ctx: LayerContext, inputs: readonly Dim[], rule: (input: Dim, i: number) => Outcome<T>): T[] | null {
  const names = spatialNames(inputs.length);
  const out: T[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const r = rule(inputs[i]!, i);
    if (!r.ok) {
      ctx.error(r.error.code, `${names[i]}: ${r.error.message}`);
      return null;
    }
    out.push(r.value);
  }
  return out;
}

/**
 * Blob::LegacyShape(i), behind num()/channels()/height()/width(): 1 past the last axis. Callers
 * check the rank is at most 4 first (LegacyShape CHECKs it).
 */
export function legacyDim(shape: Shape, i: number): Dim {
  return i < shape.length ? shape[i] ?? null : 1;
}
