/**
 * Keras 2/3 and tf.keras layers (also reached as `tf.layers.*` classes and, through
 * ./tf.ts, as the functional `tf.layers.*` ops). Keras 1 spellings Keras 2 still accepts are
 * aliases (LEGACY); Keras 1-only classes are in ./keras1.ts.
 * Rules: SHAPE_SEMANTICS §3 (Keras 2/3, tf.keras), §2.6 (shared Keras 1 layers).
 */
import { isKnown, productOf } from '../../engine/dim.js';
import { denseCost, NO_COST } from '../../engine/cost.js';
import type { TransposeRule } from '../../engine/transpose.js';
import type { Fix, Shape } from '../../analysis/types.js';
import { rangeOf } from '../syntax.js';
import { intOf, isSeq, toShape, UNKNOWN, type Value } from '../values.js';
import { intsOf } from './args.js';
import {
  concat,
  conv,
  declaredShape,
  elementwise,
  fmtList,
  identity,
  LEGACY,
  ones,
  pool,
  sourceTensor,
  withBatch,
} from './common.js';
import { channelsFirstOf, cropped, fmtShape, inputShape, layout, out, padded, reshaped, transposed, upsampled, axisNames } from './shapes.js';
import { explicitPaddingActions } from './refactor.js';
import type { OpCall, OpEntry, OpResult } from './types.js';

const CONV_PARAMS = ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias'];

function kerasConvParams(call: OpCall, what: string, spatial: number, mode: 'conv' | 'separable' | 'depthwise') {
  const a = call.args;
  return {
    what,
    framework: call.flavour === 'tf' ? ('tensorflow' as const) : ('keras' as const),
    spatial,
    filters: mode === 'depthwise' ? null : a.int('filters'),
    kernel: a.ints('kernel_size', spatial),
    strides: a.ints('strides', spatial, ones(spatial)),
    dilation: a.ints('dilation_rate', spatial, ones(spatial)),
    padding: a.str('padding', 'valid'),
    channelsFirst: channelsFirstOf(call),
    bias: a.bool('use_bias', true) ?? true,
    mode,
    depthMultiplier: a.int('depth_multiplier', 1),
    groups: a.int('groups', 1),
    paddingArg: 'padding',
    dilationArg: 'dilation_rate',
  };
}

/** A Keras conv, with the SAME → explicit padding refactor where it applies (./refactor.ts). */
function kerasConv(call: OpCall, p: ReturnType<typeof kerasConvParams>): OpResult {
  const r = conv(call, p);
  return { ...r, actions: explicitPaddingActions(call, r, 'padding', p.channelsFirst) };
}

/** Positional parameters of each kind of Keras conv layer. */
const CONV_KIND_PARAMS: Record<'conv' | 'separable' | 'depthwise', readonly string[]> = {
  conv: CONV_PARAMS,
  separable: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'depth_multiplier'],
  depthwise: ['kernel_size', 'strides', 'padding', 'depth_multiplier', 'data_format', 'dilation_rate'],
};

function convEntry(names: string[], spatial: number, mode: 'conv' | 'separable' | 'depthwise' = 'conv'): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: CONV_KIND_PARAMS[mode],
    aliases: LEGACY,
    apply: (call) => kerasConv(call, kerasConvParams(call, names[0]!, spatial, mode)),
  };
}

/** Keras ConvNDTranspose (SHAPE_SEMANTICS §3.3) with D6, D7, D8. */
export function kerasTranspose(call: OpCall, what: string, spatial: number, kernelOverride?: number[] | null): OpResult {
  const a = call.args;
  const kernel = kernelOverride !== undefined ? kernelOverride : a.ints('kernel_size', spatial);
  const strides = a.ints('strides', spatial, ones(spatial));
  const dilation = a.ints('dilation_rate', spatial, ones(spatial));
  const padStr = a.str('padding', 'valid')?.toLowerCase() ?? null;
  const opNone = a.isNone('output_padding');
  const outputPadding = opNone ? null : a.ints('output_padding', spatial);
  const ctx = call.ctx;
  const opNode = a.node('output_padding');
  if (strides && dilation && strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    ctx.report({
      severity: 'error',
      code: 'strides-with-dilation',
      message: `${what}: strides ${fmtList(strides)} together with dilation_rate ${fmtList(dilation)} is rejected (ValueError in tf.keras and Keras 3)`,
      node: a.node('dilation_rate'),
    });
  }
  if (padStr === 'full') {
    ctx.report({ severity: 'warning', code: 'full-border-mode', message: `${what}: padding 'full' only exists on the Theano backend`, node: a.node('padding') });
  }
  if (outputPadding && strides) {
    const bad = outputPadding.map((p, i) => p >= strides[i]!);
    if (bad.some((b) => b)) {
      const fixed = outputPadding.map((p, i) => (bad[i] ? strides[i]! - 1 : p));
      ctx.report({
        severity: 'error',
        code: 'output-padding-too-large',
        message: `${what}: output_padding ${fmtList(outputPadding)} must be smaller than strides ${fmtList(strides)} ("Strides must be greater than output padding" in tf.keras and Keras ≥ 3.14; Keras 3.0–3.13 accept it silently)`,
        node: opNode,
        fixes: opNode ? [replaceFix(opNode, sameForm(a.get('output_padding'), fixed), `Set output_padding to ${fmtList(fixed)}`)] : [],
      });
    }
  }
  const kernelEven = kernel && dilation ? kernel.map((k, i) => ((k - 1) * dilation[i]! + 1) % 2 === 0) : null;
  if (padStr === 'same' && outputPadding && kernelEven && strides) {
    const zeroEven = outputPadding.map((p, i) => p === 0 && kernelEven[i]!);
    if (zeroEven.some((z) => z)) {
      const fixed = outputPadding.map((p, i) => (zeroEven[i] ? Math.min(1, strides[i]! - 1) : p));
      const canFix = fixed.every((p, i) => p < strides[i]!);
      ctx.report({
        severity: 'error',
        code: 'transpose-same-even-kernel',
        message: `${what}: padding='same' with an even kernel ${fmtList(kernel!)} and output_padding=0 gives S·(I−1), which TensorFlow's conv2d_transpose rejects at run time ("Size of out_backprop doesn't match computed"); use output_padding in [1, S−1] or leave it None (output I·S)`,
        node: opNode,
        fixes: opNode && canFix ? [replaceFix(opNode, sameForm(a.get('output_padding'), fixed), `Set output_padding to ${fmtList(fixed)}`)] : [],
      });
    }
  }
  const pad = padStr === 'same' || padStr === 'valid' || padStr === 'full' ? padStr : null;
  const rules: TransposeRule[] | null =
    pad === null || (!opNone && outputPadding === null)
      ? null
      : Array.from({ length: spatial }, (_, i) => ({ kind: 'keras' as const, padding: pad, outputPadding: outputPadding ? Math.min(outputPadding[i]!, (strides?.[i] ?? 1) - 1) : null }));
  const r = transposed(call, call.input, {
    framework: call.flavour === 'tf' ? 'tensorflow' : 'keras',
    what,
    spatial,
    kernel,
    strides,
    dilation,
    rules: outputPadding && strides && outputPadding.some((p, i) => p >= strides[i]!) ? null : rules,
    channelsFirst: channelsFirstOf(call),
    outChannels: a.int('filters'),
    bias: a.bool('use_bias', true) ?? true,
  });
  return r;
}

export function replaceFix(node: import('../syntax.js').PyNode, text: string, title: string): Fix {
  return { title, kind: 'quickfix', preferred: true, edits: [{ range: rangeOf(node), newText: text }] };
}

/** Writes numbers back in the form the user used: an int stays an int when all equal, a tuple stays a tuple. */
export function sameForm(v: Value | undefined, xs: number[]): string {
  if (v && v.kind === 'num' && xs.every((x) => x === xs[0])) return String(xs[0]);
  if (v && v.kind === 'list') return `[${xs.join(', ')}]`;
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

function transposeEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate', 'activation', 'use_bias'],
    aliases: LEGACY,
    apply: (call) => kerasTranspose(call, names[0]!, spatial),
  };
}

function poolEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['pool_size', 'strides', 'padding', 'data_format'],
    aliases: LEGACY,
    apply: (call) => pool(call, names[0]!, spatial, call.flavour === 'tf' ? 'tensorflow' : 'keras'),
  };
}

/** Global pooling (SHAPE_SEMANTICS §3.5): (N, C), or (N, 1…, C) with keepdims. */
function globalPoolEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['data_format', 'keepdims'],
    aliases: LEGACY,
    apply: (call) => {
      const cf = channelsFirstOf(call);
      const shape = inputShape(call, call.input, spatial + 2, cf ?? false, names[0]!);
      if (!shape || cf === null) return { output: out(null, call), cost: NO_COST };
      const lay = layout(spatial + 2, cf);
      const c = shape[lay.channel]!;
      const keep = call.args.bool('keepdims', false);
      if (keep === null) return { output: out(null, call), cost: NO_COST };
      if (!keep) return { output: out([shape[0]!, c], call), cost: NO_COST };
      const result = shape.map((d, i) => (lay.spatial.includes(i) ? 1 : d));
      return { output: out(result, call), cost: NO_COST };
    },
  };
}

/** Reads Keras padding/cropping arguments into (before, after) per spatial axis (SHAPE_SEMANTICS §3.6, §2.6). */
function pairsOf(v: Value | undefined, spatial: number, dflt: number): [number, number][] | null {
  if (v === undefined) return Array.from({ length: spatial }, () => [dflt, dflt] as [number, number]);
  const single = intOf(v);
  if (single !== null) return Array.from({ length: spatial }, () => [single, single] as [number, number]);
  if (!isSeq(v)) return null;
  if (spatial === 1 && v.items.length === 2) {
    const xs = intsOf(v, 2);
    return xs ? [[xs[0]!, xs[1]!]] : null;
  }
  if (v.items.length !== spatial) return null;
  const out: [number, number][] = [];
  for (const item of v.items) {
    const i = intOf(item);
    if (i !== null) {
      out.push([i, i]);
      continue;
    }
    const pair = intsOf(item, 2);
    if (!pair) return null;
    out.push([pair[0]!, pair[1]!]);
  }
  return out;
}

function zeroPaddingEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['padding', 'data_format'],
    aliases: { dim_ordering: 'data_format' },
    apply: (call) => {
      const a = call.args;
      const cf = channelsFirstOf(call);
      const shape = inputShape(call, call.input, spatial + 2, cf ?? false, names[0]!);
      if (!shape || cf === null) return { output: out(null, call), cost: NO_COST };
      const v = a.has('padding') ? a.get('padding') : a.opaque ? undefined : undefined;
      let pairs = pairsOf(v, spatial, 1);
      // Keras 1.1.1+ ZeroPadding2D: a flat 4-tuple (top, bottom, left, right) or a dict (SHAPE_SEMANTICS §2.6).
      if (!pairs && spatial === 2 && v) {
        const flat = intsOf(v, 4);
        const dict = v.kind === 'dict' ? v : null;
        if (flat) {
          pairs = [
            [flat[0]!, flat[1]!],
            [flat[2]!, flat[3]!],
          ];
          const node = a.node('padding');
          if (call.flavour !== 'keras' || call.ctx.kerasVersion === 2) {
            call.ctx.report({
              severity: 'error',
              code: 'zero-padding-flat-tuple',
              message: `${names[0]}: the flat 4-tuple (top, bottom, left, right) is Keras 1 syntax; Keras 2+ expects ((top, bottom), (left, right)) and raises ValueError`,
              node,
              fixes: node ? [replaceFix(node, `((${flat[0]}, ${flat[1]}), (${flat[2]}, ${flat[3]}))`, 'Rewrite as ((top, bottom), (left, right))')] : [],
            });
          }
        } else if (dict) {
          const get = (k: string) => intOf(dict.entries.get(`s:${k}`)?.value) ?? 0;
          pairs = [
            [get('top_pad'), get('bottom_pad')],
            [get('left_pad'), get('right_pad')],
          ];
        }
      }
      if (!pairs) return { output: out(shape.map((d, i) => (i === 0 || i === layout(spatial + 2, cf).channel ? d : null)), call), cost: NO_COST };
      const lay = layout(spatial + 2, cf);
      return padded(
        call,
        shape,
        lay.spatial.map((axis, i) => ({ axis, before: pairs![i]![0], after: pairs![i]![1] })),
        axisNames(spatial),
        call.flavour === 'tf' ? 'tensorflow' : 'keras',
      );
    },
  };
}

function croppingEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['cropping', 'data_format'],
    aliases: { dim_ordering: 'data_format' },
    apply: (call) => {
      const cf = channelsFirstOf(call);
      const shape = inputShape(call, call.input, spatial + 2, cf ?? false, names[0]!);
      if (!shape || cf === null) return { output: out(null, call), cost: NO_COST };
      const v = call.args.get('cropping');
      const pairs = pairsOf(v, spatial, spatial === 1 ? 1 : 0);
      const lay = layout(spatial + 2, cf);
      if (!pairs) return { output: out(shape.map((d, i) => (lay.spatial.includes(i) ? null : d)), call), cost: NO_COST };
      return cropped(call, shape, lay.spatial.map((axis, i) => ({ axis, before: pairs[i]![0], after: pairs[i]![1] })), axisNames(spatial));
    },
  };
}

function upSamplingEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['size', 'data_format', 'interpolation'],
    aliases: LEGACY,
    apply: (call) => {
      const cf = channelsFirstOf(call);
      const shape = inputShape(call, call.input, spatial + 2, cf ?? false, names[0]!);
      if (!shape || cf === null) return { output: out(null, call), cost: NO_COST };
      const sizes = call.args.ints('size', spatial, Array<number>(spatial).fill(2));
      const lay = layout(spatial + 2, cf);
      if (!sizes) return { output: out(shape.map((d, i) => (lay.spatial.includes(i) ? null : d)), call), cost: NO_COST };
      return upsampled(call, shape, lay.spatial, sizes);
    },
  };
}

/** Flatten (SHAPE_SEMANTICS §2.6, §3.7) with D18. */
export function flatten(call: OpCall, what: string): OpResult {
  const t = call.input;
  if (t.kind !== 'tensor' || t.shape === null) return { output: out(null, call), cost: NO_COST };
  const rest = t.shape.slice(1);
  const prod = productOf(rest);
  if (!isKnown(prod) && !call.ctx.speculative && rest.some((d) => !isKnown(d)) && call.flavour !== 'tf') {
    const standalone = call.flavour === 'keras';
    call.ctx.report({
      severity: standalone ? 'warning' : 'information',
      code: 'flatten-undefined',
      message: `${what}: the input shape ${fmtShape(t.shape)} is not fully defined; Keras 1/2 raise "The shape of the input to \\"Flatten\\" is not fully defined" (tf.keras/Keras 3 give an unknown size), and a following Dense cannot be built`,
    });
  }
  return { output: out([t.shape[0]!, isKnown(prod) ? prod : rest.every((d) => d !== null) ? prod : null], call), cost: NO_COST };
}

/** Dense on N-D input (SHAPE_SEMANTICS §3.7): the last axis becomes `units`. */
export function dense(call: OpCall, units: number | null, bias: boolean): OpResult {
  const t = call.input;
  // Dense keeps every axis but the last; with the rank unknown nothing is known but that last size.
  if (t.kind !== 'tensor' || t.shape === null) return { output: out(null, call), cost: NO_COST };
  const shape = t.shape;
  const last = shape[shape.length - 1]!;
  const result = [...shape.slice(0, -1), units];
  const cost = units === null ? { params: null, macs: null } : denseCost(last, units, shape.slice(1, -1), bias);
  return { output: out(result, call), cost };
}

/** Keras Reshape (target excludes the batch axis). */
export function kerasReshape(call: OpCall, what: string, target: Shape | null): OpResult {
  const t = call.input;
  if (t.kind !== 'tensor' || target === null) return { output: out(null, call), cost: NO_COST };
  if (t.shape === null) return { output: out([null, ...target.map((d) => (d === -1 ? null : d))], call), cost: NO_COST };
  const r = reshaped(t.shape.slice(1), target);
  if (r.error) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'reshape-size-mismatch', message: `${what}: ${r.error} ("total size of new array must be unchanged")`, node: call.args.node('target_shape') });
    return { output: out(null, call), cost: NO_COST };
  }
  return { output: out([t.shape[0]!, ...r.shape!], call), cost: NO_COST };
}

function mergeEntries(cls: string, fn: string): OpEntry[] {
  return [
    { names: [cls], namespaces: ['keras.layers'], kind: 'layer', params: [], takesList: true, apply: (call) => elementwise(call, cls, call.input, false) },
    { names: [fn], namespaces: ['keras.layers'], kind: 'op', params: ['inputs'], inputs: ['inputs'], apply: (call) => elementwise(call, fn, call.input, false) },
  ];
}

function identityEntry(names: string[], params: string[] = []): OpEntry {
  return { names, namespaces: ['keras.layers'], kind: 'layer', params, aliases: LEGACY, apply: (call) => identity(call) };
}

/** BatchNormalization: shape unchanged; 4·C weights (γ, β, moving mean, moving variance) as model.summary() counts them. */
function batchNormCost(call: OpCall, s: Shape) {
  const axis = call.args.int('axis', -1);
  if (axis === null) return { params: null, macs: null };
  const c = s[axis < 0 ? s.length + axis : axis];
  const center = call.args.bool('center', true) ?? true;
  const scale = call.args.bool('scale', true) ?? true;
  return { params: isKnown(c ?? null) ? (c as number) * (2 + (center ? 1 : 0) + (scale ? 1 : 0)) : null, macs: 0 };
}

export const KERAS_ENTRIES: OpEntry[] = [
  // Inputs and models
  {
    names: ['Input'],
    namespaces: ['keras', 'keras.layers'],
    kind: 'source',
    params: ['shape', 'batch_size', 'name', 'dtype', 'sparse', 'tensor'],
    apply: (call) => {
      const a = call.args;
      if (a.has('batch_shape') || a.has('batch_input_shape')) {
        const bs = a.shape(a.has('batch_shape') ? 'batch_shape' : 'batch_input_shape');
        return sourceTensor(call, bs ? declaredShape(bs, true) : null);
      }
      if (!a.has('shape')) {
        const tensorArg = a.get('tensor');
        if (tensorArg?.kind === 'tensor') return sourceTensor(call, tensorArg.shape);
        return sourceTensor(call, null);
      }
      const batch = a.int('batch_size');
      return sourceTensor(call, withBatch(a.get('shape'), batch));
    },
  },
  {
    names: ['InputLayer'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['input_shape', 'batch_size', 'dtype', 'input_tensor', 'sparse', 'name'],
    apply: (call) => identity(call),
  },
  { names: ['Sequential'], namespaces: ['keras'], kind: 'sequential', params: ['layers', 'name'], apply: () => ({ output: UNKNOWN }) },
  { names: ['Model', 'Functional'], namespaces: ['keras'], kind: 'model', params: ['inputs', 'outputs', 'name'], aliases: { input: 'inputs', output: 'outputs' }, apply: () => ({ output: UNKNOWN }) },
  { names: ['Layer'], namespaces: ['keras.layers'], kind: 'value', params: [], apply: () => ({ output: UNKNOWN }) },

  // Convolutions
  convEntry(['Conv1D'], 1),
  convEntry(['Conv2D'], 2),
  convEntry(['Conv3D'], 3),
  convEntry(['SeparableConv1D', 'SeparableConvolution1D'], 1, 'separable'),
  convEntry(['SeparableConv2D'], 2, 'separable'),
  convEntry(['DepthwiseConv2D'], 2, 'depthwise'),
  convEntry(['DepthwiseConv1D'], 1, 'depthwise'),
  transposeEntry(['Conv1DTranspose', 'Convolution1DTranspose'], 1),
  transposeEntry(['Conv2DTranspose', 'Convolution2DTranspose', 'Deconv2D'], 2),
  transposeEntry(['Conv3DTranspose', 'Convolution3DTranspose', 'Deconv3D', 'Deconvolution3D'], 3),

  // Pooling
  poolEntry(['MaxPooling1D', 'MaxPool1D'], 1),
  poolEntry(['MaxPooling2D', 'MaxPool2D'], 2),
  poolEntry(['MaxPooling3D', 'MaxPool3D'], 3),
  poolEntry(['AveragePooling1D', 'AvgPool1D'], 1),
  poolEntry(['AveragePooling2D', 'AvgPool2D'], 2),
  poolEntry(['AveragePooling3D', 'AvgPool3D'], 3),
  globalPoolEntry(['GlobalAveragePooling1D', 'GlobalAvgPool1D'], 1),
  globalPoolEntry(['GlobalAveragePooling2D', 'GlobalAvgPool2D'], 2),
  globalPoolEntry(['GlobalAveragePooling3D', 'GlobalAvgPool3D'], 3),
  globalPoolEntry(['GlobalMaxPooling1D', 'GlobalMaxPool1D'], 1),
  globalPoolEntry(['GlobalMaxPooling2D', 'GlobalMaxPool2D'], 2),
  globalPoolEntry(['GlobalMaxPooling3D', 'GlobalMaxPool3D'], 3),

  // Padding, cropping, upsampling
  zeroPaddingEntry(['ZeroPadding1D'], 1),
  zeroPaddingEntry(['ZeroPadding2D'], 2),
  zeroPaddingEntry(['ZeroPadding3D'], 3),
  croppingEntry(['Cropping1D'], 1),
  croppingEntry(['Cropping2D'], 2),
  croppingEntry(['Cropping3D'], 3),
  upSamplingEntry(['UpSampling1D'], 1),
  upSamplingEntry(['UpSampling2D'], 2),
  upSamplingEntry(['UpSampling3D'], 3),

  // Core
  { names: ['Flatten'], namespaces: ['keras.layers'], kind: 'layer', params: ['data_format'], apply: (call) => flatten(call, 'Flatten') },
  {
    names: ['Dense'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['units', 'activation', 'use_bias'],
    aliases: LEGACY,
    apply: (call) => dense(call, call.args.int('units'), call.args.bool('use_bias', true) ?? true),
  },
  {
    names: ['Reshape'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['target_shape'],
    apply: (call) => kerasReshape(call, 'Reshape', call.args.shape('target_shape')),
  },
  {
    names: ['Permute'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['dims'],
    apply: (call) => {
      const t = call.input;
      const dims = call.args.get('dims');
      const perm = dims ? toShape(dims) : null;
      if (t.kind !== 'tensor' || !t.shape || !perm || perm.length !== t.shape.length - 1) return { output: out(null, call), cost: NO_COST };
      const s = t.shape;
      const result = [s[0]!, ...perm.map((p) => (isKnown(p) ? (s[p] ?? null) : null))];
      return { output: out(result, call), cost: NO_COST };
    },
  },
  {
    names: ['RepeatVector'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['n'],
    apply: (call) => {
      const t = call.input;
      if (t.kind !== 'tensor' || !t.shape || t.shape.length !== 2) return { output: out(null, call), cost: NO_COST };
      return { output: out([t.shape[0]!, call.args.int('n'), t.shape[1]!], call), cost: NO_COST };
    },
  },
  {
    names: ['Embedding'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['input_dim', 'output_dim'],
    apply: (call) => {
      const t = call.input;
      const dim = call.args.int('output_dim');
      const vocab = call.args.int('input_dim');
      if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
      return { output: out([...t.shape, dim], call), cost: { params: vocab !== null && dim !== null ? vocab * dim : null, macs: 0 } };
    },
  },
  ...['LSTM', 'GRU', 'SimpleRNN'].map(
    (n): OpEntry => ({
      names: [n],
      namespaces: ['keras.layers'],
      kind: 'layer',
      params: ['units'],
      aliases: LEGACY,
      apply: (call) => {
        const t = call.input;
        const units = call.args.int('units');
        const seq = call.args.bool('return_sequences', false);
        if (t.kind !== 'tensor' || !t.shape || t.shape.length !== 3 || seq === null) return { output: out(null, call), cost: { params: null, macs: null } };
        return { output: out(seq ? [t.shape[0]!, t.shape[1]!, units] : [t.shape[0]!, units], call), cost: { params: null, macs: null } };
      },
    }),
  ),
  {
    names: ['Lambda'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['function', 'output_shape', 'mask', 'arguments'],
    apply: (call) => {
      const a = call.args;
      const t = call.input;
      const os = a.get('output_shape');
      if (os && os.kind !== 'none') {
        const s = toShape(os);
        if (s && t.kind === 'tensor' && t.shape) return { output: out([t.shape[0]!, ...s], call), cost: NO_COST };
        return { output: out(null, call), cost: NO_COST };
      }
      const fn = a.get('function');
      if (!fn || t.kind !== 'tensor') return { output: out(null, call), cost: NO_COST };
      const r = call.ctx.callValue(fn, { positional: [{ value: t, node: null }], keywords: new Map(), opaque: false }, call.site);
      return { output: r.kind === 'tensor' ? out(r.shape, call) : out(null, call), cost: NO_COST };
    },
  },
  {
    names: ['BatchNormalization'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
    apply: (call) => identity(call, (s) => batchNormCost(call, s)),
  },
  {
    names: ['LayerNormalization'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['axis', 'epsilon', 'center', 'scale'],
    apply: (call) =>
      identity(call, (s) => {
        const c = s[s.length - 1];
        return { params: isKnown(c ?? null) ? 2 * (c as number) : null, macs: 0 };
      }),
  },
  identityEntry(['Activation'], ['activation']),
  identityEntry(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'AlphaDropout', 'GaussianDropout'], ['rate']),
  identityEntry(['GaussianNoise'], ['stddev']),
  identityEntry(['ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'ThresholdedReLU', 'ActivityRegularization', 'Masking', 'Identity']),
  { names: ['PReLU'], namespaces: ['keras.layers'], kind: 'layer', params: [], apply: (call) => identity(call, (s) => ({ params: isKnown(productOf(s.slice(1))) ? (productOf(s.slice(1)) as number) : null, macs: 0 })) },

  // Merging
  {
    names: ['Concatenate'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['axis'],
    takesList: true,
    apply: (call) => concat(call, 'Concatenate', call.input, call.args.int('axis', -1)),
  },
  {
    names: ['concatenate'],
    namespaces: ['keras.layers'],
    kind: 'op',
    params: ['inputs', 'axis'],
    inputs: ['inputs'],
    apply: (call) => concat(call, 'concatenate', call.input, call.args.int('axis', -1)),
  },
  ...mergeEntries('Add', 'add'),
  ...mergeEntries('Subtract', 'subtract'),
  ...mergeEntries('Multiply', 'multiply'),
  ...mergeEntries('Average', 'average'),
  ...mergeEntries('Maximum', 'maximum'),
  ...mergeEntries('Minimum', 'minimum'),
];

