/**
 * Keras backend helpers (`K.*`, `keras.backend.*`, `tf.keras.backend.*`) that return Python values
 * or act on tensors.
 */
import { NO_COST } from '../../../engine/cost.js';
import { NONE, shapeValue, str, UNKNOWN } from '../../values.js';
import { tensorList } from '../common.js';
import { concatenated, out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/** A setter of the config: a known spelling changes it; anything else leaves it (Keras raises ValueError). */
function setLayout(call: OpCall, param: string, first: string, last: string): OpResult {
  const v = call.args.get(param);
  if (v?.kind === 'str' && (v.value === first || v.value === last)) call.ctx.setChannelsFirst(v.value === first);
  return { output: NONE };
}

/** Keras backend helpers that return Python values. */
export const BACKEND_ENTRIES: OpEntry[] = [
  // The config (keras/backend/common.py: image_data_format, image_dim_ordering and their setters):
  // the setting `shapelens.python.imageDataFormat` until the file sets it.
  { names: ['image_data_format'], namespaces: ['keras.backend'], kind: 'value', params: [], apply: (call) => ({ output: str(call.ctx.channelsFirst() ? 'channels_first' : 'channels_last') }) },
  { names: ['image_dim_ordering'], namespaces: ['keras.backend'], kind: 'value', params: [], apply: (call) => ({ output: str(call.ctx.channelsFirst() ? 'th' : 'tf') }) },
  { names: ['set_image_data_format'], namespaces: ['keras.backend'], kind: 'value', params: ['data_format'], apply: (call) => setLayout(call, 'data_format', 'channels_first', 'channels_last') },
  { names: ['set_image_dim_ordering'], namespaces: ['keras.backend'], kind: 'value', params: ['dim_ordering'], apply: (call) => setLayout(call, 'dim_ordering', 'th', 'tf') },
  {
    names: ['int_shape'],
    namespaces: ['keras.backend'],
    kind: 'value',
    params: ['x'],
    apply: (call) => {
      const t = call.args.get('x');
      if (t?.kind !== 'tensor' || !t.shape) return { output: UNKNOWN };
      return { output: shapeValue(t.shape) };
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
