/**
 * NumPy (`numpy`, `numpy.random`): arrays of known shapes (./creation.ts), manipulation
 * (./manipulation.ts) and math (./math.ts), with the `keras.ops` twins of the functions Keras 3
 * copies from NumPy, the `keras.datasets` loaders (./datasets.ts) and Keras' data utilities
 * (`to_categorical`, `pad_sequences`: ./preprocessing.ts). Methods of arrays
 * (`x.reshape`, `x.astype`) are in ../../tensor-methods.ts.
 */
import type { OpEntry } from '../types.js';
import { CREATION_ENTRIES } from './creation.js';
import { DATASET_ENTRIES } from './datasets.js';
import { MANIPULATION_ENTRIES } from './manipulation.js';
import { MATH_ENTRIES } from './math.js';
import { PREPROCESSING_ENTRIES } from './preprocessing.js';

export const NUMPY_ENTRIES: OpEntry[] = [...CREATION_ENTRIES, ...MANIPULATION_ENTRIES, ...MATH_ENTRIES, ...DATASET_ENTRIES, ...PREPROCESSING_ENTRIES];
