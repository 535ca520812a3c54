/**
 * Nothing vanishes: a class the catalog does not know (`keras_cv.layers.RandAugment`, a Keras layer
 * newer than the catalog, a user layer whose `call` cannot be followed) still gets a row where it is
 * applied to tensors, with an unknown output and one information note per class. Layers after it
 * keep every size they set themselves (a Dense after it is `(…, 10)`, see TensorV.tail).
 */
import { Args } from './catalog/args.js';
import type { OpEntry } from './catalog/types.js';
import { normalizePath } from './imports.js';
import type { Interp } from './interp.js';
import type { PyNode } from './syntax.js';
import { isSeq, tensor, UNKNOWN, type CallArgs, type LayerV, type ModuleV, type TensorV, type Value } from './values.js';

/** Classes already noted, per analysis (one note per class, at its first application). */
const noted = new WeakMap<Interp, Set<string>>();

function noteOnce(it: Interp, cls: string, site: PyNode, message: string): void {
  if (it.mute > 0) return;
  it.untracked++;
  let seen = noted.get(it);
  if (!seen) noted.set(it, (seen = new Set()));
  if (seen.has(cls)) return;
  seen.add(cls);
  it.report({ severity: 'information', code: 'unknown-layer', message }, site);
}

/** A dotted name whose last part is a class name (`CapWords`), as the call of a module attribute. */
export function isClassPath(path: string): boolean {
  return /(^|\.)_?[A-Z]\w*$/.test(path);
}

/**
 * `keras_cv.layers.RandAugment(...)`: a layer object of a class the catalog does not know. Applied
 * to a tensor it gives an unknown tensor and notes, once, that shapes after it are unknown.
 */
export function unknownClassLayer(it: Interp, mod: ModuleV, args: CallArgs, site: PyNode, callee: string): Value {
  if (!isClassPath(mod.path)) return UNKNOWN;
  const entry: OpEntry = {
    names: [callee],
    namespaces: [],
    kind: 'layer',
    params: [],
    apply: (call) => {
      noteOnce(it, mod.path, call.site, `Shape Lens does not know \`${callee}\`; its output shape is unknown, and the layers after it keep only the sizes they set themselves`);
      return { output: tensor(null), cost: { params: null, macs: null } };
    },
  };
  const bound = Args.bind([], args);
  const name = args.keywords.get('name')?.value;
  const layer: LayerV = { kind: 'layer', entry, args: bound, flavour: 'tf.keras', callee, ctor: site, name: name?.kind === 'str' ? name.value : null };
  return layer;
}

/**
 * Framework namespaces whose functions are layers or tensor ops (`tf.contrib.layers.conv2d`,
 * `slim.conv2d`, `tf.signal.stft`, `tf.nn.*`, `keras.ops.*`): a call of one the catalog lacks, on a
 * tensor, is a step of the model whose output is unknown. Other framework functions that take
 * tensors (`tf.summary.scalar`, `tf.train.*`, `tf.io.*`) are bookkeeping, and Keras' image
 * utilities (`keras.preprocessing.image.save_img`) work on data: they add no row.
 */
const OP_NAMESPACE = /^(tensorflow|keras)\.(.+\.)?(layers|contrib|slim|nn|signal|math|linalg|ops|sparse|ragged|strings|random)\.\w+$|^tensorflow\.image\.\w+$/;

/**
 * `tf.contrib.layers.conv2d(x, 32, 5)`: a framework function the catalog does not know, applied to
 * a tensor: a row with an unknown output and one note per function. False when it is not one.
 */
export function unknownFrameworkOp(it: Interp, mod: ModuleV, args: CallArgs, site: PyNode, callee: string): boolean {
  const inputs = tensorsIn(args);
  if (inputs.length === 0 || site.type !== 'call' || isClassPath(mod.path) || !OP_NAMESPACE.test(normalizePath(mod.path))) return false;
  noteOnce(it, mod.path, site, `Shape Lens does not know \`${callee}\`; its output shape is unknown, and the layers after it keep only the sizes they set themselves`);
  it.record({ type: callee, name: null, site, inputs, output: tensor(null), cost: { params: null, macs: null } });
  return true;
}

function tensorsIn(args: CallArgs): { tensor: TensorV; node: PyNode | null }[] {
  const all = [...args.positional, ...args.keywords.values()];
  return all.flatMap((a) => {
    if (a.value.kind === 'tensor') return [{ tensor: a.value, node: a.node }];
    if (isSeq(a.value)) return a.value.items.filter((x): x is TensorV => x.kind === 'tensor').map((t) => ({ tensor: t, node: null }));
    return [];
  });
}

/**
 * A Keras Layer/Model subclass applied to tensors whose `call` gave no tensor the interpreter could
 * follow: a row with an unknown output, and a note (once per class).
 */
export function opaqueUserLayer(it: Interp, cls: string, args: CallArgs, site: PyNode, result: Value): boolean {
  const hasTensor = result.kind === 'tensor' || (isSeq(result) && result.items.some((x) => x.kind === 'tensor'));
  const inputs = tensorsIn(args);
  if (hasTensor || inputs.length === 0 || site.type !== 'call') return false;
  noteOnce(it, `user:${cls}`, site, `Shape Lens could not follow \`${cls}.call\`; its output shape is unknown, and the layers after it keep only the sizes they set themselves`);
  const name = args.keywords.get('name')?.value;
  it.record({ type: cls, name: name?.kind === 'str' ? name.value : null, site, inputs, output: tensor(null), cost: { params: null, macs: null } });
  return true;
}
