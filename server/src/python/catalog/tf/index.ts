/**
 * TensorFlow ops: `tf.nn.*` (./nn.ts), `tf.*` array ops (./array.ts), tensor sources (./sources.ts),
 * `tf.image.*` (./image.ts) and the functional `tf.layers.*` ops (./layers-functions.ts), which are the
 * Keras layers of ../keras/ with `inputs` first. Rules: SHAPE_SEMANTICS §1.
 */
import type { OpEntry } from '../types.js';
import { ARRAY_ENTRIES } from './array.js';
import { IMAGE_ENTRIES } from './image.js';
import { tfLayersFunctions } from './layers-functions.js';
import { NN_ENTRIES } from './nn.js';
import { SOURCE_ENTRIES } from './sources.js';

export { TF_LAYER_CLASSES } from './layers-functions.js';

export const TF_ENTRIES: OpEntry[] = [...NN_ENTRIES, ...ARRAY_ENTRIES, ...SOURCE_ENTRIES, ...IMAGE_ENTRIES, ...tfLayersFunctions()];
