/**
 * Import handling. A module is only a dotted path; attribute access on it either finds a catalog
 * entry (`tf.nn.conv2d`, `layers.Conv2D`) or yields a deeper module path. Nothing is ever imported.
 * Aliases are normalised: `tensorflow.compat.v1` → `tensorflow`, `tensorflow.python.keras` and
 * `tf_keras` → `tensorflow.keras`, `keras.src` → `keras`.
 */
import { lookupOp, type Namespace } from './catalog/index.js';
import { DATASET_NAMES } from './catalog/numpy/datasets.js';
import type { DatasetName } from './catalog/types.js';
import { UNKNOWN, type Flavour, type Value } from './values.js';

export function normalizePath(path: string): string {
  return path
    .replace(/^tensorflow\.compat\.v[12](?=\.|$)/, 'tensorflow')
    .replace(/^tensorflow\.python\.keras(?=\.|$)/, 'tensorflow.keras')
    .replace(/^tensorflow\.python\.layers(?=\.|$)/, 'tensorflow.layers')
    .replace(/^tf_keras(?=\.|$)/, 'tensorflow.keras')
    .replace(/^tensorflow\.contrib\.keras(\.python\.keras)?(?=\.|$)/, 'tensorflow.keras')
    .replace(/^(tensorflow\.)?keras\.src(?=\.|$)/, '$1keras')
    .replace(/^(tensorflow\.)?keras\.api\._v[12]\.keras(?=\.|$)/, 'tensorflow.keras');
}

/** The catalog namespace a module path exports, or null. */
export function namespaceOf(path: string): Namespace | null {
  const p = normalizePath(path);
  if (/^(tensorflow\.)?keras\.layers(\.|$)/.test(p)) return 'keras.layers';
  if (/^(tensorflow\.)?keras\.backend$/.test(p)) return 'keras.backend';
  if (/^(tensorflow\.)?keras(\.models|\.engine(\.\w+)?)?$/.test(p)) return 'keras';
  if (/^(tensorflow\.)?keras\.ops(\.numpy|\.nn|\.core|\.math)?$/.test(p)) return 'keras.ops';
  if (/^(tensorflow\.)?keras\.utils(\.np_utils)?$/.test(p)) return 'keras.utils';
  if (/^(tensorflow\.)?keras\.preprocessing\.sequence$/.test(p)) return 'keras.preprocessing.sequence';
  const dataset = /^(tensorflow\.)?keras\.datasets\.(\w+)$/.exec(p)?.[2];
  if (dataset && (DATASET_NAMES as string[]).includes(dataset)) return `keras.datasets.${dataset as DatasetName}`;
  if (p === 'tensorflow' || p === 'tensorflow.math') return 'tf';
  if (p === 'tensorflow.linalg') return 'tf.linalg';
  if (p === 'tensorflow.nn') return 'tf.nn';
  if (p === 'tensorflow.layers') return 'tf.layers';
  if (p === 'tensorflow.random') return 'tf.random';
  if (p === 'tensorflow.image') return 'tf.image';
  if (p === 'numpy') return 'numpy';
  if (p === 'numpy.random') return 'numpy.random';
  return null;
}

export function flavourOf(path: string): Flavour {
  const p = normalizePath(path);
  if (p.startsWith('tensorflow.keras')) return 'tf.keras';
  if (p === 'keras' || p.startsWith('keras.')) return 'keras';
  return 'tf';
}

const attrCache = new Map<string, Value>();

/** `module.attr`: a catalog entry, or a deeper module (cached: values of these kinds are immutable). */
export function moduleAttr(path: string, attr: string): Value {
  const key = `${path}\u0000${attr}`;
  let v = attrCache.get(key);
  if (v === undefined) {
    v = resolveAttr(path, attr);
    if (attrCache.size < 10_000) attrCache.set(key, v);
  }
  return v;
}

function resolveAttr(path: string, attr: string): Value {
  const ns = namespaceOf(path);
  if (ns) {
    const entry = lookupOp(ns, attr);
    if (entry) return { kind: 'opref', entry, flavour: flavourOf(path) };
    // `keras.Input`, `keras.layers.Input`: Keras re-exports layers at the top level too.
    if (ns === 'keras') {
      const layer = lookupOp('keras.layers', attr);
      if (layer) return { kind: 'opref', entry: layer, flavour: flavourOf(path) };
    }
  }
  if (/^[A-Za-z_]\w*$/.test(attr)) return { kind: 'module', path: `${path}.${attr}` };
  return UNKNOWN;
}

/** Is this (normalised) module one whose names we may resolve on a star import? */
export function isFrameworkModule(path: string): boolean {
  return namespaceOf(path) !== null;
}
