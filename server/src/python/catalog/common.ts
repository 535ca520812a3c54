/**
 * Building blocks the catalog files share: conv parameter reading, the Keras merge family,
 * identity layers, and the tensor-creating "sources".
 */
import { isKnown, mulN, productOf, sym, type Dim } from '../../engine/dim.js';
import { convCost, exact, NO_COST, type Cost } from '../../engine/cost.js';
import type { Padding } from '../../engine/window.js';
import type { Framework, Shape } from '../../analysis/types.js';
import { dimValue, isSeq, tensor, toShape, UNKNOWN, type TensorV, type Value } from '../values.js';
import { broadcast, channelsFirstOf, concatenated, fmtShape, out, outTail, paddingOf, windowed } from './shapes.js';
import { windowArg } from './sizes.js';
import type { OpCall, OpContext, OpResult } from './types.js';

/**
 * The product of a tuple of sizes as a number (`np.prod((7, 7, 32))`, `math.prod(x.shape[1:])`,
 * `tf.math.reduce_prod(K.int_shape(x)[1:])`): what Keras code feeds `Reshape`/`Dense`. Symbolic
 * sizes give a symbolic product; null when an entry is unknown or not an int, or the tuple is empty
 * (NumPy's empty product is the float 1.0).
 */
export function sizesProduct(v: Value): Value | null {
  if (!isSeq(v) || v.items.length === 0 || v.items.some((x) => x.kind !== 'num' && x.kind !== 'dim')) return null;
  const dims = toShape(v);
  if (!dims || dims.some((d) => d === null)) return null;
  return dimValue(productOf(dims));
}

/** An op that multiplies a tuple of sizes to a number when given one (no axis), else `apply` on a tensor. */
export function orSizesProduct(apply: (call: OpCall) => OpResult, axis = 'axis'): (call: OpCall) => OpResult {
  return (call) => {
    const p = call.args.has(axis) ? null : sizesProduct(call.input);
    return p ? { output: p, cost: NO_COST } : apply(call);
  };
}

export const ones = (n: number): number[] => Array<number>(n).fill(1);

/** Keras 1 keyword spellings Keras 2 still accepts through keras/legacy/interfaces.py (SHAPE_SEMANTICS §3.3). */
export const LEGACY: Readonly<Record<string, string>> = {
  nb_filter: 'filters',
  border_mode: 'padding',
  subsample: 'strides',
  subsample_length: 'strides',
  dim_ordering: 'data_format',
  atrous_rate: 'dilation_rate',
  filter_length: 'kernel_size',
  pool_length: 'pool_size',
  stride: 'strides',
  output_dim: 'units',
  bias: 'use_bias',
  length: 'size',
};

/** kernel_size (required), strides and dilation_rate (default 1) as a Keras conv-like layer reads them. */
export function kerasWindow(call: OpCall, spatial: number, what: string): { kernel: number[] | null; strides: number[] | null; dilation: number[] | null } {
  const one = Array<number>(spatial).fill(1);
  return {
    kernel: windowArg(call, 'kernel_size', spatial, null, what),
    strides: windowArg(call, 'strides', spatial, one, what),
    dilation: windowArg(call, 'dilation_rate', spatial, one, what),
  };
}

/** Conv parameters after each API's spelling has been read. */
export interface ConvParams {
  readonly what: string;
  readonly framework: Framework;
  readonly spatial: number;
  /** Output channels; symbolic where the code names a size it does not fix (sizes.ts countDim). */
  readonly filters: Dim;
  readonly kernel: number[] | null;
  readonly strides: number[] | null;
  readonly dilation: number[] | null;
  readonly padding: string | null;
  readonly channelsFirst: boolean | null;
  readonly bias: boolean;
  readonly mode: 'conv' | 'separable' | 'depthwise';
  readonly depthMultiplier?: number | null;
  readonly groups?: number | null;
  /** The argument nodes the checks point at. */
  readonly paddingArg?: string;
  readonly dilationArg?: string;
}

/** Parameter checks every conv API shares: D8 (strides with dilation), D10 (`full` on TF), D11 (`causal` off 1-D). */
export function convChecks(call: OpCall, p: ConvParams): void {
  const ctx = call.ctx;
  if (p.strides && p.dilation && p.strides.some((s) => s > 1) && p.dilation.some((d) => d > 1)) {
    ctx.report({
      severity: 'error',
      code: 'strides-with-dilation',
      message: `strides ${fmtList(p.strides)} together with dilation ${fmtList(p.dilation)} is rejected ("strides > 1 not supported in conjunction with dilation_rate > 1" in tf.nn.convolution; ValueError in tf.keras and Keras 3) (${p.what})`,
      node: p.dilationArg ? call.args.node(p.dilationArg) : null,
    });
  }
  const pad = p.padding?.toLowerCase();
  if (pad === 'causal' && p.spatial !== 1) {
    ctx.report({
      severity: 'error',
      code: 'causal-padding',
      message: `padding='causal' is only supported for Conv1D and SeparableConv1D (ValueError in Keras) (${p.what})`,
      node: p.paddingArg ? call.args.node(p.paddingArg) : null,
    });
  }
  if (pad === 'full') {
    ctx.report({
      severity: 'warning',
      code: 'full-border-mode',
      message: `border_mode='full' only exists on the Theano backend; the TensorFlow backend raises "Invalid border mode: full" (${p.what})`,
      node: p.paddingArg ? call.args.node(p.paddingArg) : null,
    });
  }
}

export function fmtList(xs: readonly number[]): string {
  return xs.length === 1 ? `${xs[0]}` : `(${xs.join(', ')})`;
}

/** Any conv: channels, spatial sizes, windowing, parameters and MACs (SHAPE_SEMANTICS §1.2, §2.2, §3.2, §3.4). */
export function conv(call: OpCall, p: ConvParams): OpResult {
  convChecks(call, p);
  const pad = p.padding?.toLowerCase() === 'causal' && p.spatial !== 1 ? null : paddingOf(p.padding, p.spatial);
  const mult = p.depthMultiplier ?? 1;
  const groups = p.groups ?? 1;
  return windowed(call, call.input, {
    op: 'convolution',
    framework: p.framework,
    what: p.what,
    spatial: p.spatial,
    kernel: p.kernel,
    strides: p.strides,
    dilation: p.dilation,
    padding: pad,
    channelsFirst: p.channelsFirst,
    outChannels: (cin) => (p.mode === 'depthwise' ? (p.depthMultiplier === null ? null : mulN(cin, mult)) : p.filters),
    cost: (cin, cout, outSpatial) => convLikeCost(p, cin, cout, outSpatial, mult, groups),
  });
}

function convLikeCost(p: ConvParams, cin: Dim, cout: Dim, positions: Dim[], mult: number, groups: number): Cost {
  const kernel = p.kernel;
  // A kernel entry < 1 is rejected (the engine's window rule reports it): no weight, no count.
  if (!kernel || kernel.some((k) => k < 1)) return { params: null, macs: null };
  // A depth_multiplier the dialects reject (or do not agree on) builds no depthwise kernel.
  if (p.mode !== 'conv' && p.depthMultiplier === null) return { params: null, macs: null };
  if (p.mode === 'conv') return convCost({ inChannels: cin, outChannels: cout, group: groups, kernel, positions, bias: p.bias });
  if (!isKnown(cin)) return { params: null, macs: null };
  const depthwise = convCost({ inChannels: cin, outChannels: cin * mult, group: cin, kernel, positions, bias: p.mode === 'depthwise' && p.bias });
  if (p.mode === 'depthwise') return depthwise;
  const pointwise = convCost({ inChannels: cin * mult, outChannels: cout, group: 1, kernel: kernel.map(() => 1), positions, bias: p.bias });
  return sumCost(depthwise, pointwise);
}

export function sumCost(a: Cost, b: Cost): Cost {
  return {
    params: a.params === null || b.params === null ? null : exact(a.params + b.params),
    macs: a.macs === null || b.macs === null ? null : exact(a.macs + b.macs),
  };
}

/** Keras/tf.layers pooling (SHAPE_SEMANTICS §2.5, §3.5): strides default to the pool size. */
export function pool(call: OpCall, what: string, spatial: number, framework: Framework): OpResult {
  const a = call.args;
  const size = windowArg(call, 'pool_size', spatial, Array<number>(spatial).fill(2), what);
  const strides = a.isNone('strides') ? size : windowArg(call, 'strides', spatial, null, what);
  const padding = a.str('padding', 'valid');
  return windowed(call, call.input, {
    op: 'pooling',
    framework,
    what,
    spatial,
    kernel: size,
    strides,
    dilation: ones(spatial),
    padding: paddingOf(padding, spatial),
    channelsFirst: channelsFirstOf(call),
    outChannels: (cin) => cin,
    cost: () => NO_COST,
  });
}

/** Padding given as one engine rule per axis from an explicit TF padding list. */
export function explicitPads(pairs: [number, number][]): Padding[] {
  return pairs.map(([before, after]) => ({ kind: 'explicit', before, after }));
}

/** The tensors of a merge input (a list/tuple of tensors), or null. */
export function tensorList(v: Value): TensorV[] | null {
  if (!isSeq(v)) return null;
  return v.items.every((t) => t.kind === 'tensor') ? (v.items as TensorV[]) : null;
}

/**
 * Keras element-wise merge (Add, Multiply, …; SHAPE_SEMANTICS §3.7): batch excluded, the rest
 * broadcast right-aligned; `strict` (Keras 1 `merge`) requires identical shapes.
 */
export function elementwise(call: OpCall, what: string, inputs: Value, strict: boolean): OpResult {
  // A list of unknown length of tensors like one: merged, they keep its shape.
  if (inputs.kind === 'listof') return { output: out(inputs.item.kind === 'tensor' ? inputs.item.shape : null, call), cost: NO_COST };
  const ts = tensorList(inputs);
  if (!ts || ts.length === 0) return { output: out(null, call), cost: NO_COST };
  if (ts.some((t) => t.shape === null)) return { output: out(null, call), cost: NO_COST };
  const shapes = ts.map((t) => t.shape!);
  if (strict) {
    const first = shapes[0]!;
    const bad = shapes.find((s) => s.length !== first.length || s.some((d, i) => isKnown(d) && isKnown(first[i]!) && d !== first[i]));
    if (bad && !call.ctx.speculative) {
      call.ctx.report({
        severity: 'error',
        code: 'merge-shape-mismatch',
        message: `only layers of the same output shape can be merged, got ${shapes.map(fmtShape).join(' and ')} (${what})`,
      });
      return { output: out(null, call), cost: NO_COST };
    }
  }
  const batch = shapes.map((s) => s[0] ?? null);
  const b = broadcast(shapes.map((s) => s.slice(1)), 'merge');
  if (b.conflict) {
    if (!call.ctx.speculative) {
      call.ctx.report({
        severity: 'error',
        code: 'not-broadcastable',
        message: `inputs ${shapes.map(fmtShape).join(' and ')} cannot be broadcast together (${b.conflict}); Keras raises "Operands could not be broadcast together" / "Inputs have incompatible shapes" (${what})`,
      });
    }
    return { output: out(null, call), cost: NO_COST };
  }
  const batchDim = batch.every((d) => d === batch[0]) ? batch[0]! : null;
  return { output: out([batchDim, ...b.shape], call), cost: NO_COST };
}

/** Keras Concatenate (SHAPE_SEMANTICS §3.7). */
export function concat(call: OpCall, what: string, inputs: Value, axis: number | null): OpResult {
  // A list of unknown length of tensors like one: the axis sums an unknown count, the rest is kept.
  if (inputs.kind === 'listof') {
    const s = inputs.item.kind === 'tensor' ? inputs.item.shape : null;
    const ax = s === null || axis === null ? -1 : axis < 0 ? s.length + axis : axis;
    return { output: out(s !== null && ax >= 0 && ax < s.length ? s.map((d, i) => (i === ax ? null : d)) : null, call), cost: NO_COST };
  }
  const ts = tensorList(inputs);
  if (!ts || ts.length === 0 || axis === null || ts.some((t) => t.shape === null)) return { output: out(null, call), cost: NO_COST };
  const r = concatenated(ts.map((t) => t.shape!), axis);
  if (r.conflict) {
    if (!call.ctx.speculative) {
      call.ctx.report({
        severity: 'error',
        code: 'concat-mismatch',
        message: `inputs ${ts.map((t) => fmtShape(t.shape)).join(' and ')} must match except on the concatenation axis ${axis} (${r.conflict}; ${what})`,
      });
    }
    return { output: out(null, call), cost: NO_COST };
  }
  return { output: out(r.shape, call), cost: NO_COST };
}

/**
 * Layers that keep the shape (activations, dropout, normalisation). `cost`: the weights, from the
 * shape (absent: none); with the shape unknown, a layer with weights has an unknown count.
 */
export function identity(call: OpCall, cost?: (s: Shape) => Cost): OpResult {
  const t = call.input;
  const unknownCost = cost ? { params: null, macs: null } : NO_COST;
  if (t.kind !== 'tensor') return { output: out(null, call), cost: unknownCost };
  const output = t.shape === null && t.tail ? outTail(t.tail, call) : out(t.shape, call);
  return { output, cost: t.shape && cost ? cost(t.shape) : unknownCost };
}

/** What names a declared source's unknown sizes: the call site's OpContext, or the interpreter's (../models.ts). */
export type SizeNames = Pick<OpContext, 'sizeName'>;

/**
 * A shape a user wrote (`shape=(None, None, 3)`): `None` sizes become symbols named for their role
 * (`H`, `W`, `C`), except the batch axis, which stays unknown; `names` makes each one's name, fresh
 * per declared source (OpContext.sizeName).
 */
export function declaredShape(dims: readonly Dim[], names: SizeNames): Shape {
  const rank = dims.length;
  const roles = rank === 4 ? ['N', 'H', 'W', 'C'] : rank === 3 ? ['N', 'L', 'C'] : rank === 5 ? ['N', 'D', 'H', 'W', 'C'] : rank === 2 ? ['N', 'F'] : [];
  return dims.map((d, i) => {
    if (d !== null) return d;
    if (i === 0) return null;
    const role = roles[i];
    return role ? sym(names.sizeName(role)) : null;
  });
}

/** A shape argument like `shape=(28, 28, 1)` with the batch axis put in front. */
export function withBatch(v: Value | undefined, batch: Dim, names: SizeNames): Shape | null {
  if (!v) return null;
  const items = isSeq(v) ? v.items : v.kind === 'num' ? [v] : null;
  if (!items) return null;
  const dims: Dim[] = [batch];
  for (const it of items) {
    // A negative or inexact entry is rejected by Keras (./sizes.ts reports it where the call is known): unknown, never shown.
    if (it.kind === 'num' && Number.isSafeInteger(it.value) && it.value >= 0) dims.push(it.value);
    else if (it.kind === 'none') dims.push(null);
    else if (it.kind === 'dim') dims.push(it.dim);
    else dims.push(null);
  }
  return declaredShape(dims, names);
}

export function sourceTensor(call: OpCall, shape: Shape | null): OpResult {
  return { output: out(shape, call), cost: NO_COST };
}

export function unknownOutput(): OpResult {
  return { output: UNKNOWN, cost: NO_COST };
}

export function flatProduct(s: Shape): Dim {
  return productOf(s);
}

export { tensor };
