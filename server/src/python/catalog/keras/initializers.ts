/**
 * Weight initializers: Keras' classes (`keras.initializers.GlorotUniform()`, Keras 3
 * keras/src/initializers/__init__.py, tf.keras 2 keras/initializers/__init__.py, with their
 * snake-case aliases) and TF's (`tf.random_normal_initializer()`, tensorflow/python/ops/init_ops_v2.py).
 * Each makes an object whose call `init(shape, dtype=None)` returns a tensor of that shape: custom
 * layers write `self.w = tf.Variable(initial_value=w_init(shape=(d, units)))` (Keras' guide "Making
 * new layers and models via subclassing"), and ../../custom-layers.ts counts that variable.
 */
import { builtin } from '../../builtin-fn.js';
import { tensor, toShape, UNKNOWN } from '../../values.js';
import type { OpEntry } from '../types.js';

/** Keras 3's exported initializer classes and their aliases (`Identity` left out: a layer of that name exists). */
const KERAS_INITIALIZERS = [
  'Constant', 'constant', 'Ones', 'ones', 'Zeros', 'zeros', 'GlorotNormal', 'glorot_normal', 'GlorotUniform', 'glorot_uniform',
  'HeNormal', 'he_normal', 'HeUniform', 'he_uniform', 'LecunNormal', 'lecun_normal', 'LecunUniform', 'lecun_uniform',
  'Orthogonal', 'OrthogonalInitializer', 'orthogonal', 'RandomNormal', 'random_normal', 'RandomUniform', 'random_uniform',
  'TruncatedNormal', 'truncated_normal', 'VarianceScaling', 'variance_scaling',
];

/** TF 2's initializer classes at the top level (`tf.random_normal_initializer`, …). */
const TF_INITIALIZERS = [
  'constant_initializer', 'ones_initializer', 'zeros_initializer', 'random_normal_initializer', 'random_uniform_initializer',
  'truncated_normal_initializer', 'variance_scaling_initializer', 'glorot_uniform_initializer', 'glorot_normal_initializer',
  'orthogonal_initializer',
];

/** The initializer object: called with a shape, a tensor of that shape (unknown when the shape is). */
const initializer: OpEntry['apply'] = (call) => ({
  output: builtin(call.syntax.callee, (args) => {
    const shape = args.keywords.get('shape')?.value ?? args.positional[0]?.value;
    const dims = shape ? toShape(shape) : null;
    return dims ? tensor(dims) : UNKNOWN;
  }),
});

export const INITIALIZER_ENTRIES: OpEntry[] = [
  { names: KERAS_INITIALIZERS, namespaces: ['keras.initializers'], kind: 'value', params: [], apply: initializer },
  { names: TF_INITIALIZERS, namespaces: ['tf'], kind: 'value', params: [], apply: initializer },
];
