/**
 * A functional model applied to a new input (`encoder(x)`, or as an element of a Sequential): Keras
 * runs its own graph on the new tensor (keras/src/models/functional.py `Functional.call` →
 * `_run_through_graph`). The graph was interpreted once, on its own inputs, so its outputs are
 * re-read with the new input's sizes put in for the symbolic ones its input had (`(None, H, W, 3)`
 * given `(None, 32, 32, 3)`; a model of several inputs binds the symbols of all of them). Where
 * that is not exact (a known size that differs, a size derived in another way, a symbol given two
 * different sizes) the output is unknown, never the old one or the input itself.
 */
import { substitute } from '../engine/substitute.js';
import { symName, type Dim } from '../engine/dim.js';
import type { Shape } from '../analysis/types.js';
import { list, tensor, tuple, UNKNOWN, type ModelV, type TensorV, type Value } from './values.js';

/** The new size of each symbol of `from`, or null when `to` is not that shape with other sizes put in. */
function binding(from: Shape, to: Shape): Map<string, Dim> | null {
  if (from.length !== to.length) return null;
  const values = new Map<string, Dim>();
  for (const [i, d] of from.entries()) {
    if (i === 0 || d === null) continue; // the batch, or a size the graph never knew
    const n = to[i]!;
    if (typeof d === 'number') {
      if (n !== d) return null;
      continue;
    }
    const name = symName(d);
    if (name === null) return null;
    const seen = values.get(name);
    if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(n)) return null;
    values.set(name, n);
  }
  return values;
}

function reshaped(t: TensorV, values: ReadonlyMap<string, Dim>): TensorV | null {
  if (t.shape === null) return tensor(null, t.origin);
  const shape = t.shape.map((d) => substitute(d, values));
  if (shape.some((d) => typeof d === 'number' && d < 0)) return null;
  return tensor(shape, t.origin);
}

/** A tensor, or a list or tuple of them, as its tensors; null for anything else. */
function tensorsIn(v: Value): TensorV[] | null {
  if (v.kind === 'tensor') return [v];
  if ((v.kind === 'list' || v.kind === 'tuple') && v.items.every((t) => t.kind === 'tensor')) return v.items as TensorV[];
  return null;
}

/** The new sizes of the symbols of every input, given the tensors put in their places (one binding for all). */
function bindingOf(ins: readonly TensorV[], xs: readonly TensorV[]): Map<string, Dim> | null {
  if (ins.length !== xs.length) return null;
  const values = new Map<string, Dim>();
  for (const [i, t] of ins.entries()) {
    const x = xs[i]!;
    if (t.shape === null || x.shape === null) return null;
    const b = binding(t.shape, x.shape);
    if (!b) return null;
    for (const [name, d] of b) {
      const seen = values.get(name);
      if (seen !== undefined && JSON.stringify(seen) !== JSON.stringify(d)) return null;
      values.set(name, d);
    }
  }
  return values;
}

/** The outputs of functional `model` on `x` (a tensor, or a list of them for a model of several inputs); unknown when they cannot be exact. */
export function functionalOn(model: ModelV, x: Value): Value {
  const outs = model.output;
  const ins = model.inputs ? tensorsIn(model.inputs) : null;
  const xs = tensorsIn(x);
  if (!ins || !xs || !outs) return UNKNOWN;
  const values = bindingOf(ins, xs);
  if (!values) return UNKNOWN;
  // Always new tensors: each call's outputs are its own (the model tables walk back from them).
  // The batch axis is left as the graph computed it (an output's first axis need not be the batch).
  if (outs.kind === 'tensor') return reshaped(outs, values) ?? UNKNOWN;
  if ((outs.kind === 'list' || outs.kind === 'tuple') && outs.items.every((o) => o.kind === 'tensor')) {
    const items = (outs.items as TensorV[]).map((o) => reshaped(o, values));
    if (items.some((o) => o === null)) return UNKNOWN;
    return outs.kind === 'list' ? list(items as TensorV[]) : tuple(items as TensorV[]);
  }
  return UNKNOWN;
}
