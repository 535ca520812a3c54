/**
 * Attribute access on any value: module attributes (the `math` functions modelled here), user
 * instances and classes (own attributes, then methods), Keras base-class methods on subclass
 * instances (`build`, `add_weight`), tensors (`shape`, `ndim`, `T`, array methods), models, and
 * the methods of lists, dicts and strings (container-methods.ts, str-methods.ts).
 */
import { builtin } from './builtin-fn.js';
import { bindMethod, callInstance, findMethod } from './calls.js';
import { declaredShape, sizesProduct } from './catalog/common.js';
import { dictAttr, listOfAttr, seqAttr } from './container-methods.js';
import { sizeNamesOf } from './default-names.js';
import { addWeight } from './custom-layers.js';
import { parameterPart } from './entry-points.js';
import { applicationAttr, moduleAttr, sourceModuleAttr } from './imports.js';
import type { Interp } from './interp.js';
import { modelAttr } from './models.js';
import { strAttr } from './str-methods.js';
import type { PyNode } from './syntax.js';
import { tensorMethod } from './tensor-methods.js';
import { NONE, num, shapeValue, str, tensor, toShape, UNKNOWN, type InstanceV, type Value } from './values.js';

const MATH: Record<string, (x: number, y?: number) => number> = {
  ceil: (x) => Math.ceil(x),
  floor: (x) => Math.floor(x),
  sqrt: (x) => Math.sqrt(x),
  log: (x) => Math.log(x),
  log2: (x) => Math.log2(x),
  exp: (x) => Math.exp(x),
  pow: (x, y) => x ** (y ?? 1),
};

/** Attribute access on any value. */
export function attributeOf(it: Interp, obj: Value, name: string, site: PyNode | null): Value {
  switch (obj.kind) {
    case 'module':
      // math.prod(x.shape[1:]): the number (catalog/common.ts sizesProduct).
      if (obj.path === 'math' && name === 'prod') return builtin(name, (args) => (args.positional[0] ? sizesProduct(args.positional[0].value) : null) ?? UNKNOWN);
      if (obj.path === 'math' && Object.hasOwn(MATH, name)) {
        const f = MATH[name]!;
        return builtin(name, (args) => {
          const xs = args.positional.map((a) => a.value);
          if (xs.some((x) => x.kind !== 'num')) return UNKNOWN;
          const r = f(...(xs.map((x) => (x.kind === 'num' ? x.value : 0)) as [number, number?]));
          return name === 'ceil' || name === 'floor' ? num(r) : num(r, true);
        });
      }
      if (obj.scope) return sourceModuleAttr(obj.scope, name);
      // Only a path naming `applications` can be keras.applications (normalizePath rewrites prefixes only).
      return (obj.path.includes('applications') ? applicationAttr(it, obj.path, name) : null) ?? moduleAttr(obj.path, name);
    case 'instance': {
      const own = obj.attrs.get(name);
      if (own !== undefined) return own;
      const m = findMethod(obj.cls, name);
      if (m) return bindMethod(m.fn, obj);
      if (obj.cls.keras) return kerasInstanceAttr(it, obj, name);
      return UNKNOWN;
    }
    case 'class': {
      const m = findMethod(obj, name);
      return m ? m.fn : UNKNOWN;
    }
    case 'model':
      return modelAttr(it, obj, name);
    case 'tensor': {
      const v = tensorAttr(it, obj, name);
      return (v.kind === 'unknown' && site ? parameterPart(it, obj, name, `.${name}`, site) : null) ?? v;
    }
    case 'tuple':
    case 'list':
      return seqAttr(obj, name);
    case 'listof':
      return listOfAttr(obj, name);
    case 'dict':
      return dictAttr(obj, name);
    case 'str':
      return strAttr(obj.value, name);
    case 'num':
      // TF1 `Dimension.value`.
      return name === 'value' ? obj : UNKNOWN;
    case 'dim':
      return name === 'value' ? obj : UNKNOWN;
    case 'layer':
      if (name === 'name' && obj.name !== null) return str(obj.name);
      return UNKNOWN;
    case 'opref':
      return UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** Keras Model/Layer subclass instances: `build`, `summary`, … from the base class. */
function kerasInstanceAttr(it: Interp, inst: InstanceV, name: string): Value {
  if (name === 'build') {
    return builtin('build', (args, site) => {
      const v = args.positional[0]?.value ?? args.keywords.get('input_shape')?.value;
      const s = v ? toShape(v) : null;
      const x = tensor(s ? declaredShape(s, sizeNamesOf(it)) : null);
      const result = callInstance(it, inst, { positional: [{ value: x, node: null }], keywords: new Map(), opaque: false }, site);
      if (result.kind === 'tensor') it.record({ type: inst.cls.name, name: null, site, inputs: [{ tensor: x, node: null }], output: result, composite: true });
      return NONE;
    });
  }
  if (name === 'add_weight') return builtin('add_weight', (args) => addWeight(inst, args));
  return builtin(name, () => UNKNOWN);
}

function tensorAttr(it: Interp, t: Value & { kind: 'tensor' }, name: string): Value {
  switch (name) {
    case 'shape':
    // Keras 1–2's private static shape, which model code reads (titu1994's NASNet `_adjust_block`).
    case '_keras_shape':
      return t.shape ? shapeValue(t.shape) : UNKNOWN;
    case 'get_shape':
      return builtin('get_shape', () => (t.shape ? shapeValue(t.shape) : UNKNOWN));
    case 'ndim':
      return t.shape ? num(t.shape.length) : UNKNOWN;
    case 'T':
      return tensor(t.shape ? [...t.shape].reverse() : null, t.origin);
    default:
      return tensorMethod(it, t, name);
  }
}
