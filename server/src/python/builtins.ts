/**
 * Python's builtins by name (the families are builtins-numbers.ts, builtins-containers.ts,
 * builtins-types.ts; `getattr`, `hasattr`, `super`, `object` and `type` are here), name lookup through
 * the scopes, the builtins and `from … import *`, and dotted names at module level. Builtins with
 * effects outside the program (open, exec, os.system, …) are never modelled: they are unknown.
 */
import { attributeOf } from './attributes.js';
import { builtin, pos, type BuiltinTable } from './builtin-fn.js';
import { CONTAINER_BUILTINS } from './builtins-containers.js';
import { NUMBER_BUILTINS } from './builtins-numbers.js';
import { BUILTIN_TYPES, pyTypeName, TYPE_BUILTINS } from './builtins-types.js';
import type { Scope } from './env.js';
import { moduleAttr, sourceModuleAttr } from './imports.js';
import type { Interp } from './interp.js';
import { UNKNOWN, type ClassV, type InstanceV, type Value } from './values.js';

const PY_BUILTINS: BuiltinTable = {
  ...NUMBER_BUILTINS,
  ...CONTAINER_BUILTINS,
  ...TYPE_BUILTINS,
  getattr: (it) =>
    builtin('getattr', (args, site) => {
      const name = pos(args, 1);
      if (name.kind !== 'str') return UNKNOWN;
      return attributeOf(it, pos(args, 0), name.value, site);
    }),
  hasattr: () => builtin('hasattr', () => UNKNOWN),
  super: (it) =>
    builtin('super', () => {
      const frame = it.frame();
      if (!frame?.cls || !frame.self) return UNKNOWN;
      return superProxy(frame.cls, frame.self);
    }),
  object: () => builtin('object', () => UNKNOWN),
  type: (it) => builtin('type', (args) => (args.positional.length === 1 ? typeOf(it, pos(args, 0)) : UNKNOWN)),
};

/** `type(x)` for a value of a builtin type: that type (so `type(x) is list` decides); else unknown. */
function typeOf(it: Interp, v: Value): Value {
  const name = pyTypeName(v);
  return name === undefined ? UNKNOWN : builtinType(it, name);
}

function builtinType(it: Interp, name: string): Value {
  return { ...PY_BUILTINS[name]!(it), pyType: name };
}


/** `super()` inside a method: attribute lookups start at the bases of the method's class. */
function superProxy(cls: ClassV, self: Value): Value {
  const bases = cls.bases.filter((b): b is ClassV => b.kind === 'class');
  if (bases.length === 0 || self.kind !== 'instance') return UNKNOWN;
  const base = bases[0]!;
  return { kind: 'instance', cls: { ...base, attrs: base.attrs }, attrs: self.attrs } satisfies InstanceV;
}

export function lookupName(it: Interp, name: string, scope: Scope): Value {
  const v = scope.lookup(name);
  if (v !== undefined) return v;
  // Own keys only: `__proto__`, `constructor`, … are properties of every object, not builtins.
  // A builtin looked up by a type's name is that type.
  if (BUILTIN_TYPES.has(name)) return builtinType(it, name);
  const b = Object.hasOwn(PY_BUILTINS, name) ? PY_BUILTINS[name] : undefined;
  if (b) return b(it);
  // `from keras.layers import *`
  for (const m of it.starModules) {
    const r = moduleAttr(m, name);
    if (r.kind === 'opref') return r;
  }
  return UNKNOWN;
}

/** A dotted name (`layers.ZeroPadding2D`) looked up at module level: names, then module attributes only. */
export function resolveDotted(it: Interp, dotted: string): Value {
  const [head, ...rest] = dotted.split('.');
  if (!it.moduleScope || !head) return UNKNOWN;
  let v = lookupName(it, head, it.moduleScope);
  for (const part of rest) {
    if (v.kind !== 'module') return UNKNOWN;
    v = v.scope ? sourceModuleAttr(v.scope, part) : moduleAttr(v.path, part);
  }
  return v;
}
