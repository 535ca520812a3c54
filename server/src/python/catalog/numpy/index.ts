/**
 * NumPy (`numpy`, `numpy.random`): arrays of known shapes (./creation.ts), manipulation
 * (./manipulation.ts) and math (./math.ts), with the `keras.ops` twins of the functions Keras 3
 * copies from NumPy, and the `keras.datasets` loaders (./datasets.ts). Methods of arrays
 * (`x.reshape`, `x.astype`) are in ../../tensor-methods.ts.
 */
import type { OpEntry } from '../types.js';
import { CREATION_ENTRIES } from './creation.js';
import { DATASET_ENTRIES } from './datasets.js';
import { MANIPULATION_ENTRIES } from './manipulation.js';
import { MATH_ENTRIES } from './math.js';

export const NUMPY_ENTRIES: OpEntry[] = [...CREATION_ENTRIES, ...MANIPULATION_ENTRIES, ...MATH_ENTRIES, ...DATASET_ENTRIES];
