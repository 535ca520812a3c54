/**
 * TensorFlow ops: `tf.nn.*` (./nn.ts), its losses (./losses.ts), `tf.*` array ops (./array.ts),
 * matmul/tensordot/einsum (./linalg.ts), gather/one_hot/split/unstack (./indexing.ts), tensor
 * sources (./sources.ts), `tf.image.*` (./image.ts) and the functional `tf.layers.*` ops
 * (./layers-functions.ts), which are the Keras layers of ../keras/ with `inputs` first.
 * Rules: SHAPE_SEMANTICS §1 and ../array-rules.ts.
 */
import type { OpEntry } from '../types.js';
import { ARRAY_ENTRIES } from './array.js';
import { IMAGE_ENTRIES } from './image.js';
import { INDEXING_ENTRIES } from './indexing.js';
import { tfLayersFunctions } from './layers-functions.js';
import { LINALG_ENTRIES } from './linalg.js';
import { LOSS_ENTRIES } from './losses.js';
import { NN_ENTRIES } from './nn.js';
import { SOURCE_ENTRIES } from './sources.js';

export { TF_LAYER_CLASSES } from './layers-functions.js';

export const TF_ENTRIES: OpEntry[] = [...NN_ENTRIES, ...LOSS_ENTRIES, ...ARRAY_ENTRIES, ...LINALG_ENTRIES, ...INDEXING_ENTRIES, ...SOURCE_ENTRIES, ...IMAGE_ENTRIES, ...tfLayersFunctions()];
