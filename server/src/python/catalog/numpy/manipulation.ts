/**
 * NumPy array manipulation (numpy.reshape, expand_dims, squeeze, transpose, concatenate, stack,
 * tile, take, split, ravel, pad) and their `keras.ops` twins, which keep NumPy's positional order
 * (keras/src/ops/numpy.py). Rules: ./ops.ts.
 */
import type { OpEntry } from '../types.js';
import { concatenate, expandDims, pad, ravel, reshape, split, squeeze, stack, take, tile, transpose, twins } from './ops.js';

/** NumPy's and keras.ops' spellings of the main array argument. */
const ARRAY = { a: 'x', arr: 'x', ary: 'x', A: 'x', arrays: 'x', xs: 'x', tup: 'x' };

export const MANIPULATION_ENTRIES: OpEntry[] = [
  ...twins({ names: ['reshape'], params: ['x', 'newshape', 'order'], aliases: ARRAY, apply: reshape('reshape') }),
  ...twins({ names: ['expand_dims'], params: ['x', 'axis'], aliases: ARRAY, apply: expandDims('expand_dims') }),
  ...twins({ names: ['squeeze'], params: ['x', 'axis'], aliases: ARRAY, apply: squeeze('squeeze') }),
  ...twins({ names: ['transpose'], params: ['x', 'axes'], aliases: ARRAY, apply: transpose('transpose') }),
  ...twins({ names: ['concatenate'], params: ['x', 'axis'], aliases: ARRAY, apply: concatenate('concatenate') }),
  ...twins({ names: ['stack'], params: ['x', 'axis'], aliases: ARRAY, apply: stack('stack') }),
  ...twins({ names: ['tile'], params: ['x', 'reps'], aliases: { ...ARRAY, repeats: 'reps' }, apply: tile }),
  ...twins({ names: ['take'], params: ['x', 'indices', 'axis'], aliases: ARRAY, apply: take('take') }),
  ...twins({ names: ['split'], params: ['x', 'indices_or_sections', 'axis'], aliases: ARRAY, apply: split('split') }),
  ...twins({ names: ['ravel'], params: ['x'], aliases: ARRAY, apply: ravel }),
  ...twins({ names: ['pad'], params: ['x', 'pad_width', 'mode'], aliases: { ...ARRAY, array: 'x' }, apply: pad }),
];
