/**
 * Keras 2/3 and tf.keras core layers: Input, the model classes, Dense, Embedding, Lambda, activations,
 * dropout and noise layers. Rules: SHAPE_SEMANTICS §3.7 (keras/src/layers/core/*.py).
 */
import { isKnown, productOf, type Dim } from '../../../engine/dim.js';
import { denseCost, exact, NO_COST, type Cost } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { isSeq, shapeValue, toShape, UNKNOWN } from '../../values.js';
import { declaredShape, identity, LEGACY, sourceTensor, withBatch } from '../common.js';
import { fmtShape, out, outTail } from '../shapes.js';
import { countArg, countDim, shapeEntries } from '../sizes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/** Dense on N-D input (SHAPE_SEMANTICS §3.7): the last axis becomes `units`. */
export function dense(call: OpCall, units: Dim, bias: boolean): OpResult {
  const t = call.input;
  // Dense keeps every axis but the last; with the rank unknown nothing is known but that last size
  // (and the sizes before it that the input's known tail gives).
  if (t.kind !== 'tensor' || t.shape === null) {
    const tail = t.kind === 'tensor' && t.tail ? t.tail : [];
    const inLast = tail.length > 0 ? tail[tail.length - 1]! : null;
    const cost = !isKnown(units) || !isKnown(inLast) ? { params: null, macs: null } : { params: inLast * units + (bias ? units : 0), macs: null };
    return { output: outTail([...tail.slice(0, -1), units], call), cost };
  }
  const shape = t.shape;
  const last = shape[shape.length - 1]!;
  const result = [...shape.slice(0, -1), units];
  const cost = !isKnown(units) ? { params: null, macs: null } : denseCost(last, units, shape.slice(1, -1), bias);
  return { output: out(result, call), cost };
}

function identityEntry(names: string[], params: string[] = []): OpEntry {
  return { names, namespaces: ['keras.layers'], kind: 'layer', params, aliases: LEGACY, apply: (call) => identity(call) };
}

export const CORE_ENTRIES: OpEntry[] = [
  // Inputs and models
  {
    names: ['Input'],
    namespaces: ['keras', 'keras.layers'],
    kind: 'source',
    params: ['shape', 'batch_size', 'name', 'dtype', 'sparse', 'tensor'],
    apply: (call) => {
      const a = call.args;
      if (a.has('batch_shape') || a.has('batch_input_shape')) {
        const name = a.has('batch_shape') ? 'batch_shape' : 'batch_input_shape';
        const v = a.get(name);
        const bs = v && isSeq(v) ? shapeEntries(call, name, v.items, 'Input') : null;
        return sourceTensor(call, bs ? declaredShape(bs, call.ctx) : null);
      }
      if (!a.has('shape')) {
        const tensorArg = a.get('tensor');
        if (tensorArg?.kind === 'tensor') return sourceTensor(call, tensorArg.shape);
        return sourceTensor(call, null);
      }
      const batch = a.int('batch_size');
      const v = a.get('shape');
      const items = v === undefined ? null : isSeq(v) ? v.items : v.kind === 'num' ? [v] : null;
      const dims = items ? shapeEntries(call, 'shape', items, 'Input') : null;
      if (items && !dims) return sourceTensor(call, [batch, ...items.map(() => null)]);
      return sourceTensor(call, dims ? declaredShape([batch, ...dims], call.ctx) : withBatch(v, batch, call.ctx));
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
  {
    names: ['Dense'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['units', 'activation', 'use_bias'],
    aliases: LEGACY,
    apply: (call) => dense(call, countDim(call, 'units', 'units', 'Dense'), call.args.bool('use_bias', true) ?? true),
  },
  {
    names: ['Embedding'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['input_dim', 'output_dim'],
    apply: (call) => {
      const t = call.input;
      const dim = countDim(call, 'output_dim', 'count', 'Embedding');
      const vocab = countArg(call, 'input_dim', 'count', 'Embedding');
      // embedding.py build: one (input_dim, output_dim) table, whatever the input's shape.
      const cost = { params: vocab !== null && isKnown(dim) ? exact(vocab * dim) : null, macs: 0 };
      if (t.kind !== 'tensor' || !t.shape) return { output: outTail([dim], call), cost };
      return { output: out([...t.shape, dim], call), cost };
    },
  },
  {
    names: ['Lambda'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['function', 'output_shape', 'mask', 'arguments'],
    apply: (call) => {
      const a = call.args;
      const t = call.input;
      const os = a.get('output_shape');
      // A function of the input shape (batch included) returns the whole output shape (lambda_layer.py compute_output_shape).
      if (os?.kind === 'function' && t.kind === 'tensor' && t.shape) {
        const r = call.ctx.callValue(os, { positional: [{ value: shapeValue(t.shape), node: null }], keywords: new Map(), opaque: false }, call.site);
        return { output: out(toShape(r), call), cost: NO_COST };
      }
      if (os && os.kind !== 'none') {
        // A tuple: the batch of the (first) input, then the tuple (Keras 2.2 keras/layers/core.py
        // Lambda.compute_output_shape: `input_shape[0][0]` for a list of inputs).
        const s = toShape(os);
        const first = t.kind === 'tensor' ? t : isSeq(t) ? t.items[0] : undefined;
        if (s && first?.kind === 'tensor' && first.shape) return { output: out([first.shape[0]!, ...s], call), cost: NO_COST };
        return { output: out(null, call), cost: NO_COST };
      }
      const fn = a.get('function');
      if (!fn || (t.kind !== 'tensor' && !isSeq(t))) return { output: out(null, call), cost: NO_COST };
      // `arguments=` is passed to the function as keyword arguments (Lambda.call).
      const extra = a.get('arguments');
      const keywords = new Map(extra?.kind === 'dict' ? [...extra.entries.values()].flatMap((e) => (e.key.kind === 'str' ? [[e.key.value, { value: e.value, node: null }] as const] : [])) : []);
      const r = call.ctx.callValue(fn, { positional: [{ value: t, node: null }], keywords, opaque: false }, call.site);
      return { output: r.kind === 'tensor' ? out(r.shape, call) : out(null, call), cost: NO_COST };
    },
  },
  identityEntry(['Activation'], ['activation']),
  identityEntry(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'SpatialDropout3D', 'AlphaDropout', 'GaussianDropout'], ['rate']),
  identityEntry(['GaussianNoise'], ['stddev']),
  identityEntry(['ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'ThresholdedReLU', 'ActivityRegularization', 'Masking', 'Identity']),
  // prelu.py build: alpha of input_shape[1:] with the `shared_axes` set to 1.
  { names: ['PReLU'], namespaces: ['keras.layers'], kind: 'layer', params: ['alpha_initializer', 'alpha_regularizer', 'alpha_constraint', 'shared_axes'], apply: (call) => identity(call, (s) => sharedAxesCost(call, s, 1)) },
  {
    names: ['ReversibleEmbedding'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['input_dim', 'output_dim', 'tie_weights'],
    callParams: ['inputs', 'reverse'],
    frameworks: 'Keras 3',
    apply: reversibleEmbedding,
  },
  {
    names: ['RandomFourierFeatures'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['output_dim', 'kernel_initializer', 'scale', 'trainable'],
    frameworks: 'tf.keras 2',
    apply: randomFourierFeatures,
  },
];

/**
 * Weights shaped like input_shape[1:] with each of `shared_axes` (1-based over the input, as
 * PReLU.build and Keras 1's SReLU / ParametricSoftplus build read it) set to 1; `copies` such tensors.
 */
export function sharedAxesCost(call: OpCall, s: Shape, copies: number): Cost {
  const shape: Dim[] = s.slice(1);
  const v = call.args.get('shared_axes');
  const axes = v === undefined || v.kind === 'none' ? [] : v.kind === 'num' ? [v] : isSeq(v) ? v.items : null;
  if (axes === null || (call.args.opaque && v === undefined)) return { params: null, macs: null };
  for (const ax of axes) {
    if (ax.kind !== 'num' || !Number.isInteger(ax.value)) return { params: null, macs: null };
    const i = ax.value - 1 < 0 ? ax.value - 1 + shape.length : ax.value - 1;
    if (i < 0 || i >= shape.length) return { params: null, macs: null };
    shape[i] = 1;
  }
  const n = productOf(shape);
  return { params: isKnown(n) ? exact(copies * n) : null, macs: 0 };
}

/**
 * ReversibleEmbedding (keras/src/layers/core/reversible_embedding.py, Keras 3.12+): `call(x)` is
 * Embedding's (…, output_dim); `call(x, reverse=True)` maps the last axis to input_dim
 * (compute_output_shape). Weights: the (input_dim, output_dim) table, and with
 * tie_weights=False a (output_dim, input_dim) reverse table (build).
 */
function reversibleEmbedding(call: OpCall): OpResult {
  const t = call.input;
  const dim = countDim(call, 'output_dim', 'count', 'ReversibleEmbedding');
  const vocab = countArg(call, 'input_dim', 'count', 'ReversibleEmbedding');
  const tie = call.args.bool('tie_weights', true);
  const reverse = call.callArgs?.bool('reverse', false) ?? false;
  const cost = { params: vocab !== null && isKnown(dim) && tie !== null ? exact(vocab * dim * (tie ? 1 : 2)) : null, macs: null };
  if (reverse === null || t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost };
  return { output: out(reverse ? [...t.shape.slice(0, -1), vocab] : [...t.shape, dim], call), cost };
}

/**
 * RandomFourierFeatures (tf.keras keras/layers/kernelized.py): a rank-2 input (N, d) → (N,
 * output_dim); weights unscaled_kernel (d, output_dim) and bias (output_dim,), both non-trainable,
 * and kernel_scale (1,) — all counted by count_params.
 */
function randomFourierFeatures(call: OpCall): OpResult {
  const units = countArg(call, 'output_dim', 'count', 'RandomFourierFeatures');
  const t = call.input;
  if (t.kind !== 'tensor' || t.shape === null) return { output: out([null, units], call), cost: { params: null, macs: null } };
  if (t.shape.length !== 2) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `RandomFourierFeatures expects a 2-D input (batch, features), got ${fmtShape(t.shape)} ("The rank of the input tensor should be 2")` });
    return { output: out(null, call), cost: { params: null, macs: null } };
  }
  const d = t.shape[1]!;
  return { output: out([t.shape[0]!, units], call), cost: { params: units !== null && isKnown(d) ? exact(d * units + units + 1) : null, macs: null } };
}
