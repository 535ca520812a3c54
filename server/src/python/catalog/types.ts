/**
 * The shape of a catalog entry. One entry per framework op: the names it is exported under, where
 * (namespace), its positional parameters, and how it maps input shapes to output shapes (by calling
 * the engine). Adding a layer type means adding one entry to one of the catalog files.
 */
import type { Cost } from '../../engine/cost.js';
import type { Fix, Range, Severity, Windowing } from '../../analysis/types.js';
import type { PyNode } from '../syntax.js';
import type { Args } from './args.js';
import type { CallArgs, Flavour, TensorV, Value } from '../values.js';

/**
 * Canonical namespaces (import paths are normalised to these, see ../imports.ts):
 * `keras` (Input, Model, Sequential at top level), `keras.layers`, `keras.backend`,
 * `tf` (tensorflow / tf.compat.v1 / tf.math), `tf.linalg`, `tf.nn`, `tf.layers`, `tf.random`, `tf.image`,
 * `numpy`, `numpy.random`, `keras.ops` (Keras 3), `keras.utils` and `keras.preprocessing.sequence` (data
 * utilities), `keras.applications.models` (the per-model modules, `keras.applications.resnet50`, …),
 * `keras.initializers` (also `tf.initializers`),
 * and one per `keras.datasets` module.
 */
export type Namespace =
  | 'keras'
  | 'keras.layers'
  | 'keras.backend'
  | 'keras.ops'
  | 'keras.ops.image'
  | 'keras.utils'
  | 'keras.preprocessing.sequence'
  | 'keras.applications.imagenet_utils'
  | 'keras.applications.models'
  | 'keras.initializers'
  | `keras.datasets.${DatasetName}`
  | 'tf'
  | 'tf.nn'
  | 'tf.linalg'
  | 'tf.layers'
  | 'tf.random'
  | 'tf.image'
  | 'numpy'
  | 'numpy.random';

/** The `keras.datasets` modules whose `load_data()` the catalog knows (./numpy/datasets.ts). */
export type DatasetName = 'mnist' | 'fashion_mnist' | 'cifar10' | 'cifar100' | 'boston_housing' | 'imdb' | 'reuters';

export interface OpEntry {
  /** Every name the op is exported under in its namespaces (aliases included). */
  readonly names: readonly string[];
  readonly namespaces: readonly Namespace[];
  /**
   * `layer`: a class; calling it binds constructor arguments, calling the result applies it.
   * `op`: a function whose `inputs` parameters hold the input tensor(s).
   * `source`: a function that creates a tensor (Input, placeholder, zeros).
   * `sequential` / `model`: Keras model constructors (handled by ../models.ts).
   * `value`: any other function whose result is not a tensor (e.g. `K.image_data_format()`).
   */
  readonly kind: 'layer' | 'op' | 'source' | 'sequential' | 'model' | 'value';
  /** Positional parameter names (the constructor's for layers, the function's for ops). */
  readonly params: readonly string[];
  /** Keyword spellings accepted as another parameter (legacy Keras 1 names → Keras 2 names). */
  readonly aliases?: Readonly<Record<string, string>>;
  /** `op`: the parameters holding input tensors; the first is the main input. Default: the first parameter. */
  readonly inputs?: readonly string[];
  /** Layers: whether the call input is one tensor or a list of tensors (merge layers). */
  readonly takesList?: boolean;
  /**
   * Layers whose `call` takes several tensors by name (`MultiHeadAttention(query, value, key)`): the
   * parameter names of `call`, bound into `OpCall.callArgs`; the first is the main input.
   */
  readonly callParams?: readonly string[];
  /** The Keras releases that have the class, for docs/LAYERS.md, when not all of Keras 2, tf.keras and Keras 3 do. */
  readonly frameworks?: string;
  /** False for ops not worth a LayerResult of their own. */
  readonly record?: boolean;
  readonly apply: (call: OpCall) => OpResult;
}

export interface Report {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  /** Where to put the diagnostic; default: the whole call. */
  readonly node?: PyNode | null;
  readonly fixes?: readonly Fix[];
  /** Where the operands the message names were produced (default: the first input's origin). */
  readonly related?: readonly { readonly range: Range; readonly message: string }[];
}

/** How a call was written, for refactors that rewrite it (./refactor.ts). */
export interface CallSyntax {
  /** `layer`: a Keras layer object applied to a tensor; `op`: a function called on its inputs. */
  readonly kind: 'layer' | 'op';
  /** The callee as written where the arguments are bound (`layers.Conv2D`, `tf.nn.conv2d`). */
  readonly callee: string;
  /** The call that binds the arguments: a layer's constructor call, or the op call itself. */
  readonly ctor: PyNode;
  /** The main input's expression at the call, or null when it is not written there (Sequential). */
  readonly input: PyNode | null;
}

export interface OpCall {
  readonly args: Args;
  /** The main input: a tensor, or for list-taking layers the list; UNKNOWN for sources. */
  readonly input: Value;
  /** Every input tensor (for LayerResult.inputs). */
  readonly tensors: readonly TensorV[];
  /** The arguments of the layer call, bound to `OpEntry.callParams` (only for entries that have them). */
  readonly callArgs?: Args;
  readonly flavour: Flavour;
  readonly site: PyNode;
  readonly syntax: CallSyntax;
  readonly ctx: OpContext;
}

export interface OpContext {
  /** Keras major version assumed for standalone `keras` imports (decided per file, see ../dialect.ts). */
  readonly kerasVersion: 1 | 2;
  /** Inside a speculative run (a function analysed without a call site): shape-dependent checks stay quiet. */
  readonly speculative: boolean;
  readonly notes: boolean;
  /**
   * The image layout Keras' config gives where a layer states none (`data_format=None`, Keras 1
   * `dim_ordering='default'`): the setting, or the file's own `set_image_data_format(...)`.
   */
  channelsFirst(): boolean;
  /** `K.set_image_data_format(...)` / `K.set_image_dim_ordering(...)` run by the file. */
  setChannelsFirst(channelsFirst: boolean): void;
  report(r: Report): void;
  /** Interprets a Python callable (Lambda layers); UNKNOWN when it cannot. */
  callValue(fn: Value, args: CallArgs, site: PyNode): Value;
  /** What a dotted name (`layers.ZeroPadding2D`, `tf`) means at module level; UNKNOWN when unbound. */
  resolve(dotted: string): Value;
  /** A fresh name for a declared source's unknown size of a role (`H`, then `H2`: ../default-names.ts). */
  sizeName(role: string): string;
}

export interface OpResult {
  readonly output: Value;
  readonly windowing?: Windowing | null;
  readonly cost?: Cost;
  /** Refactors offered on this application (LayerResult.actions). */
  readonly actions?: readonly Fix[];
}
