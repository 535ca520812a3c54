/**
 * Keras 2/3 and tf.keras reshaping layers: ZeroPaddingND, CroppingND, UpSamplingND, Flatten, Reshape,
 * Permute, RepeatVector. Rules: SHAPE_SEMANTICS §3.6, §3.7, §2.6 (keras/src/layers/reshaping/*.py).
 */
import { isKnown, productOf } from '../../../engine/dim.js';
import { NO_COST } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { intOf, isSeq, toShape, type Value } from '../../values.js';
import { intsOf } from '../args.js';
import { LEGACY } from '../common.js';
import { replaceFix } from '../fixes.js';
import { channelsFirstOf, cropped, fmtShape, inputShape, layout, out, padded, reshaped, upsampled, axisNames } from '../shapes.js';
import { countArg, windowArg } from '../sizes.js';
import { emptyTargetEntry, reshapeTarget } from '../reshape-target.js';
import { amountsFollowed } from '../pad-amounts.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

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
      const followed = amountsFollowed(call, 'padding', spatial, names[0]!);
      let pairs = followed ? pairsOf(v, spatial, 1) : null;
      // Keras 1.1.1+ ZeroPadding2D: a flat 4-tuple (top, bottom, left, right) or a dict (SHAPE_SEMANTICS §2.6).
      if (!pairs && followed && spatial === 2 && v) {
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
              message: `the flat 4-tuple (top, bottom, left, right) is Keras 1 syntax; Keras 2+ expects ((top, bottom), (left, right)) and raises ValueError (${names[0]})`,
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
      const pairs = amountsFollowed(call, 'cropping', spatial, names[0]!) ? pairsOf(v, spatial, spatial === 1 ? 1 : 0) : null;
      const lay = layout(spatial + 2, cf);
      if (!pairs) return { output: out(shape.map((d, i) => (lay.spatial.includes(i) ? null : d)), call), cost: NO_COST };
      return cropped(call, shape, lay.spatial.map((axis, i) => ({ axis, before: pairs[i]![0], after: pairs[i]![1] })), axisNames(spatial), names[0]!);
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
      const raw = windowArg(call, 'size', spatial, Array<number>(spatial).fill(2), names[0]!);
      // A factor <= 0: Keras 3's standardize_tuple and tf.keras >= 2.9's normalize_tuple reject it,
      // Keras 2.0–2.3 and older tf.keras repeat by it at run time (0 empties the axis): unknown, as the
      // dialects in play disagree.
      const sizes = raw && raw.every((n) => n > 0) ? raw : null;
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
  if (!isKnown(prod) && !call.ctx.speculative && !t.assumed && rest.some((d) => !isKnown(d)) && call.flavour !== 'tf') {
    // Information only: Keras 3 accepts it (the size is just unknown), and a symbolic size may stand
    // for a number the code fixes at run time (x_train.shape[1:]).
    call.ctx.report({
      severity: 'information',
      code: 'flatten-undefined',
      message: `the input shape ${fmtShape(t.shape)} is not fully defined; Keras 1/2 raise "The shape of the input to \\"Flatten\\" is not fully defined" (tf.keras/Keras 3 give an unknown size), and a following Dense cannot be built (${what})`,
    });
  }
  return { output: out([t.shape[0]!, isKnown(prod) ? prod : rest.every((d) => d !== null) ? prod : null], call), cost: NO_COST };
}

/** Keras Reshape (target excludes the batch axis). */
export function kerasReshape(call: OpCall, what: string, target: Shape | null): OpResult {
  const t = call.input;
  if (t.kind !== 'tensor' || target === null) return { output: out(null, call), cost: NO_COST };
  if (t.shape === null) {
    emptyTargetEntry(call, 'target_shape', target, what);
    return { output: out([null, ...target.map((d) => (d === -1 ? null : d))], call), cost: NO_COST };
  }
  const r = reshaped(t.shape.slice(1), target);
  if (r.error) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'reshape-size-mismatch', message: `${r.error} ("total size of new array must be unchanged") (${what})`, node: call.args.node('target_shape') });
    return { output: out(null, call), cost: NO_COST };
  }
  emptyTargetEntry(call, 'target_shape', target, what);
  return { output: out([t.shape[0]!, ...r.shape!], call), cost: NO_COST };
}

export const RESHAPING_ENTRIES: OpEntry[] = [
  zeroPaddingEntry(['ZeroPadding1D'], 1),
  zeroPaddingEntry(['ZeroPadding2D'], 2),
  zeroPaddingEntry(['ZeroPadding3D'], 3),
  croppingEntry(['Cropping1D'], 1),
  croppingEntry(['Cropping2D'], 2),
  croppingEntry(['Cropping3D'], 3),
  upSamplingEntry(['UpSampling1D'], 1),
  upSamplingEntry(['UpSampling2D'], 2),
  upSamplingEntry(['UpSampling3D'], 3),
  { names: ['Flatten'], namespaces: ['keras.layers'], kind: 'layer', params: ['data_format'], apply: (call) => flatten(call, 'Flatten') },
  {
    names: ['Reshape'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['target_shape'],
    apply: (call) => kerasReshape(call, 'Reshape', reshapeTarget(call, 'target_shape', 'Reshape')),
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
      return { output: out([t.shape[0]!, countArg(call, 'n', 'count', 'RepeatVector'), t.shape[1]!], call), cost: NO_COST };
    },
  },
];
