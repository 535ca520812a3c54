/**
 * Keras 2/3 and tf.keras normalization layers. Rules: keras/src/layers/normalization/*.py (`build`).
 */
import { productOf } from '../../../engine/dim.js';
import type { Cost } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { identity } from '../common.js';
import { axisSizes, fmtShape, out } from '../shapes.js';
import { applyWrapped } from './recurrent.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

const UNKNOWN_COST: Cost = { params: null, macs: null };

/** γ and β (`scale`, `center`), each shaped like the normalised axes; BatchNormalization adds the moving mean and variance. */
function affineCost(call: OpCall, s: Shape, extra: number): Cost {
  const sizes = axisSizes(call, s);
  const center = call.args.bool('center', true);
  const scale = call.args.bool('scale', true);
  if (!sizes || center === null || scale === null) return UNKNOWN_COST;
  return { params: (productOf(sizes) as number) * ((center ? 1 : 0) + (scale ? 1 : 0) + extra), macs: 0 };
}

/** GroupNormalization (group_normalization.py): γ, β of shape (C,); C must be a multiple of `groups` (ValueError otherwise). */
function groupNormCost(call: OpCall, s: Shape): Cost {
  const groups = call.args.int('groups', 32);
  const sizes = axisSizes(call, s);
  const c = sizes?.[0];
  if (c !== undefined && groups !== null && (groups > c || c % groups !== 0)) {
    if (!call.ctx.speculative) {
      call.ctx.report({
        severity: 'error',
        code: 'bad-groups',
        message: `${c} channels of ${fmtShape(s)} cannot be split into groups=${groups} (Keras raises ValueError: the number of channels must be a multiple of groups) (GroupNormalization)`,
      });
    }
    return UNKNOWN_COST;
  }
  return affineCost(call, s, 0);
}

const entry = (names: string[], params: string[], cost: (call: OpCall, s: Shape) => Cost): OpEntry => ({
  names,
  namespaces: ['keras.layers'],
  kind: 'layer',
  params,
  apply: (call) => identity(call, (s) => cost(call, s)),
});

/** What `kernel.shape[-1]` is for the layers SpectralNormalization wraps most (their `build`): Dense, ConvND, Embedding. */
const KERNEL_LAST: Readonly<Record<string, string>> = { Dense: 'units', Conv1D: 'filters', Conv2D: 'filters', Conv3D: 'filters', Embedding: 'output_dim' };

/**
 * SpectralNormalization (Keras 3 keras/src/layers/normalization/spectral_normalization.py; tf.keras
 * 2.13+ the same): the wrapped layer's output and weights, plus a non-trainable `vector_u` of
 * (1, kernel.shape[-1]) — for a layer not listed in KERNEL_LAST that count is unknown.
 */
function spectralNormalization(call: OpCall): OpResult {
  const inner = call.args.get('layer');
  const t = call.input;
  if (inner?.kind !== 'layer' || t.kind !== 'tensor') return { output: out(null, call), cost: UNKNOWN_COST };
  const r = applyWrapped(call, inner, t);
  const arg = KERNEL_LAST[inner.entry.names[0]!];
  const u = arg === undefined ? null : inner.args.int(arg);
  const params = r.cost?.params ?? null;
  return { ...r, cost: { params: params !== null && u !== null ? params + u : null, macs: r.cost?.macs ?? null } };
}

export const NORMALIZATION_ENTRIES: OpEntry[] = [
  // batch_normalization.py: γ, β, moving mean, moving variance (model.summary() counts all four).
  entry(['BatchNormalization'], ['axis', 'momentum', 'epsilon', 'center', 'scale'], (call, s) => affineCost(call, s, 2)),
  // tf.keras keras/layers/normalization/batch_normalization.py: SyncBatchNormalization is
  // BatchNormalizationBase with the same four weights (`layers.experimental.SyncBatchNormalization`).
  { ...entry(['SyncBatchNormalization'], ['axis', 'momentum', 'epsilon', 'center', 'scale'], (call, s) => affineCost(call, s, 2)), frameworks: 'tf.keras 2' },
  entry(['LayerNormalization'], ['axis', 'epsilon', 'center', 'scale'], (call, s) => affineCost(call, s, 0)),
  entry(['GroupNormalization'], ['groups', 'axis', 'epsilon', 'center', 'scale'], groupNormCost),
  { names: ['SpectralNormalization'], namespaces: ['keras.layers'], kind: 'layer', params: ['layer', 'power_iterations'], frameworks: 'tf.keras 2.13+, Keras 3', apply: spectralNormalization },
  // unit_normalization.py: no weights.
  { names: ['UnitNormalization'], namespaces: ['keras.layers'], kind: 'layer', params: ['axis'], apply: (call) => identity(call) },
  // rms_normalization.py (Keras 3): one `scale` shaped like the normalised axes.
  {
    ...entry(['RMSNormalization'], ['axis', 'epsilon'], (call, s) => {
      const sizes = axisSizes(call, s);
      return sizes ? { params: productOf(sizes) as number, macs: 0 } : UNKNOWN_COST;
    }),
    frameworks: 'Keras 3',
  },
];
