/**
 * Tensor sources: `tf.placeholder`, `tf.zeros` and friends, constants and variables (NumPy's are in ../numpy/).
 */
import { literalShape } from '../array-args.js';
import { declaredShape, identity, sourceTensor } from '../common.js';
import { arange } from '../numpy/creation.js';
import type { OpEntry } from '../types.js';

export const SOURCE_ENTRIES: OpEntry[] = [
  // tensorflow/python/ops/math_ops.py `range(start, limit=None, delta=1)`: NumPy's arange rule.
  { names: ['range'], namespaces: ['tf'], kind: 'source', params: ['start', 'stop', 'step', 'dtype', 'name'], aliases: { limit: 'stop', delta: 'step' }, apply: arange },
  {
    names: ['placeholder'],
    namespaces: ['tf'],
    kind: 'source',
    params: ['dtype', 'shape', 'name'],
    apply: (call) => {
      if (call.args.isNone('shape')) return sourceTensor(call, null);
      const s = call.args.shape('shape');
      return sourceTensor(call, s ? declaredShape(s, call.ctx) : null);
    },
  },
  ...[
    { ns: 'tf' as const, names: ['zeros', 'ones', 'random_normal', 'random_uniform', 'truncated_normal', 'fill', 'empty'] },
    { ns: 'tf.random' as const, names: ['normal', 'uniform', 'truncated_normal', 'stateless_normal', 'stateless_uniform'] },
  ].map(
    ({ ns, names }): OpEntry => ({
      names,
      namespaces: [ns],
      kind: 'source',
      params: ['shape'],
      aliases: { dims: 'shape' },
      // The sizes are values the code computed (`(tf.shape(x)[0], 1, 1)`), not a `None` the user
      // declared as placeholder's are: one not known stays unknown, not a symbol of its own.
      apply: (call) => sourceTensor(call, call.args.shape('shape')),
    }),
  ),
  {
    names: ['zeros_like', 'ones_like'],
    namespaces: ['tf', 'numpy'],
    kind: 'op',
    params: ['input'],
    aliases: { tensor: 'input' },
    apply: (c) => identity(c),
  },
  {
    names: ['constant', 'convert_to_tensor'],
    namespaces: ['tf'],
    kind: 'source',
    params: ['value', 'dtype', 'shape', 'name'],
    record: false,
    apply: (call) => {
      const s = call.args.shape('shape');
      if (s) return sourceTensor(call, s);
      const v = call.args.get('value');
      if (v?.kind === 'tensor') return sourceTensor(call, v.shape);
      return sourceTensor(call, v ? literalShape(v) : null);
    },
  },
  {
    names: ['Variable'],
    namespaces: ['tf'],
    kind: 'source',
    params: ['initial_value'],
    record: false,
    apply: (call) => {
      const v = call.args.get('initial_value');
      if (v?.kind === 'tensor') return sourceTensor(call, v.shape);
      return sourceTensor(call, v ? literalShape(v) : null);
    },
  },
  {
    names: ['get_variable'],
    namespaces: ['tf'],
    kind: 'source',
    params: ['name', 'shape', 'dtype', 'initializer'],
    record: false,
    apply: (call) => sourceTensor(call, call.args.shape('shape')),
  },
];
