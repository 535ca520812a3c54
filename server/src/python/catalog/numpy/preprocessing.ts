/**
 * Keras' NumPy data utilities:
 * - `to_categorical(y, num_classes)` (keras/utils/np_utils.py at 2.1.6, keras/src/utils/
 *   numerical_utils.py): y's shape with a trailing 1 dropped, plus `num_classes` (unknown without
 *   it: it is then max(y) + 1). Keras 1 (np_utils.py at 1.2.2) ravels y first: (y.size, nb_classes).
 * - `pad_sequences(sequences, maxlen)` (keras/preprocessing/sequence.py): (len(sequences), maxlen);
 *   without `maxlen` the longest sequence decides (unknown).
 */
import { NO_COST } from '../../../engine/cost.js';
import { productOf } from '../../../engine/dim.js';
import { toDim } from '../../values.js';
import { operandShape } from '../array-args.js';
import { out } from '../shapes.js';
import type { OpEntry } from '../types.js';

export const PREPROCESSING_ENTRIES: OpEntry[] = [
  {
    names: ['to_categorical'],
    namespaces: ['keras.utils'],
    kind: 'op',
    params: ['y', 'num_classes', 'dtype'],
    aliases: { nb_classes: 'num_classes', x: 'y' },
    record: false,
    apply: (call) => {
      const s = operandShape(call.input);
      const n = call.args.get('num_classes');
      const classes = n && n.kind !== 'none' ? toDim(n) : null;
      if (!s || classes === undefined || (typeof classes === 'number' && classes < 0)) return { output: out(null, call), cost: NO_COST };
      const base = s.length > 1 && s[s.length - 1] === 1 ? s.slice(0, -1) : s;
      // Keras 1 ravels y first: one row per entry of y, whatever its shape.
      return { output: out(call.ctx.kerasVersion === 1 ? [productOf(s), classes] : [...base, classes], call), cost: NO_COST };
    },
  },
  {
    names: ['pad_sequences'],
    namespaces: ['keras.preprocessing.sequence', 'keras.utils'],
    kind: 'op',
    params: ['sequences', 'maxlen', 'dtype', 'padding', 'truncating', 'value'],
    record: false,
    apply: (call) => {
      const s = operandShape(call.input);
      const m = call.args.get('maxlen');
      const maxlen = m && m.kind !== 'none' ? toDim(m) : null;
      const ok = s && s.length >= 1 && maxlen !== undefined && !(typeof maxlen === 'number' && maxlen < 0);
      return { output: out(ok ? [s[0]!, maxlen] : null, call), cost: NO_COST };
    },
  },
];
