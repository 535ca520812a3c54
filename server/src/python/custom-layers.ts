/**
 * User `keras.layers.Layer` subclasses, applied as Keras' `Layer.__call__` does
 * (keras/src/layers/layer.py): `build(input_shape)` once before the first call, then `call`; the
 * weights `self.add_weight(shape=…)` creates and the variables set as its attributes (in `__init__` or
 * `build`) are the layer's params, and
 * `compute_output_shape`, where the class defines it, gives the output shape.
 */
import { isKnown, productOf } from '../engine/dim.js';
import { bindMethod, callInstance, findMethod, invoke } from './calls.js';
import type { Shape } from '../analysis/types.js';
import type { OpEntry } from './catalog/types.js';
import type { Interp } from './interp.js';
import { textOf, type PyNode } from './syntax.js';
import { isSeq, NONE, shapeValue, tensor, toShape, type CallArgs, type ClassV, type FuncV, type InstanceV, type Value } from './values.js';

interface LayerState {
  /** The `name=` the constructor was given (Keras' Layer.__init__ takes it). */
  name: string | null;
  built: boolean;
  /** The weights add_weight created so far; null once one has an unknown size. */
  params: number | null;
}

const states = new WeakMap<InstanceV, LayerState>();

function stateOf(inst: InstanceV): LayerState {
  let s = states.get(inst);
  if (!s) states.set(inst, (s = { name: null, built: false, params: 0 }));
  return s;
}

/** Keeps a layer instance's constructor `name=`. */
export function noteLayerName(inst: InstanceV, args: CallArgs): void {
  const v = args.keywords.get('name')?.value;
  if (v?.kind === 'str') stateOf(inst).name = v.value;
}

/** Whether some base of `cls`, through user classes, is a catalog class that `test` accepts. */
function hasCatalogBase(cls: ClassV, test: (entry: OpEntry) => boolean, seen = new Set<ClassV>()): boolean {
  if (seen.has(cls)) return false;
  seen.add(cls);
  return cls.bases.some((b) => (b.kind === 'opref' && test(b.entry)) || (b.kind === 'class' && hasCatalogBase(b, test, seen)));
}

/** Whether a class derives from keras Model (its instances are models, not layers). */
export function isModelClass(cls: ClassV): boolean {
  return hasCatalogBase(cls, (e) => e.kind === 'model' || e.kind === 'sequential');
}

/**
 * Whether the class derives from a catalog layer (`class A(Conv2D)`), not from the bare `Layer`:
 * that base's own build makes weights from constructor arguments the analysis does not follow.
 */
function catalogLayerBase(cls: ClassV): boolean {
  return hasCatalogBase(cls, (e) => e.kind === 'layer' && !e.names.includes('Layer'));
}

/** A build that may run the base's (`super().build(input_shape)`, `Conv2D.build(self, …)`). */
function mayRunBaseBuild(build: FuncV): boolean {
  return /\bsuper\b|\.build\(/.test(textOf(build.node));
}

/** `self.add_weight(shape=…)` (also `name, shape` positionally, Keras 2's order): a tensor of that shape, counted. */
export function addWeight(inst: InstanceV, args: CallArgs): Value {
  const v = args.keywords.get('shape')?.value ?? args.positional[1]?.value;
  const shape = v ? toShape(v) : [];
  countWeight(inst, shape);
  return tensor(shape);
}

/** A variable set as an attribute of the layer (`self.w = tf.Variable(…)`): counted as add_weight's are. */
export function addVariable(inst: InstanceV, v: Value): void {
  countWeight(inst, v.kind === 'tensor' ? v.shape : null);
}

/** Adds a weight of this shape to the layer's params (unknown from the first weight of unknown size on). */
function countWeight(inst: InstanceV, shape: Shape | null): void {
  const s = stateOf(inst);
  const size = shape ? productOf(shape) : null;
  s.params = s.params === null || !isKnown(size) ? null : s.params + size;
}

function userMethod(cls: ClassV, name: string): FuncV | null {
  const m = findMethod(cls, name);
  return m && m.fn.kind === 'function' ? m.fn : null;
}

function inputShapeValue(x: Value): Value {
  if (x.kind === 'tensor') return x.shape ? shapeValue(x.shape) : NONE;
  if (isSeq(x)) return { kind: 'list', items: x.items.map(inputShapeValue) };
  return NONE;
}

/**
 * Applies a custom layer: builds it on the first call, runs `call` (whose own layers record their
 * rows), then takes `compute_output_shape` when defined. Returns the output and the weights the
 * layer itself created, or null for a Keras model subclass (handled as a model).
 */
export function callCustomLayer(it: Interp, inst: InstanceV, args: CallArgs, site: PyNode): { output: Value; params: number | null; name: string | null } | null {
  if (isModelClass(inst.cls)) return null;
  const x = args.positional[0]?.value ?? args.keywords.get('inputs')?.value;
  const s = stateOf(inst);
  const build = userMethod(inst.cls, 'build');
  if (!s.built && build && x) {
    s.built = true;
    invoke(it, bindMethod(build, inst) as FuncV, { positional: [{ value: inputShapeValue(x), node: null }], keywords: new Map(), opaque: false }, site);
  }
  s.built = true;
  const output = callInstance(it, inst, args, site);
  const cos = userMethod(inst.cls, 'compute_output_shape');
  if (cos && x) {
    const r = invoke(it, bindMethod(cos, inst) as FuncV, { positional: [{ value: inputShapeValue(x), node: null }], keywords: new Map(), opaque: false }, site);
    const shape = toShape(r);
    if (shape) return { output: tensor(shape, output.kind === 'tensor' ? output.origin : null), params: ownParams(inst, build, s.params), name: s.name };
  }
  return { output, params: ownParams(inst, build, s.params), name: s.name };
}

/** The weights are the user's add_weight calls, unless a catalog base's build runs too (unknown). */
function ownParams(inst: InstanceV, build: FuncV | null, added: number | null): number | null {
  return catalogLayerBase(inst.cls) && (!build || mayRunBaseBuild(build)) ? null : added;
}
