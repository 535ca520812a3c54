/**
 * Keras backend helpers (`K.*`, `keras.backend.*`, `tf.keras.backend.*`) that return Python values
 * or act on tensors.
 */
import { NO_COST } from '../../../engine/cost.js';
import { dimValue, NONE, str, tuple, UNKNOWN } from '../../values.js';
import { tensorList } from '../common.js';
import { concatenated, out } from '../shapes.js';
import type { OpEntry } from '../types.js';

/** Keras backend helpers that return Python values. */
export const BACKEND_ENTRIES: OpEntry[] = [
  { names: ['image_data_format'], namespaces: ['keras.backend'], kind: 'value', params: [], apply: () => ({ output: str('channels_last') }) },
  { names: ['image_dim_ordering'], namespaces: ['keras.backend'], kind: 'value', params: [], apply: () => ({ output: str('tf') }) },
  {
    names: ['int_shape'],
    namespaces: ['keras.backend'],
    kind: 'value',
    params: ['x'],
    apply: (call) => {
      const t = call.args.get('x');
      if (t?.kind !== 'tensor' || !t.shape) return { output: UNKNOWN };
      return { output: tuple(t.shape.map((d) => (d === null ? NONE : dimValue(d)))) };
    },
  },
  {
    names: ['concatenate'],
    namespaces: ['keras.backend'],
    kind: 'op',
    params: ['tensors', 'axis'],
    inputs: ['tensors'],
    apply: (call) => {
      const ts = tensorList(call.input);
      const axis = call.args.int('axis', -1);
      if (!ts || ts.length === 0 || axis === null || ts.some((t) => !t.shape)) return { output: out(null, call), cost: NO_COST };
      const r = concatenated(ts.map((t) => t.shape!), axis);
      return { output: out(r.conflict ? null : r.shape, call), cost: NO_COST };
    },
  },
];
