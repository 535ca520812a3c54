/**
 * Keras 2/3 and tf.keras recurrent layers. Rules: keras/src/layers/rnn/*.py.
 */
import { LEGACY } from '../common.js';
import { out } from '../shapes.js';
import { countArg } from '../sizes.js';
import type { OpEntry } from '../types.js';

export const RECURRENT_ENTRIES: OpEntry[] = [
  ...['LSTM', 'GRU', 'SimpleRNN'].map(
    (n): OpEntry => ({
      names: [n],
      namespaces: ['keras.layers'],
      kind: 'layer',
      params: ['units'],
      aliases: LEGACY,
      apply: (call) => {
        const t = call.input;
        const units = countArg(call, 'units', 'count', n);
        const seq = call.args.bool('return_sequences', false);
        if (t.kind !== 'tensor' || !t.shape || t.shape.length !== 3 || seq === null) return { output: out(null, call), cost: { params: null, macs: null } };
        return { output: out(seq ? [t.shape[0]!, t.shape[1]!, units] : [t.shape[0]!, units], call), cost: { params: null, macs: null } };
      },
    }),
  ),
];
