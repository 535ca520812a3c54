/**
 * Keras models: `Sequential([...])` / `model.add(...)` (applied as soon as an input shape is known:
 * an `Input`/`InputLayer`, `input_shape=`/`batch_input_shape=`/`input_dim=` on the first layer,
 * `model.build(shape)` or a call on a tensor), and functional `Model(inputs, outputs)`.
 */
import { declaredShape } from './catalog/common.js';
import { shapeEntries } from './catalog/sizes.js';
import type { OpCall, OpEntry } from './catalog/types.js';
import { applyLayer, nested, tensorInputs } from './calls.js';
import { sizeNamesOf } from './default-names.js';
import type { Interp } from './interp.js';
import type { PyNode } from './syntax.js';
import { functionalOn } from './model-reuse.js';
import { isSeq, NONE, tensor, toShape, UNKNOWN, type CallArgs, type InstanceV, type LayerV, type ModelV, type OpRefV, type Value } from './values.js';

export function newSequential(it: Interp, _ref: OpRefV, args: CallArgs, site: PyNode): ModelV {
  const model: ModelV = { kind: 'model', sequential: true, layers: [], output: null, inputs: null, pending: [], node: site };
  it.modelBuilt(model);
  const first = args.positional[0] ?? args.keywords.get('layers');
  if (first && isSeq(first.value)) for (const item of first.value.items) addToSequential(it, model, item);
  return model;
}

/** The input tensor a first layer declares with `input_shape=` & co (SHAPE_SEMANTICS §2.6, Keras docs),
 * its entries checked as `Input(shape=…)`'s are (./catalog/sizes.ts). */
function declaredInput(it: Interp, layer: LayerV): Value | null {
  const a = layer.args;
  const name = a.has('batch_input_shape') ? 'batch_input_shape' : a.has('input_shape') ? 'input_shape' : null;
  if (name !== null) {
    const batch = name === 'input_shape' ? [a.int('batch_size')] : [];
    const v = a.get(name);
    const items = v === undefined ? null : isSeq(v) ? v.items : v.kind === 'num' ? [v] : null;
    if (!items) return tensor(null);
    const dims = shapeEntries(constructorCall(it, layer), name, items, layer.callee);
    return tensor(dims ? declaredShape([...batch, ...dims], sizeNamesOf(it)) : [...batch, ...items.map(() => null)]);
  }
  if (a.has('input_dim')) {
    const d = a.int('input_dim');
    const len = a.has('input_length') ? a.int('input_length') : undefined;
    if (layer.entry.names.includes('Embedding')) return tensor([null, len ?? null]);
    return tensor(len !== undefined ? [null, len, d] : [null, d]);
  }
  return null;
}

/** The layer's constructor call as a catalog call with no input, for checks of its arguments. */
function constructorCall(it: Interp, layer: LayerV): OpCall {
  return { args: layer.args, input: UNKNOWN, tensors: [], flavour: layer.flavour, site: layer.ctor, syntax: { kind: 'layer', callee: layer.callee, ctor: layer.ctor, input: null }, ctx: it.opContext(layer.ctor, []) };
}

export function addToSequential(it: Interp, model: ModelV, item: Value): void {
  if (item.kind === 'tensor') {
    // keras.Input(...) inside Sequential([...]) (Keras 3 style): the model's input.
    if (model.output === null) {
      model.output = item;
      model.inputs = item;
    }
    return;
  }
  if (item.kind === 'model') {
    // A model as an element: applied to the output so far, or once the input is known.
    holdsOthers.add(model);
    if (model.output === null) model.pending.push({ layer: item, site: item.node });
    else model.output = modelOn(it, item, model.output);
    return;
  }
  if (item.kind === 'instance' && item.cls.keras && item.node) {
    // A user Layer subclass: called as Keras calls it (./custom-layers.ts), its row at its constructor.
    holdsOthers.add(model);
    if (model.output === null) model.pending.push({ layer: item, site: item.node });
    else model.output = applyUserLayer(it, model, item, model.output, item.node);
    return;
  }
  if (item.kind !== 'layer') {
    model.output = model.output === null ? null : UNKNOWN;
    return;
  }
  model.layers.push(item);
  if (model.output === null) {
    if (item.entry.names.includes('InputLayer')) {
      const t = declaredInput(it, item);
      model.output = t ?? tensor(null);
      return;
    }
    const t = declaredInput(it, item);
    if (t) model.output = t;
  }
  if (model.output === null) {
    model.pending.push({ layer: item, site: item.ctor });
    return;
  }
  const input = model.output;
  model.output = building(it, model, () => applyLayer(it, item, { value: input, node: null }, item.ctor));
}

/** Runs `apply` with the model's layer applications recorded as that model's (see Interp.building). */
function building(it: Interp, model: ModelV, apply: () => Value): Value {
  const outer = it.building;
  it.building = model;
  try {
    return apply();
  } finally {
    it.building = outer;
  }
}

/** A user layer object as a Sequential element, applied to the model's output so far. */
function applyUserLayer(it: Interp, model: ModelV, layer: InstanceV, input: Value, site: PyNode): Value {
  return building(it, model, () => it.callHook(layer, { positional: [{ value: input, node: null }], keywords: new Map(), opaque: false }, site));
}

/** Gives an unbuilt Sequential its input (`model.build(shape)`, or a call) and applies the pending layers. */
export function buildSequential(it: Interp, model: ModelV, input: Value): Value {
  if (model.output !== null && model.pending.length === 0) return model.output;
  let x: Value = input;
  for (const p of model.pending.splice(0)) {
    const y = x;
    const el = p.layer;
    x = el.kind === 'model' ? modelOn(it, el, y) : el.kind === 'instance' ? applyUserLayer(it, model, el, y, p.site) : building(it, model, () => applyLayer(it, el, { value: y, node: null }, p.site));
  }
  model.output = x;
  return x;
}

export function newFunctional(it: Interp, entry: OpEntry, args: CallArgs, site: PyNode): ModelV {
  const get = (name: string, i: number): Value => {
    const alias = Object.entries(entry.aliases ?? {}).find(([, v]) => v === name)?.[0];
    return args.keywords.get(name)?.value ?? (alias ? args.keywords.get(alias)?.value : undefined) ?? args.positional[i]?.value ?? UNKNOWN;
  };
  const model: ModelV = { kind: 'model', sequential: false, layers: [], output: get('outputs', 1), inputs: get('inputs', 0), pending: [], node: site };
  it.modelBuilt(model);
  return model;
}

/** `model(x)`: a Sequential applies its layers to x; a functional model gives its outputs when x matches its input. */
export function callModel(it: Interp, model: ModelV, args: CallArgs, site: PyNode, callee: string): Value {
  const arg = args.positional[0] ?? args.keywords.get('inputs');
  const x = arg?.value ?? UNKNOWN;
  const result = nested(it, true, () => (model.sequential && (model.output === null || model.pending.length > 0) ? buildSequential(it, model, x) : modelOn(it, model, x)));
  // A call on a value the interpreter does not know still gets its row (of unknown shape).
  if ((result.kind === 'tensor' || x.kind === 'unknown') && site.type === 'call') {
    it.record({ type: callee, name: null, site, inputs: tensorInputs(x, arg?.node ?? null), output: result, composite: true, model });
  }
  return result;
}

/** Sequential models with a model or a user layer among their elements (which `layers` does not list). */
const holdsOthers = new WeakSet<ModelV>();

/** A built model applied to `x` without rows of its own: a Sequential re-runs its layers (muted), a functional model its graph (./model-reuse.ts). */
function modelOn(it: Interp, model: ModelV, x: Value): Value {
  if (!model.sequential) return functionalOn(model, x);
  if (model.output === null || model.pending.length > 0 || holdsOthers.has(model)) return UNKNOWN;
  it.mute++;
  let y: Value = x;
  try {
    for (const l of model.layers) y = applyLayer(it, l, { value: y, node: null }, l.ctor);
  } finally {
    it.mute--;
  }
  return y;
}

/** Methods and attributes of a model value. */
export function modelAttr(it: Interp, model: ModelV, name: string): Value {
  const builtin = (fn: (args: CallArgs, site: PyNode) => Value): Value => ({ kind: 'builtin', name, call: fn });
  switch (name) {
    case 'add':
      return builtin((args) => {
        const v = args.positional[0]?.value ?? args.keywords.get('layer')?.value ?? UNKNOWN;
        if (model.sequential) addToSequential(it, model, v);
        return { kind: 'none' };
      });
    case 'build':
      return builtin((args) => {
        const v = args.positional[0]?.value ?? args.keywords.get('input_shape')?.value;
        const s = v ? toShape(v) : null;
        if (model.sequential) buildSequential(it, model, tensor(s ? declaredShape(s, sizeNamesOf(it)) : null));
        return { kind: 'none' };
      });
    case 'summary':
      return builtin((_args, site) => {
        if (it.documentNode(site) === site) it.built.get(model)?.summaries.push(site);
        return NONE;
      });
    case 'output':
    case 'outputs':
      return model.output ?? UNKNOWN;
    case 'input':
    case 'inputs':
      return model.inputs ?? UNKNOWN;
    case 'layers':
      return { kind: 'list', items: [...model.layers] };
    case 'output_shape': {
      const o = model.output;
      return o?.kind === 'tensor' && o.shape ? { kind: 'tuple', items: o.shape.map((d) => (d === null ? { kind: 'none' } : typeof d === 'number' ? { kind: 'num', value: d, float: false } : { kind: 'dim', dim: d })) } : UNKNOWN;
    }
    default:
      return builtin(() => UNKNOWN);
  }
}

/** Sequential models no input ever reached: applied to an unknown input, speculatively (symbolic shapes). */
export function finishModels(it: Interp): void {
  for (const m of it.models) {
    if (m.sequential && m.pending.length > 0) {
      it.speculative++;
      try {
        buildSequential(it, m, tensor(null));
      } finally {
        it.speculative--;
      }
    }
  }
}

