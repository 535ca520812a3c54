/**
 * Keras 2/3 and tf.keras merging layers and their functional forms. Rules: keras/src/layers/merging/*.py.
 */
import { concat, elementwise } from '../common.js';
import type { OpEntry } from '../types.js';

function mergeEntries(cls: string, fn: string): OpEntry[] {
  return [
    { names: [cls], namespaces: ['keras.layers'], kind: 'layer', params: [], takesList: true, apply: (call) => elementwise(call, cls, call.input, false) },
    { names: [fn], namespaces: ['keras.layers'], kind: 'op', params: ['inputs'], inputs: ['inputs'], apply: (call) => elementwise(call, fn, call.input, false) },
  ];
}

export const MERGING_ENTRIES: OpEntry[] = [
  {
    names: ['Concatenate'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['axis'],
    takesList: true,
    apply: (call) => concat(call, 'Concatenate', call.input, call.args.int('axis', -1)),
  },
  {
    names: ['concatenate'],
    namespaces: ['keras.layers'],
    kind: 'op',
    params: ['inputs', 'axis'],
    inputs: ['inputs'],
    apply: (call) => concat(call, 'concatenate', call.input, call.args.int('axis', -1)),
  },
  ...mergeEntries('Add', 'add'),
  ...mergeEntries('Subtract', 'subtract'),
  ...mergeEntries('Multiply', 'multiply'),
  ...mergeEntries('Average', 'average'),
  ...mergeEntries('Maximum', 'maximum'),
  ...mergeEntries('Minimum', 'minimum'),
];
