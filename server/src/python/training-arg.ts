/**
 * The `training` argument Keras gives a custom layer's `call` when the caller does not.
 *
 * - Keras 2 (tf.keras up to TF 2.15, tf_keras, standalone keras 2.x): `Layer.__call__` → `_set_training_mode`
 *   always passes it ("For case (2), (3), (4) `training` arg is passed by framework":
 *   keras-team/keras v2 keras/engine/base_layer.py `_set_training_mode`, `_set_call_arg_value`), so
 *   `def call(self, inputs, training)` runs.
 * - Keras 3: `Layer.__call__` first builds `CallSpec`, which runs `signature.bind(*args, **kwargs)`,
 *   and fills `training` only later and only when it has a value (keras/src/layers/layer.py
 *   `__call__` step 5, `_resolve_and_populate_arg`, class `CallSpec`): a required `training` the call
 *   does not pass is a TypeError.
 * `tf.keras` is Keras 3 from TF 2.16 and standalone `keras` from 3.0, so there it is a note unless
 * the file is certainly Keras 3 (an error, as Python's) or imports tf_keras (nothing).
 */
import { findMethod } from './calls.js';
import { certainlyKeras3 } from './dialect.js';
import type { Interp } from './interp.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import { UNKNOWN, type CallArgs, type ClassV, type Flavour, type InstanceV } from './values.js';

/** The file imports `tf_keras` (Keras 2 packaged for TF ≥ 2.16). */
const TF_KERAS = /^\s*(import\s+tf_keras\b|from\s+tf_keras\b)/m;

/** The Keras a class derives from: the flavour of its first Keras base (recursively). */
function flavourOf(cls: ClassV, seen = new Set<ClassV>()): Flavour | null {
  if (seen.has(cls)) return null;
  seen.add(cls);
  for (const b of cls.bases) {
    if (b.kind === 'opref' || b.kind === 'layer') return b.flavour;
    if (b.kind === 'class') {
      const f = flavourOf(b, seen);
      if (f) return f;
    }
  }
  return null;
}

/** The 0-based position of a `training` parameter without default in `call` (self included), or null. */
function requiredTrainingIndex(fnNode: PyNode): number | null {
  const params = field(fnNode, 'parameters');
  const list = params ? namedChildren(params) : [];
  for (const [i, p] of list.entries()) {
    const name = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? (namedChildren(p).find((c) => c.type === 'identifier') ?? null) : null;
    if (name && textOf(name) === 'training') return i;
    if (p.type === 'list_splat_pattern' || p.type === 'keyword_separator' || p.type === 'dictionary_splat_pattern') return null;
  }
  return null;
}

/**
 * `args` with `training` added where the framework passes it (an unknown bool); unless the file
 * imports tf_keras, also an information that Keras 3 would raise. Where Keras 3 is certain the
 * args stay as they are, so the missing argument is reported as Python would.
 */
export function withFrameworkTraining(it: Interp, inst: InstanceV, args: CallArgs, site: PyNode): CallArgs {
  if (args.opaque || args.keywords.has('training')) return args;
  const m = findMethod(inst.cls, 'call');
  if (!m || m.fn.kind !== 'function') return args;
  const index = requiredTrainingIndex(m.fn.node);
  // The index counts `self`; the call's positional arguments do not.
  if (index === null || args.positional.length >= index) return args;
  const flavour = flavourOf(inst.cls);
  if (flavour === null) return args;
  const text = inst.cls.node.src.text;
  if (flavour === 'keras' && certainlyKeras3(inst.cls.node.src)) return args;
  // tf_keras is Keras 2 always; `tf.keras` is Keras 3 from TF 2.16 on, standalone `keras` from 3.0.
  if (!TF_KERAS.test(text) && it.speculative === 0) {
    it.report({ severity: 'information', code: 'training-argument', message: `${inst.cls.name}.call() requires \`training\` and this call does not pass it: Keras 2 passes it, Keras 3 raises TypeError (missing a required argument: 'training')` }, site);
  }
  const keywords = new Map(args.keywords);
  keywords.set('training', { value: UNKNOWN, node: null });
  return { ...args, keywords };
}
