/**
 * Shape helpers shared by the catalog entries: channel axis from `data_format`/`dim_ordering`,
 * windowed ops (conv/pool) and transposed convs through the engine, padding, broadcasting,
 * concatenation and reshape. Every rule cites SHAPE_SEMANTICS.md.
 */
import { formatShape, shapeFormat } from '../../analysis/format.js';
import { addDims, addN, dimsConflict, dimsEqual, formatDim, isKnown, mulN, productOf, sym, type Dim } from '../../engine/dim.js';
import { convCost, NO_COST, type Cost } from '../../engine/cost.js';
import { describePadding, windowAxis, type AxisResult, type Padding } from '../../engine/window.js';
import { transposeAxis, type TransposeAxisResult, type TransposeRule } from '../../engine/transpose.js';
import type { Framework, Shape } from '../../analysis/types.js';
import { intOf, isSeq, tensor, UNKNOWN, type TensorV, type Value } from '../values.js';
import type { OpCall, OpResult } from './types.js';
import { certain } from './sizes.js';
import { symbolicAxis } from './symbolic-window.js';

/** `'channels_first'`, `'th'`, `'NCHW'`… → true; channels-last spellings and None → false; unknown → null. */
export function channelsFirstOf(call: OpCall, names: readonly string[] = ['data_format', 'dim_ordering']): boolean | null {
  const name = names.find((n) => call.args.has(n));
  // Keras reads its config where the layer states no layout; tf.nn and tf.layers default to NHWC.
  const configured = (): boolean => call.flavour !== 'tf' && call.ctx.channelsFirst();
  if (name === undefined) return call.args.opaque ? null : configured();
  const v = call.args.get(name);
  if (v?.kind === 'none') return configured();
  if (v?.kind !== 'str') return null;
  const s = v.value;
  if (s === 'channels_first' || s === 'th' || /^NC/.test(s)) return true;
  // Keras 1 'default' is the keras.json setting (SHAPE_SEMANTICS §0 version map).
  if (s === 'default') return configured();
  if (s === 'channels_last' || s === 'tf' || /^N[A-Z]*C$/.test(s)) return false;
  return null;
}

const SPATIAL_NAMES: Record<number, string[]> = { 1: ['L'], 2: ['H', 'W'], 3: ['D', 'H', 'W'] };

export function axisNames(spatial: number): string[] {
  return SPATIAL_NAMES[spatial] ?? Array.from({ length: spatial }, (_, i) => `S${i}`);
}

/** Channel axis and spatial axes of a rank-r tensor. */
export function layout(rank: number, cf: boolean): { channel: number; spatial: number[] } {
  const n = rank - 2;
  return cf ? { channel: 1, spatial: Array.from({ length: n }, (_, i) => i + 2) } : { channel: rank - 1, spatial: Array.from({ length: n }, (_, i) => i + 1) };
}

/** A symbolic shape for an input whose rank nothing tells us: `(N, H, W, C)` and friends. */
export function assumedShape(spatial: number, cf: boolean): Shape {
  const names = axisNames(spatial).map((n) => sym(n));
  return cf ? [sym('N'), sym('C'), ...names] : [sym('N'), ...names, sym('C')];
}

/**
 * The input's shape when it has the expected rank; an assumed symbolic shape when the rank is
 * unknown; null (with an error) when the rank is known and wrong.
 */
export function inputShape(call: OpCall, input: Value, rank: number, cf: boolean, what: string): Shape | null {
  if (input.kind !== 'tensor') return null;
  if (input.shape === null) return assumedShape(rank - 2, cf);
  if (input.shape.length !== rank) {
    if (!call.ctx.speculative) {
      call.ctx.report({
        severity: 'error',
        code: 'rank-mismatch',
        message: `${what} expects a ${rank}-D input (batch, ${rank - 2} spatial, channels), got ${input.shape.length}-D ${fmtShape(input.shape)}`,
      });
    }
    return null;
  }
  return input.shape;
}

const PYTHON_SHAPES = shapeFormat('python');

/** A shape as Keras prints it, for messages: `(None, 112, 112, 64)`. */
export function fmtShape(s: Shape | null): string {
  return formatShape(s, PYTHON_SHAPES);
}

/** The output tensor of a call; assumed when an input was of unknown shape or assumed itself. */
export function out(shape: Shape | null, call: OpCall): TensorV {
  const assumed = call.tensors.some((t) => t.shape === null || t.assumed === true) || (call.input.kind === 'tensor' && call.input.shape === null);
  return tensor(shape, { range: { start: call.site.start, end: call.site.end }, label: 'the layer producing this input', src: call.site.src }, assumed);
}

/** An output whose rank is unknown but whose last sizes are known (`(…, 10)`, TensorV.tail); none known: just unknown. */
export function outTail(tail: Shape, call: OpCall): TensorV {
  return tail.some((d) => d !== null) ? { ...out(null, call), tail } : out(null, call);
}

/** Turn a Keras/tf.layers padding string into one engine padding per axis. */
export function paddingOf(p: string | null, spatial: number): Padding[] | null {
  if (p === null) return null;
  const s = p.toLowerCase();
  const kind = s === 'same' ? 'same' : s === 'valid' ? 'valid' : s === 'causal' ? 'causal' : s === 'full' ? 'full' : null;
  if (kind === null) return null;
  return Array<Padding>(spatial).fill({ kind });
}

/** What every kernel-sliding op states: who it is, over how many axes, with which windows. */
interface KernelSpec {
  readonly framework: Framework;
  /** The op's name for messages. */
  readonly what: string;
  readonly spatial: number;
  readonly kernel: number[] | null;
  readonly strides: number[] | null;
  readonly dilation: number[] | null;
  /** Data format; null when unknown. */
  readonly channelsFirst: boolean | null;
}

export interface WindowSpec extends KernelSpec {
  readonly op: 'convolution' | 'pooling';
  readonly padding: Padding[] | null;
  /** Output channels from input channels. */
  readonly outChannels: (cin: Dim) => Dim;
  /** Parameter/MAC count from input channels, output channels and output spatial dims. */
  readonly cost?: (cin: Dim, cout: Dim, outSpatial: Dim[]) => Cost;
}

/** Conv or pooling over `spatial` axes (SHAPE_SEMANTICS §1.1, §2.2, §3.1–§3.5). */
export function windowed(call: OpCall, input: Value, spec: WindowSpec): OpResult {
  const rank = spec.spatial + 2;
  const cf = spec.channelsFirst;
  const shape = inputShape(call, input, rank, cf ?? false, spec.what);
  if (shape === null || cf === null) return { output: input.kind === 'tensor' && shape ? out(shape.map((d, i) => (i === 0 ? d : null)), call) : out(null, call) };
  const lay = layout(rank, cf);
  const cin = shape[lay.channel]!;
  const cout = spec.outChannels(cin);
  const result: Dim[] = [...shape];
  result[lay.channel] = cout;
  const axes: AxisResult[] = [];
  let complete = spec.kernel !== null && spec.strides !== null && spec.dilation !== null && spec.padding !== null;
  lay.spatial.forEach((ax, i) => {
    const k = spec.kernel?.[i];
    const s = spec.strides?.[i];
    const d = spec.dilation?.[i];
    const p = spec.padding?.[i];
    if (k === undefined || s === undefined || d === undefined || p === undefined) {
      result[ax] = symbolicAxis(call, spec, i, shape[ax]!);
      return;
    }
    const r = windowAxis(shape[ax]!, { kernel: k, stride: s, dilation: d }, p);
    if (r.ok) {
      result[ax] = r.value.output;
      axes.push(r.value);
    } else {
      result[ax] = null;
      complete = false;
      call.ctx.report({
        severity: 'error',
        code: r.error.code,
        message: `${axisNames(spec.spatial)[i]}: ${r.error.message} (${spec.what})`,
      });
    }
  });
  if (complete && call.ctx.notes) asymmetricNote(call, axes, spec);
  const outSpatial = lay.spatial.map((ax) => result[ax]!);
  return {
    output: out(result, call),
    windowing: complete ? { kind: 'window', op: spec.op, axes, axisNames: axisNames(spec.spatial), framework: spec.framework } : null,
    cost: spec.cost ? spec.cost(cin, cout, outSpatial) : NO_COST,
  };
}

/** D12: an information note where TF SAME pads unevenly (the extra cell goes after). */
function asymmetricNote(call: OpCall, axes: AxisResult[], spec: WindowSpec): void {
  const names = axisNames(spec.spatial);
  const uneven = axes
    .map((a, i) => ({ a, name: names[i]! }))
    .filter(({ a }) => (a.padding.kind === 'same') && a.padBefore !== null && a.padAfter !== null && a.padBefore !== a.padAfter);
  if (uneven.length === 0) return;
  const parts = uneven.map(({ a, name }) => `${name}: ${a.padBefore} before, ${a.padAfter} after`).join('; ');
  call.ctx.report({
    severity: 'information',
    code: 'asymmetric-same-padding',
    message: `'same' pads unevenly here (${parts}); TensorFlow puts the extra cell after (bottom/right). Caffe and PyTorch pad symmetrically, so a port needs explicit padding (e.g. ZeroPadding2D + padding='valid') to match values`,
  });
}

export interface TransposeSpec extends KernelSpec {
  /** One rule per axis (null: unknown). */
  readonly rules: TransposeRule[] | null;
  readonly outChannels: Dim;
  readonly bias: boolean;
}

/** Keras-style transposed conv (SHAPE_SEMANTICS §3.3): one output size per axis. */
export function transposed(call: OpCall, input: Value, spec: TransposeSpec): OpResult & { axes: (TransposeAxisResult | null)[] } {
  const rank = spec.spatial + 2;
  const cf = spec.channelsFirst;
  const shape = inputShape(call, input, rank, cf ?? false, spec.what);
  if (shape === null || cf === null) return { output: out(null, call), axes: [] };
  const lay = layout(rank, cf);
  const cin = shape[lay.channel]!;
  const result: Dim[] = [...shape];
  result[lay.channel] = spec.outChannels;
  const axes: (TransposeAxisResult | null)[] = [];
  lay.spatial.forEach((ax, i) => {
    const k = spec.kernel?.[i];
    const s = spec.strides?.[i];
    const d = spec.dilation?.[i];
    const rule = spec.rules?.[i];
    if (k === undefined || s === undefined || d === undefined || rule === undefined) {
      result[ax] = null;
      axes.push(null);
      return;
    }
    const r = transposeAxis(shape[ax]!, { kernel: k, stride: s, dilation: d }, rule);
    if (r.ok) {
      result[ax] = r.value.output;
      axes.push(r.value);
    } else {
      result[ax] = null;
      axes.push(null);
      if (r.error.code !== 'output-padding-too-large' && r.error.code !== 'output-size-not-admissible') {
        call.ctx.report({ severity: 'error', code: r.error.code, message: `${axisNames(spec.spatial)[i]}: ${r.error.message} (${spec.what})` });
      }
    }
  });
  const ok = axes.every((a) => a !== null);
  const positions = lay.spatial.map((ax) => shape[ax]!);
  return {
    output: out(result, call),
    axes,
    windowing: ok && axes.length > 0 ? { kind: 'transpose', axes: axes as TransposeAxisResult[], axisNames: axisNames(spec.spatial), framework: spec.framework } : null,
    cost: spec.kernel ? convCost({ inChannels: cin, outChannels: spec.outChannels, group: 1, kernel: spec.kernel, positions, bias: spec.bias }) : { params: null, macs: null },
  };
}

/** Zero padding / `tf.pad` on the given axes (SHAPE_SEMANTICS §1.5, §3.6). */
export function padded(call: OpCall, shape: Shape, pads: { axis: number; before: number; after: number }[], names: string[], framework: Framework): OpResult {
  const result = [...shape];
  for (const p of pads) result[p.axis] = addN(result[p.axis]!, p.before + p.after);
  return {
    output: out(result, call),
    windowing: { kind: 'pad', pads: pads.map((p) => ({ before: p.before, after: p.after })), axisNames: names, framework },
    cost: NO_COST,
  };
}

/**
 * Cropping: I − before − after (SHAPE_SEMANTICS §3.6). A crop that leaves nothing is a ValueError in
 * Keras 3 and tf.keras 2.7+ (Cropping2D.compute_output_shape / call: "should be smaller than the
 * corresponding spatial dimension"); Keras 1–2.3 and tf.keras ≤ 2.6 slice an empty tensor: a warning.
 */
export function cropped(call: OpCall, shape: Shape, crops: { axis: number; before: number; after: number }[], names: string[], what: string): OpResult {
  const result = [...shape];
  crops.forEach((c, i) => {
    const d = addN(result[c.axis]!, -(c.before + c.after));
    if (isKnown(d) && d <= 0) {
      if (!call.ctx.speculative) call.ctx.report({
        severity: certain(call.args.node('cropping'), 'warning'),
        code: 'non-positive-output',
        message: `cropping (${c.before}, ${c.after}) on ${names[i]} leaves ${d} of ${formatDim(result[c.axis]!)}: Keras 3 and tf.keras 2.7+ raise ValueError (crops must be smaller than the dimension), older versions give an empty tensor (${what})`,
        node: call.args.node('cropping'),
      });
      result[c.axis] = null;
    } else result[c.axis] = d;
  });
  return { output: out(result, call), windowing: null, cost: NO_COST };
}

export function upsampled(call: OpCall, shape: Shape, axes: number[], sizes: number[]): OpResult {
  const result = [...shape];
  axes.forEach((ax, i) => (result[ax] = mulN(result[ax]!, sizes[i]!)));
  return { output: out(result, call), cost: NO_COST };
}

/**
 * Right-aligned broadcasting (Keras ≥ 2.0.3 merge layers and TF element-wise ops, SHAPE_SEMANTICS §3.7):
 * per aligned pair, 1 takes the other, equal stays, known sizes that differ conflict. An unknown
 * size against a known one: `ops` (TF's element-wise ops and matmul batch dims,
 * tensorflow/core/framework/common_shape_fns.cc BroadcastBinaryOpOutputShapeFnHelper: a known
 * size > 1 is taken, "assume that the program is correct"; Keras 3 `ops`,
 * keras/src/ops/operation_utils.py `broadcast_shapes`, the same; NumPy has no unknown sizes) takes
 * a known size above 1, so `(None, None, 64) + (144, 64)` is `(None, 144, 64)`; `merge` (Keras'
 * merge layers, base_merge.py `_compute_elemwise_op_output_shape`: `if i is None or j is None`)
 * gives unknown.
 */
export function broadcast(shapes: readonly Shape[], rule: 'ops' | 'merge'): { shape: Shape; conflict: string | null } {
  const rank = Math.max(...shapes.map((s) => s.length));
  const result: Dim[] = [];
  let conflict: string | null = null;
  for (let i = 0; i < rank; i++) {
    let acc: Dim | undefined;
    for (const s of shapes) {
      const d = s[s.length - rank + i];
      if (d === undefined) continue;
      if (acc === undefined || acc === 1) acc = d;
      else if (d === 1) continue;
      else if (rule === 'ops' && typeof acc === 'number' && typeof d !== 'number') continue;
      else if (rule === 'ops' && typeof d === 'number' && typeof acc !== 'number') acc = d;
      else if (acc === null || d === null) acc = dimsEqual(acc ?? 0, d ?? 0) ? acc : null;
      else if (dimsConflict(acc, d)) {
        conflict ??= `axis ${i - rank} has ${formatDim(acc)} and ${formatDim(d)}`;
        acc = null;
      } else if (!dimsEqual(acc, d)) acc = null;
    }
    result.push(acc ?? null);
  }
  return { shape: result, conflict };
}

/**
 * The size of two axes the op requires to be equal (concatenation's other axes, a stack, an einsum
 * label), for a run where they are: a number if one is (the first of two), the other if one is
 * unknown; two different symbols (two inputs' own `None`s) give unknown, not one of them. A
 * conflict is the caller's check.
 */
export function equalSize(a: Dim, b: Dim): Dim {
  if (a === null) return b;
  if (b === null || isKnown(a) || dimsEqual(a, b)) return a;
  return isKnown(b) ? b : null;
}

/** Concatenation along `axis` (SHAPE_SEMANTICS §3.7, §2.6): every other dim must agree. */
export function concatenated(shapes: readonly Shape[], axis: number): { shape: Shape | null; conflict: string | null } {
  const rank = shapes[0]!.length;
  if (shapes.some((s) => s.length !== rank)) return { shape: null, conflict: `inputs have different ranks: ${shapes.map(fmtShape).join(', ')}` };
  const ax = axis < 0 ? rank + axis : axis;
  if (ax < 0 || ax >= rank) return { shape: null, conflict: `axis ${axis} is out of range for rank ${rank}` };
  const result: Dim[] = [];
  let conflict: string | null = null;
  for (let i = 0; i < rank; i++) {
    if (i === ax) {
      result.push(shapes.map((s) => s[i]!).reduce<Dim>((a, b) => addDims(a, b), 0));
      continue;
    }
    let acc: Dim = shapes[0]![i]!;
    for (const s of shapes.slice(1)) {
      const d = s[i]!;
      if (dimsConflict(acc, d)) {
        conflict ??= `axis ${i} has ${formatDim(acc)} and ${formatDim(d)}`;
      }
      acc = equalSize(acc, d);
    }
    result.push(acc);
  }
  return { shape: result, conflict };
}

/**
 * Reshape to `target` (one −1 allowed) from `dims` (SHAPE_SEMANTICS §2.6, §3.7; TF reshape).
 * Returns the new dims or an error message.
 */
export function reshaped(dims: Shape, target: Shape): { shape: Shape | null; error: string | null } {
  const minus = target.filter((d) => d === -1).length;
  if (minus > 1) return { shape: null, error: `only one -1 is allowed in the target shape ${fmtShape(target)}` };
  if (target.some((d) => isKnown(d) && d < -1)) return { shape: null, error: `negative size in target shape ${fmtShape(target)}` };
  const total = productOf(dims);
  const known = target.filter((d) => d !== -1);
  const knownProd = productOf(known);
  if (!isKnown(total) || !isKnown(knownProd)) {
    return { shape: target.map((d) => (d === -1 ? null : d)), error: null };
  }
  if (minus === 1) {
    if (knownProd === 0 || total % knownProd !== 0) {
      return { shape: null, error: `cannot reshape ${total} elements ${fmtShape(dims)} into ${fmtShape(target)}: ${total} is not divisible by ${knownProd}` };
    }
    return { shape: target.map((d) => (d === -1 ? total / knownProd : d)), error: null };
  }
  if (knownProd !== total) return { shape: null, error: `cannot reshape ${total} elements ${fmtShape(dims)} into ${fmtShape(target)} (${knownProd} elements)` };
  return { shape: target, error: null };
}

/**
 * The sizes of the axes an `axis` argument names (an int or a list; default -1), as the
 * normalization layers' `build` reads them; `axis=None` names no axis (Normalization's scalar
 * mean). Null when an axis is out of range or its size unknown.
 */
export function axisSizes(call: OpCall, s: Shape): number[] | null {
  const v = call.args.get('axis');
  const axes = !call.args.has('axis') ? [-1] : v?.kind === 'none' ? [] : v && isSeq(v) ? v.items.map(intOf) : [call.args.int('axis')];
  const sizes: number[] = [];
  for (const ax of axes) {
    if (ax === null || ax >= s.length || ax < -s.length) return null;
    const d = s[ax < 0 ? s.length + ax : ax]!;
    if (!isKnown(d)) return null;
    sizes.push(d);
  }
  return sizes;
}

export { describePadding, UNKNOWN };
