/**
 * Keras 2/3 and tf.keras normalization layers. Rules: keras/src/layers/normalization/*.py.
 */
import { isKnown } from '../../../engine/dim.js';
import type { Shape } from '../../../analysis/types.js';
import { identity } from '../common.js';
import type { OpCall, OpEntry } from '../types.js';

/** BatchNormalization: shape unchanged; 4·C weights (γ, β, moving mean, moving variance) as model.summary() counts them. */
function batchNormCost(call: OpCall, s: Shape) {
  const axis = call.args.int('axis', -1);
  if (axis === null) return { params: null, macs: null };
  const c = s[axis < 0 ? s.length + axis : axis];
  const center = call.args.bool('center', true) ?? true;
  const scale = call.args.bool('scale', true) ?? true;
  return { params: isKnown(c ?? null) ? (c as number) * (2 + (center ? 1 : 0) + (scale ? 1 : 0)) : null, macs: 0 };
}

export const NORMALIZATION_ENTRIES: OpEntry[] = [
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
];
