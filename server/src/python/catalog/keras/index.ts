/**
 * Keras 2/3 and tf.keras layers, one file per family as `keras/src/layers/` groups them (also reached
 * as `tf.layers.*` classes and, through ../tf/layers-functions.ts, as the functional `tf.layers.*`
 * ops). Keras 1 spellings Keras 2 still accepts are aliases (LEGACY); Keras 1-only classes are in
 * ../keras1.ts. Rules: SHAPE_SEMANTICS §3 (Keras 2/3, tf.keras), §2.6 (shared Keras 1 layers).
 */
import type { OpEntry } from '../types.js';
import { BACKEND_ENTRIES } from './backend.js';
import { CONV_ENTRIES } from './conv.js';
import { CORE_ENTRIES } from './core.js';
import { MERGING_ENTRIES } from './merging.js';
import { NORMALIZATION_ENTRIES } from './normalization.js';
import { POOLING_ENTRIES } from './pooling.js';
import { RECURRENT_ENTRIES } from './recurrent.js';
import { RESHAPING_ENTRIES } from './reshaping.js';

export const KERAS_ENTRIES: OpEntry[] = [
  ...CORE_ENTRIES,
  ...CONV_ENTRIES,
  ...POOLING_ENTRIES,
  ...RESHAPING_ENTRIES,
  ...RECURRENT_ENTRIES,
  ...NORMALIZATION_ENTRIES,
  ...MERGING_ENTRIES,
  ...BACKEND_ENTRIES,
];
