/**
 * Keras 2/3 and tf.keras layers, one file per family as `keras/src/layers/` groups them (also reached
 * as `tf.layers.*` classes and, through ../tf/layers-functions.ts, as the functional `tf.layers.*`
 * ops). Keras 1 spellings Keras 2 still accepts are aliases (LEGACY); Keras 1-only classes are in
 * ../keras1.ts. Rules: SHAPE_SEMANTICS §3 (Keras 2/3, tf.keras), §2.6 (shared Keras 1 layers).
 */
import type { OpEntry } from '../types.js';
import { APPLICATIONS_ENTRIES } from './applications.js';
import { ATTENTION_ENTRIES } from './attention.js';
import { AUDIO_ENTRIES } from './audio.js';
import { BACKEND_ENTRIES } from './backend.js';
import { CONV_ENTRIES } from './conv.js';
import { CORE_ENTRIES } from './core.js';
import { EINSUM_DENSE_ENTRIES } from './einsum-dense.js';
import { INITIALIZER_ENTRIES } from './initializers.js';
import { LOCALLY_CONNECTED_ENTRIES } from './locally-connected.js';
import { MERGING_ENTRIES } from './merging.js';
import { NORMALIZATION_ENTRIES } from './normalization.js';
import { POOLING_ENTRIES } from './pooling.js';
import { PREPROCESSING_ENTRIES } from './preprocessing.js';
import { RECURRENT_ENTRIES } from './recurrent.js';
import { RESHAPING_ENTRIES } from './reshaping.js';

/** The families, named for their file (docs/LAYERS.md groups its table by them). */
export const KERAS_FAMILIES: readonly { readonly family: string; readonly entries: readonly OpEntry[] }[] = [
  { family: 'core', entries: CORE_ENTRIES },
  { family: 'einsum-dense', entries: EINSUM_DENSE_ENTRIES },
  { family: 'attention', entries: ATTENTION_ENTRIES },
  { family: 'conv', entries: CONV_ENTRIES },
  { family: 'locally-connected', entries: LOCALLY_CONNECTED_ENTRIES },
  { family: 'pooling', entries: POOLING_ENTRIES },
  { family: 'reshaping', entries: RESHAPING_ENTRIES },
  { family: 'recurrent', entries: RECURRENT_ENTRIES },
  { family: 'normalization', entries: NORMALIZATION_ENTRIES },
  { family: 'merging', entries: MERGING_ENTRIES },
  { family: 'preprocessing', entries: PREPROCESSING_ENTRIES },
  { family: 'audio', entries: AUDIO_ENTRIES },
  { family: 'backend', entries: BACKEND_ENTRIES },
  { family: 'applications', entries: APPLICATIONS_ENTRIES },
  { family: 'initializers', entries: INITIALIZER_ENTRIES },
];

export const KERAS_ENTRIES: OpEntry[] = KERAS_FAMILIES.flatMap((f) => f.entries);
