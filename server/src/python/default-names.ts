/**
 * The names Keras gives layers the code does not name (`Layer.__init__` → `_init_set_name` →
 * `backend.unique_object_name` / Keras 3 `auto_name`): the class name in snake case
 * (`to_snake_case`), numbered per prefix in construction order across the session. tf.keras 2.4+
 * and Keras 3 count from zero without a suffix (`conv2d`, `conv2d_1`); Keras 1 (`K.get_uid`) from
 * one (`convolution2d_1`), as does Keras 2.0–2.3 — so for standalone `keras` 2+, which may be 2.3 or
 * 3, the names are unknown. Once a layer is built in a run the interpreter may repeat or skip (a
 * loop's first pass, a function analysed without a call site), later numbers are unknown too.
 */
import type { SizeNames } from './catalog/common.js';
import { KERAS1_ALIASES } from './dialect.js';
import type { Interp } from './interp.js';
import type { Flavour } from './values.js';

/** Keras' `to_snake_case`: `Conv2DTranspose` → `conv2d_transpose`, `MultiHeadAttention` → `multi_head_attention`. */
export function snakeCase(cls: string): string {
  return cls
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Keras 2+ aliases whose layers carry the class's own name (`MaxPool2D` is `MaxPooling2D`). */
function kerasClass(name: string): string {
  return name
    .replace(/^(Global)?MaxPool(\dD)$/, '$1MaxPooling$2')
    .replace(/^(Global)?AvgPool(\dD)$/, '$1AveragePooling$2')
    .replace(/^Convolution(\dD)$/, 'Conv$1')
    .replace(/^(?:Convolution(\dD)Transpose|Deconv(\dD)|Deconvolution(3D))$/, (_m, a?: string, b?: string, c?: string) => `Conv${a ?? b ?? c}Transpose`)
    .replace(/^SeparableConvolution(\dD)$/, 'SeparableConv$1');
}

/** Keras 2+'s name prefix of a class, made once per class name (a model constructs hundreds of layers). */
function kerasPrefix(cls: string): string {
  let prefix = PREFIXES.get(cls);
  if (prefix === undefined) PREFIXES.set(cls, (prefix = snakeCase(kerasClass(cls))));
  return prefix;
}

const PREFIXES = new Map<string, string>();

/** The default name of a layer of class `cls` constructed now, or null when it cannot be known. */
export function defaultLayerName(it: Interp, cls: string, flavour: Flavour): string | null {
  const c = it.layerNames;
  if (it.mute > 0 || it.speculative > 0) c.lost = true;
  const keras1 = flavour === 'keras' && it.kerasVersion === 1;
  if (c.lost || (flavour !== 'tf.keras' && !keras1)) return null;
  // Keras 1 names a layer by its class lowercased (topology.py Layer.__init__ at 1.2.2:
  // `self.__class__.__name__.lower()`, so `maxpooling2d_1`); `Conv2D` is Convolution2D's alias there (./dialect.ts).
  const prefix = keras1 ? (KERAS1_ALIASES[cls] ?? cls).toLowerCase() : kerasPrefix(cls);
  const n = c.get(prefix);
  c.set(prefix, n + 1);
  if (keras1) return `${prefix}_${n + 1}`;
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/**
 * The name of a declared source's unknown size of `role` (`H`, `L`, …: ./catalog/common.ts
 * `declaredShape`). Keras gives every `None` of every `Input` its own unknown size, so two sources
 * never share a name (`Concatenate(axis=1)` of two `(None, 8)` inputs is `L + L2`, not `2*L`). The
 * first source keeps the bare role, so a file with one input reads as before; later ones are numbered
 * from 2, like Keras' `input_2`. Counted per role: a sequence's `L` after an image's `H, W` is still
 * `L`. The count sits in `layerNames` under a key no layer prefix has (it holds a space), so
 * the memo, the statement cache and the kept entry points check and replay it with the default-name
 * counts.
 */
export function declaredSizeName(it: Interp, role: string): string {
  const key = `size ${role}`;
  const n = it.layerNames.get(key);
  it.layerNames.set(key, n + 1);
  return n === 0 ? role : `${role}${n + 1}`;
}

/** `declaredSizeName` for a shape the interpreter declares itself (a Sequential's `input_shape`, `model.build(shape)`). */
export function sizeNamesOf(it: Interp): SizeNames {
  return { sizeName: (role) => declaredSizeName(it, role) };
}
