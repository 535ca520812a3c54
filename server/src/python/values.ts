/**
 * The abstract values the interpreter computes. Nothing here is ever executed: a tensor is only a
 * shape, a layer is a catalog entry plus its bound arguments, and anything the interpreter does not
 * understand is `unknown`, which stays unknown through every operation.
 */
import { dimsEqual, isKnown, sym, type Dim } from '../engine/dim.js';
import type { Range, Shape } from '../analysis/types.js';
import type { PyNode, SourceText } from './syntax.js';
import type { Scope } from './env.js';
import type { OpEntry } from './catalog/types.js';
import type { Args } from './catalog/args.js';

/** Which Keras a name came from: standalone `keras` (version decided per file) or `tf.keras`; `tf` for tf.layers/tf.nn/tf. */
export type Flavour = 'keras' | 'tf.keras' | 'tf';

/** Where a tensor was produced (for "related" locations in diagnostics). */
export interface Origin {
  readonly range: Range;
  readonly label: string;
  /** The text `range` is in (an imported file's, or the document's). */
  readonly src?: SourceText;
}

export interface NumV { readonly kind: 'num'; readonly value: number; readonly float: boolean }
export interface StrV { readonly kind: 'str'; readonly value: string }
export interface BoolV { readonly kind: 'bool'; readonly value: boolean }
export interface NoneV { readonly kind: 'none' }
export interface SeqV { readonly kind: 'tuple' | 'list'; readonly items: Value[] }
/**
 * A list of unknown length (a loop of unknown length appended to it: ./statements.ts), each item
 * like `item` (the join of every value it may hold). Appending to it joins into `item`.
 */
export interface ListOfV { readonly kind: 'listof'; item: Value }
export interface DictV {
  readonly kind: 'dict';
  readonly entries: Map<string, { key: Value; value: Value }>;
  /** It may hold entries `entries` lacks (`d[k] = v` with a key not modelled): a lookup by an unknown key is unknown. */
  incomplete?: true;
}
/** A size that is symbolic (or a batch size that is unknown); known sizes are plain numbers. */
export interface DimV {
  readonly kind: 'dim';
  readonly dim: Dim;
  /** Read from a tensor's static shape (`K.int_shape(x)`, `x.shape`): there Keras sees `None`. */
  readonly fromShape?: true;
}
export interface TensorV {
  readonly kind: 'tensor';
  readonly shape: Shape | null;
  readonly origin: Origin | null;
  /** Its sizes rest on a shape made up for an input of unknown shape (never a reason for a warning). */
  readonly assumed?: true;
  /** When the rank is unknown (`shape` null): the last sizes that are known, `(…, 10)` (analysis/types.ts Tensor.tail). */
  readonly tail?: Shape;
  /**
   * An entry point's parameter with no default (./entry-points.ts), or arithmetic on one: a tensor
   * of unknown shape where a layer takes it as input, this symbolic size (`filters`, `2*filters`)
   * where code reads it as a size (toDim).
   */
  readonly asSize?: Dim;
}
/** A Keras layer object: constructed, not yet (or repeatedly) applied. */
export interface LayerV {
  readonly kind: 'layer';
  readonly entry: OpEntry;
  readonly args: Args;
  readonly flavour: Flavour;
  /** The callee as written at construction (`layers.Conv2D`). */
  readonly callee: string;
  readonly ctor: PyNode;
  readonly name: string | null;
  /** `name` is the one Keras gives by default (../default-names.ts), not the code's `name=`. */
  readonly defaultName?: true;
}
/** A catalog class or function before it is called (`layers.Conv2D`, `tf.nn.conv2d`). */
export interface OpRefV { readonly kind: 'opref'; readonly entry: OpEntry; readonly flavour: Flavour }
/** A module: a dotted path into the catalog, or (with `scope`) a file the program imports, run once. */
export interface ModuleV { readonly kind: 'module'; readonly path: string; readonly file?: string; readonly scope?: Scope }
export interface FuncV {
  readonly kind: 'function';
  readonly node: PyNode;
  readonly closure: Scope;
  readonly name: string;
  readonly self: Value | null;
}
/**
 * One of a few user functions, by a decision the analysis could not make (`if bottleneck:
 * self.block_fn = a` / `else: … = b`): a call runs each, as both paths of the decision run
 * (../conditionals.ts callEither). Never `is` a given function: which one it is is unknown.
 */
export interface EitherV { readonly kind: 'either'; readonly options: readonly FuncV[] }
export interface ClassV {
  readonly kind: 'class';
  readonly node: PyNode;
  readonly name: string;
  readonly attrs: Map<string, Value>;
  readonly bases: Value[];
  /** Subclasses keras Model/Layer: calling an instance runs `call`. */
  readonly keras: boolean;
}
/** An object of a user class; `node`: the call that constructed it (where a Sequential shows its row). */
export interface InstanceV { readonly kind: 'instance'; readonly cls: ClassV; readonly attrs: Map<string, Value>; readonly node?: PyNode }
/** A Keras Sequential or functional Model. */
export interface ModelV {
  readonly kind: 'model';
  readonly sequential: boolean;
  readonly layers: LayerV[];
  /** Sequential: the output so far (null until an input shape is known). Functional: the outputs. */
  output: Value | null;
  /** Functional: the inputs. */
  inputs: Value | null;
  /** Sequential layers (or models used as layers) not yet applied because no input shape is known yet. */
  readonly pending: { layer: LayerV | ModelV | InstanceV; site: PyNode }[];
  node: PyNode;
}
export interface BuiltinV {
  readonly kind: 'builtin';
  readonly name: string;
  /** The builtin is the Python type of that name (`list`, `int`, …): what `type(x)` returns and `is` compares. */
  readonly pyType?: string;
  readonly call: (args: CallArgs, site: PyNode) => Value;
}
export interface UnknownV { readonly kind: 'unknown' }

export type Value =
  | NumV
  | StrV
  | BoolV
  | NoneV
  | SeqV
  | ListOfV
  | DictV
  | DimV
  | TensorV
  | LayerV
  | OpRefV
  | ModuleV
  | FuncV
  | EitherV
  | ClassV
  | InstanceV
  | ModelV
  | BuiltinV
  | UnknownV;

/** One argument at a call site: its value and the expression it came from (for quick fixes). */
export interface ArgVal {
  readonly value: Value;
  readonly node: PyNode | null;
}

export interface CallArgs {
  readonly positional: ArgVal[];
  readonly keywords: ReadonlyMap<string, ArgVal>;
  /** A `*x`/`**x` splat whose contents are unknown: binding may be incomplete. */
  readonly opaque: boolean;
}

export const UNKNOWN: UnknownV = { kind: 'unknown' };
export const NONE: NoneV = { kind: 'none' };
export const TRUE: BoolV = { kind: 'bool', value: true };
export const FALSE: BoolV = { kind: 'bool', value: false };

export function num(value: number, float = false): NumV {
  return { kind: 'num', value, float: float || !Number.isInteger(value) };
}
export function str(value: string): StrV {
  return { kind: 'str', value };
}
export function bool(value: boolean): BoolV {
  return value ? TRUE : FALSE;
}
export function tuple(items: Value[]): SeqV {
  return { kind: 'tuple', items };
}
export function list(items: Value[]): SeqV {
  return { kind: 'list', items };
}
export function tensor(shape: Shape | null, origin: Origin | null = null, assumed = false): TensorV {
  return assumed ? { kind: 'tensor', shape, origin, assumed } : { kind: 'tensor', shape, origin };
}

/** A size as a value: a number when known, otherwise a dim value (`None`-like when unknown). */
export function dimValue(d: Dim): Value {
  return isKnown(d) ? num(d) : { kind: 'dim', dim: d };
}

/** A parameter of an entry point nobody calls, with no default: see TensorV.asSize. */
export function parameterValue(name: string): TensorV {
  return { kind: 'tensor', shape: null, origin: null, asSize: sym(name) };
}

/** A size of a static shape as a value: a number when known, else `None` to Keras (DimV.fromShape). */
export function shapeDimValue(d: Dim): Value {
  return isKnown(d) ? num(d) : { kind: 'dim', dim: d, fromShape: true };
}

/** A Python value read as a size: int → number, None → unknown, symbolic → symbolic. */
export function toDim(v: Value): Dim | undefined {
  // An int JavaScript cannot hold exactly is a size of unknown value, never a rounded one.
  if (v.kind === 'num') return Number.isSafeInteger(v.value) ? v.value : Number.isInteger(v.value) ? null : undefined;
  if (v.kind === 'none') return null;
  if (v.kind === 'dim') return v.dim;
  if (v.kind === 'unknown') return null;
  if (v.kind === 'tensor' && v.asSize !== undefined) return v.asSize;
  return undefined;
}

/** A tuple/list of sizes read as a shape, or null when it is not one. */
export function toShape(v: Value): Shape | null {
  if (v.kind === 'num' || v.kind === 'dim') {
    const d = toDim(v);
    return d === undefined ? null : [d];
  }
  if (v.kind !== 'tuple' && v.kind !== 'list') return null;
  const out: Dim[] = [];
  for (const item of v.items) {
    const d = toDim(item);
    if (d === undefined) return null;
    out.push(d);
  }
  return out;
}

export function shapeValue(shape: Shape): SeqV {
  return tuple(shape.map((d) => (d === null ? NONE : shapeDimValue(d))));
}

/** Python truthiness; null when it cannot be known. */
export function truthy(v: Value): boolean | null {
  switch (v.kind) {
    case 'num':
      return v.value !== 0;
    case 'str':
      return v.value.length > 0;
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.size > 0;
    case 'dim':
    case 'tensor':
    case 'listof':
    case 'unknown':
      return null;
    case 'module':
      // A module read from its file is truthy; an attribute of an opaque one (`FLAGS.use_bn`) may be anything.
      return v.scope ? true : null;
    default:
      return true;
  }
}

/** Python `==` for the values it can decide; null when it cannot. */
export function equals(a: Value, b: Value): boolean | null {
  if (a.kind === 'unknown' || b.kind === 'unknown') return null;
  if ((a.kind === 'num' || a.kind === 'bool') && (b.kind === 'num' || b.kind === 'bool')) return Number(a.value) === Number(b.value);
  if (a.kind === 'str' && b.kind === 'str') return a.value === b.value;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind ? true : a.kind === 'tensor' || b.kind === 'tensor' || a.kind === 'dim' || b.kind === 'dim' ? null : false;
  if ((a.kind === 'tuple' || a.kind === 'list') && a.kind === b.kind) {
    if (a.items.length !== b.items.length) return false;
    let all = true;
    for (let i = 0; i < a.items.length; i++) {
      const e = equals(a.items[i]!, b.items[i]!);
      if (e === false) return false;
      if (e === null) all = false;
    }
    return all ? true : null;
  }
  if (a.kind === 'dim' || b.kind === 'dim' || a.kind === 'tensor' || b.kind === 'tensor') return null;
  if (a.kind === 'str' || b.kind === 'str' || a.kind === 'num' || b.kind === 'num') return a.kind === b.kind ? null : false;
  if (a.kind === 'builtin' && b.kind === 'builtin' && a.pyType !== undefined && b.pyType !== undefined) return a.pyType === b.pyType;
  return a === b ? true : null;
}

/** Python `is` for what it can decide (None, True/False, same object). */
export function identical(a: Value, b: Value): boolean | null {
  if (a.kind === 'unknown' || b.kind === 'unknown') return null;
  // `K.int_shape(x)[1] is None` where the size is symbolic: Keras' static shape has None there
  // (keras_applications' correct_pad picks its padding by it).
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind || (a.kind === 'dim' && a.fromShape === true) || (b.kind === 'dim' && b.fromShape === true);
  if (a.kind === 'bool' && b.kind === 'bool') return a.value === b.value;
  if (a === b) return true;
  if (a.kind === 'builtin' && b.kind === 'builtin' && a.pyType !== undefined && b.pyType !== undefined) return a.pyType === b.pyType;
  if (a.kind === 'dim' || b.kind === 'dim') return null;
  if (isObject(a) && isObject(b)) return false;
  return null;
}

function isObject(v: Value): boolean {
  return ['layer', 'opref', 'module', 'function', 'class', 'instance', 'model', 'builtin', 'tensor', 'list', 'listof', 'dict'].includes(v.kind);
}

function joinDim(a: Dim, b: Dim): Dim {
  if (a === b) return a;
  if (a !== null && b !== null && dimsEqual(a, b)) return a;
  return null;
}

/** The value two control-flow paths agree on: equal parts kept, differing parts unknown. */
export function join(a: Value, b: Value): Value {
  if (a === b) return a;
  if (a.kind === 'tensor' && b.kind === 'tensor') {
    if (a.shape === null || b.shape === null || a.shape.length !== b.shape.length) return tensor(null, null);
    const bs = b.shape;
    return tensor(a.shape.map((d, i) => joinDim(d, bs[i]!)), a.origin ?? b.origin);
  }
  if ((a.kind === 'tuple' || a.kind === 'list') && a.kind === b.kind) {
    if (a.items.length !== b.items.length) return UNKNOWN;
    return { kind: a.kind, items: a.items.map((x, i) => join(x, b.items[i]!)) };
  }
  if (a.kind === 'dim' && b.kind === 'dim') return dimsEqual(a.dim, b.dim) ? a : UNKNOWN;
  if ((a.kind === 'listof' || a.kind === 'list') && (b.kind === 'listof' || b.kind === 'list')) return listOf([a, b]);
  if ((a.kind === 'function' || a.kind === 'either') && (b.kind === 'function' || b.kind === 'either')) return either(a, b);
  const e = equals(a, b);
  if (e === true && a.kind === b.kind) return a;
  return UNKNOWN;
}

/** More choices than a call should run one after another: unknown. */
const MAX_OPTIONS = 4;

/** The functions two paths hold (EitherV); one when they are the same function (a method bound to the same object). */
function either(a: FuncV | EitherV, b: FuncV | EitherV): Value {
  const options: FuncV[] = [];
  for (const f of [a, b].flatMap((v) => (v.kind === 'either' ? v.options : [v]))) {
    if (!options.some((g) => g.node === f.node && g.closure === f.closure && g.self === f.self)) options.push(f);
  }
  if (options.length === 1) return options[0]!;
  return options.length <= MAX_OPTIONS ? { kind: 'either', options } : UNKNOWN;
}

/** A list of unknown length holding any item of `lists` (ListOfV); its item is unknown when there is none. */
export function listOf(lists: readonly (SeqV | ListOfV)[]): ListOfV {
  const items = lists.flatMap((l) => (l.kind === 'listof' ? [l.item] : l.items));
  return { kind: 'listof', item: items.length === 0 ? UNKNOWN : items.reduce((x, y) => join(x, y)) };
}

/** The Python `str()` of a value when it is known. */
export function pyStr(v: Value): string | null {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'num':
      // Python writes integral floats below 1e16 as `8.0`, larger ones as `1e+16` (as JavaScript does).
      return v.float && Number.isInteger(v.value) && Math.abs(v.value) < 1e16 ? `${v.value}.0` : String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'tuple':
    case 'list': {
      const parts = v.items.map((x) => (x.kind === 'str' ? `'${x.value}'` : pyStr(x)));
      if (parts.some((p) => p === null)) return null;
      if (v.kind === 'tuple') return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
      return `[${parts.join(', ')}]`;
    }
    default:
      return null;
  }
}

export function isSeq(v: Value): v is SeqV {
  return v.kind === 'tuple' || v.kind === 'list';
}

export function intOf(v: Value | undefined): number | null {
  if (!v) return null;
  if (v.kind === 'num' && Number.isSafeInteger(v.value)) return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return null;
}

export function strOf(v: Value | undefined): string | null {
  return v && v.kind === 'str' ? v.value : null;
}
