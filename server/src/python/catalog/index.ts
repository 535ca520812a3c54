/**
 * The catalog: every framework op the interpreter knows, looked up by namespace and name.
 * Entries live in ./keras/ (Keras 2/3, tf.keras, tf.layers classes, Keras backend; a file per
 * family), ./keras1.ts (Keras 1 signatures), ./keras1-layers.ts (Keras 1's own classes), ./tf/ (tf.nn, tf, tf.image, sources, the functional
 * tf.layers ops), ./numpy/ (NumPy, the keras.ops twins, keras.datasets) and ./keras-ops/ (the rest of
 * keras.ops).
 */
import { KERAS_ENTRIES } from './keras/index.js';
import { ambiguousLegacy, KERAS1_ENTRIES, keras1Reading } from './keras1.js';
import { KERAS1_LAYER_ENTRIES } from './keras1-layers.js';
import { KERAS_OPS_ENTRIES } from './keras-ops/index.js';
import { NUMPY_ENTRIES } from './numpy/index.js';
import { TF_ENTRIES, TF_LAYER_CLASSES } from './tf/index.js';
import type { Namespace, OpEntry } from './types.js';
import type { CallArgs, OpRefV } from '../values.js';

const TABLE = new Map<Namespace, Map<string, OpEntry>>();

function register(ns: Namespace, name: string, entry: OpEntry): void {
  let m = TABLE.get(ns);
  if (!m) TABLE.set(ns, (m = new Map()));
  m.set(name, entry);
}

for (const e of [...KERAS_ENTRIES, ...KERAS1_ENTRIES, ...KERAS1_LAYER_ENTRIES, ...TF_ENTRIES, ...NUMPY_ENTRIES, ...KERAS_OPS_ENTRIES]) {
  for (const ns of e.namespaces) for (const n of e.names) register(ns, n, e);
  if (e.namespaces.includes('keras.layers')) for (const n of e.names) if (TF_LAYER_CLASSES.has(n)) register('tf.layers', n, e);
}

export function lookupOp(ns: Namespace, name: string): OpEntry | undefined {
  return TABLE.get(ns)?.get(name);
}

/**
 * The entry a call of `ref` binds its arguments to: the catalog's, except a Keras 1 alias called
 * from standalone `keras` where Keras 1's signature applies (./keras1.ts `keras1Reading`). Decided
 * per call, not cached with the name: the same module attribute means another class in another file.
 */
export function entryFor(ref: OpRefV, args: CallArgs, kerasVersion: 1 | 2, keras3: boolean): OpEntry {
  if (ref.flavour !== 'keras' || !ref.entry.namespaces.includes('keras.layers')) return ref.entry;
  const k1 = ref.entry.names.length === 1 ? keras1Reading(ref.entry.names[0]!, args, kerasVersion, keras3) : null;
  if (k1 === 'ambiguous') return ambiguousLegacy(ref.entry);
  return (k1 !== null && lookupOp('keras.layers', k1)) || ref.entry;
}

export type { Namespace, OpEntry };
