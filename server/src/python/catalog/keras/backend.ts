/**
 * Keras backend helpers (`K.*`, `keras.backend.*`, `tf.keras.backend.*`) that return Python values
 * or act on tensors. The element-wise functions and reductions have NumPy's shape rules with
 * Keras 2's signatures (keras/backend/tensorflow_backend.py: `relu(x, alpha=0., max_value=None)`,
 * `mean(x, axis=None, keepdims=False)`, `clip(x, min_value, max_value)`, `l2_normalize(x, axis=None)`).
 */
import { NO_COST } from '../../../engine/cost.js';
import { NONE, shapeValue, str, UNKNOWN } from '../../values.js';
import { tensorList } from '../common.js';
import { reduce, sameShape } from '../numpy/ops.js';
import { concatenated, out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/** A setter of the config: a known spelling changes it; anything else leaves it (Keras raises ValueError). */
function setLayout(call: OpCall, param: string, first: string, last: string): OpResult {
  const v = call.args.get(param);
  if (v?.kind === 'str' && (v.value === first || v.value === last)) call.ctx.setChannelsFirst(v.value === first);
  return { output: NONE };
}

/** Shape-keeping backend functions (their first parameter the tensor). */
const SAME_SHAPE = ['relu', 'elu', 'sigmoid', 'hard_sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'abs', 'exp', 'log', 'sqrt', 'square', 'sign', 'round', 'clip', 'l2_normalize', 'cast', 'stop_gradient', 'dropout', 'ones_like', 'zeros_like'];
/** Reductions `f(x, axis=None, keepdims=False)` (argmax/argmin default to axis=-1: not these). */
const REDUCTIONS = ['sum', 'mean', 'max', 'min', 'prod', 'std', 'var', 'any', 'all'];

/** Keras backend helpers. */
export const BACKEND_ENTRIES: OpEntry[] = [
  { names: SAME_SHAPE, namespaces: ['keras.backend'], kind: 'op', params: ['x'], apply: sameShape },
  ...REDUCTIONS.map((n): OpEntry => ({ names: [n], namespaces: ['keras.backend'], kind: 'op', params: ['x', 'axis', 'keepdims'], apply: reduce(`K.${n}`) })),
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
