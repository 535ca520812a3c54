/**
 * Keras 3 `keras.ops`: the NumPy-like functions are the twins made in ../numpy/ (same positional
 * order, keras/src/ops/numpy.py); here are the ones NumPy lacks (keras/src/ops/nn.py, core.py):
 * activations and `cast` keep the shape, `one_hot(x, num_classes, axis=-1)` adds the class axis,
 * `shape(x)` is the static shape as a tuple. Convolutions and pooling: ./nn.ts.
 */
import { NO_COST } from '../../../engine/cost.js';
import { shapeValue, toDim, UNKNOWN } from '../../values.js';
import { operandShape } from '../array-args.js';
import { oneHot } from '../array-rules.js';
import { fromRule, sameShape } from '../numpy/ops.js';
import { out } from '../shapes.js';
import type { OpEntry } from '../types.js';
import { NN_CONV_ENTRIES } from './nn.js';

const SAME_SHAPE = ['relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'log_softmax', 'gelu', 'silu', 'swish', 'elu', 'selu', 'leaky_relu', 'softplus', 'softsign', 'hard_sigmoid', 'cast', 'convert_to_tensor', 'stop_gradient', 'normalize'];

export const KERAS_OPS_ENTRIES: OpEntry[] = [
  ...NN_CONV_ENTRIES,
  { names: SAME_SHAPE, namespaces: ['keras.ops'], kind: 'op', params: ['x'], apply: sameShape },
  {
    names: ['one_hot'],
    namespaces: ['keras.ops'],
    kind: 'op',
    params: ['x', 'num_classes', 'axis', 'dtype', 'sparse'],
    apply: (call) => {
      const s = operandShape(call.input);
      const n = call.args.get('num_classes');
      const depth = n ? toDim(n) : undefined;
      const axis = call.args.int('axis', -1);
      if (!s || depth === undefined || axis === null) return { output: out(null, call), cost: NO_COST };
      return fromRule(call, 'invalid-parameter', 'keras.ops.one_hot', oneHot(s, depth, axis));
    },
  },
  {
    names: ['shape'],
    namespaces: ['keras.ops'],
    kind: 'value',
    params: ['x'],
    apply: (call) => {
      const s = operandShape(call.args.get('x'));
      return { output: s ? shapeValue(s) : UNKNOWN };
    },
  },
];
