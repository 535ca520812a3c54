/**
 * Names and attributes: Python builtins the interpreter models (range, len, int, …), methods on
 * lists/dicts/strings/tensors/models, `super()`, imports, and attribute/item assignment. Builtins
 * with effects outside the program (open, exec, os.system, …) are never modelled: they are unknown.
 */
import { addWeight } from './custom-layers.js';
import { bindMethod, callInstance, findMethod } from './calls.js';
import { dictKey, iterate } from './iterables.js';
import type { Scope } from './env.js';
import { applicationAttr, moduleAttr, sourceModuleAttr } from './imports.js';
import { LIMITS, type Interp } from './interp.js';
import { modelAttr } from './models.js';
import { tensorMethod } from './tensor-methods.js';
import { namedChildren, textOf, type PyNode } from './syntax.js';
import {
  bool,
  dimValue,
  equals,
  intOf,
  isSeq,
  join,
  list,
  listOf,
  NONE,
  num,
  pyStr,
  shapeValue,
  str,
  tensor,
  toShape,
  truthy,
  tuple,
  UNKNOWN,
  type BuiltinV,
  type CallArgs,
  type ClassV,
  type InstanceV,
  type ListOfV,
  type Value,
} from './values.js';
import { declaredShape, sizesProduct } from './catalog/common.js';

function builtin(name: string, call: (args: CallArgs, site: PyNode) => Value): BuiltinV {
  return { kind: 'builtin', name, call };
}

const pos = (args: CallArgs, i: number): Value => args.positional[i]?.value ?? UNKNOWN;

function numbersOf(args: CallArgs): Value[] | null {
  if (args.positional.length === 1) return iterate(pos(args, 0));
  return args.positional.map((a) => a.value);
}

function minMax(args: CallArgs, pick: (a: number, b: number) => boolean): Value {
  const xs = numbersOf(args);
  if (!xs || xs.length === 0) return UNKNOWN;
  let best: Value | null = null;
  for (const x of xs) {
    if (x.kind !== 'num') return UNKNOWN;
    if (best === null || (best.kind === 'num' && pick(x.value, best.value))) best = x;
  }
  return best ?? UNKNOWN;
}

/**
 * `range(…)` as a list of its numbers. One too long to list (LIMITS.sequence) is unknown, and says so
 * where it stopped (issue 11 §3): a loop over it runs as one of unknown length (statements.ts).
 */
function rangeOf(it: Interp, args: CallArgs, site: PyNode): Value {
  // Any integral value counts, beyond 2^53 too: range(10**100) is as certainly too long.
  const xs = args.positional.map((a) => (a.value.kind === 'num' && Number.isInteger(a.value.value) ? a.value.value : intOf(a.value)));
  if (xs.some((x) => x === null) || xs.length === 0) return UNKNOWN;
  const [a, b, c] = xs.length === 1 ? [0, xs[0]!, 1] : [xs[0]!, xs[1]!, xs[2] ?? 1];
  if (c === 0) return UNKNOWN;
  const n = Math.max(0, Math.ceil((b - a) / c));
  if (n > LIMITS.sequence) {
    const count = Number.isSafeInteger(n) ? n.toLocaleString('en-US') : 'more than 2^53';
    const shown = textOf(site);
    it.budgetSpent(it.statement ?? site, 'budget-unroll', `${shown.length <= 40 && !shown.includes('\n') ? shown : 'range(…)'} has ${count} items, more than the ${LIMITS.sequence.toLocaleString('en-US')} followed one by one: the analysis stops listing them here, so a loop over it shows only what holds on every iteration, and its items and what depends on them are unknown`);
    return UNKNOWN;
  }
  return list(Array.from({ length: n }, (_, i) => num(a + i * c)));
}

function toInt(v: Value): Value {
  if (v.kind === 'num') return num(Math.trunc(v.value));
  if (v.kind === 'bool') return num(v.value ? 1 : 0);
  if (v.kind === 'str' && /^\s*-?\d+\s*$/.test(v.value)) return num(Number.parseInt(v.value, 10));
  if (v.kind === 'dim') return v;
  // int() of an entry point's size parameter is that size (TensorV.asSize).
  if (v.kind === 'tensor' && v.asSize !== undefined) return dimValue(v.asSize);
  return UNKNOWN;
}

const PY_BUILTINS: Record<string, (it: Interp) => BuiltinV> = {
  range: (it) => builtin('range', (args, site) => rangeOf(it, args, site)),
  len: () =>
    builtin('len', (args) => {
      const v = pos(args, 0);
      if (isSeq(v)) return num(v.items.length);
      if (v.kind === 'str') return num(v.value.length);
      if (v.kind === 'dict') return num(v.entries.size);
      if (v.kind === 'tensor' && v.shape && v.shape.length > 0) return dimValue(v.shape[0]!);
      return UNKNOWN;
    }),
  int: () => builtin('int', (args) => toInt(pos(args, 0))),
  float: () =>
    builtin('float', (args) => {
      const v = pos(args, 0);
      if (v.kind === 'num') return num(v.value, true);
      if (v.kind === 'str' && Number.isFinite(Number(v.value))) return num(Number(v.value), true);
      return UNKNOWN;
    }),
  str: () =>
    builtin('str', (args) => {
      const s = pyStr(pos(args, 0));
      return s === null ? UNKNOWN : str(s);
    }),
  bool: () =>
    builtin('bool', (args) => {
      const t = truthy(pos(args, 0));
      return t === null ? UNKNOWN : bool(t);
    }),
  list: () =>
    builtin('list', (args) => {
      if (args.positional.length === 0) return list([]);
      const xs = iterate(pos(args, 0));
      return xs ? list([...xs]) : UNKNOWN;
    }),
  tuple: () =>
    builtin('tuple', (args) => {
      if (args.positional.length === 0) return tuple([]);
      const xs = iterate(pos(args, 0));
      return xs ? tuple([...xs]) : UNKNOWN;
    }),
  dict: () =>
    builtin('dict', (args) => {
      const entries = new Map<string, { key: Value; value: Value }>();
      if (args.positional.length > 0) {
        const v = pos(args, 0);
        if (v.kind !== 'dict') return UNKNOWN;
        for (const [k, e] of v.entries) entries.set(k, e);
      }
      for (const [k, a] of args.keywords) entries.set(`s:${k}`, { key: str(k), value: a.value });
      return { kind: 'dict', entries };
    }),
  enumerate: () =>
    builtin('enumerate', (args) => {
      const xs = iterate(pos(args, 0));
      const start = intOf(args.positional[1]?.value ?? args.keywords.get('start')?.value ?? num(0));
      if (!xs || start === null) return UNKNOWN;
      return list(xs.map((x, i) => tuple([num(i + start), x])));
    }),
  zip: () =>
    builtin('zip', (args) => {
      const seqs = args.positional.map((a) => iterate(a.value));
      if (seqs.some((s) => s === null) || seqs.length === 0) return UNKNOWN;
      const n = Math.min(...seqs.map((s) => s!.length));
      return list(Array.from({ length: n }, (_, i) => tuple(seqs.map((s) => s![i]!))));
    }),
  reversed: () =>
    builtin('reversed', (args) => {
      const xs = iterate(pos(args, 0));
      return xs ? list([...xs].reverse()) : UNKNOWN;
    }),
  sorted: () =>
    builtin('sorted', (args) => {
      const xs = iterate(pos(args, 0));
      if (!xs || xs.some((x) => x.kind !== 'num')) return UNKNOWN;
      return list([...xs].sort((a, b) => (a.kind === 'num' && b.kind === 'num' ? a.value - b.value : 0)));
    }),
  min: () => builtin('min', (args) => minMax(args, (a, b) => a < b)),
  max: () => builtin('max', (args) => minMax(args, (a, b) => a > b)),
  abs: () =>
    builtin('abs', (args) => {
      const v = pos(args, 0);
      return v.kind === 'num' ? num(Math.abs(v.value), v.float) : UNKNOWN;
    }),
  round: () =>
    builtin('round', (args) => {
      const v = pos(args, 0);
      if (v.kind !== 'num' || args.positional.length > 1) return UNKNOWN;
      // Python 3 rounds half to even.
      const r = Math.round(v.value);
      return num(Math.abs(v.value % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
    }),
  sum: () =>
    builtin('sum', (args) => {
      const xs = iterate(pos(args, 0));
      if (!xs || xs.some((x) => x.kind !== 'num')) return UNKNOWN;
      return num(xs.reduce((a, x) => a + (x.kind === 'num' ? x.value : 0), 0));
    }),
  isinstance: () =>
    builtin('isinstance', (args) => {
      const v = pos(args, 0);
      const t = args.positional[1]?.node;
      const names = t ? (t.type === 'tuple' ? namedChildren(t).map(textOf) : [textOf(t)]) : [];
      const kinds: Record<string, string[]> = { int: ['num'], float: ['num'], str: ['str'], bool: ['bool'], list: ['list', 'listof'], tuple: ['tuple'], dict: ['dict'] };
      if (names.some((n) => !(n in kinds))) return UNKNOWN;
      if (v.kind === 'unknown' || v.kind === 'dim') return UNKNOWN;
      const match = names.some((n) => {
        if (v.kind === 'num') return n === 'float' ? v.float : n === 'int' ? !v.float : false;
        if (v.kind === 'bool') return n === 'bool' || n === 'int';
        return kinds[n]!.includes(v.kind);
      });
      return bool(match);
    }),
  print: () => builtin('print', () => NONE),
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
};

const MATH: Record<string, (x: number, y?: number) => number> = {
  ceil: (x) => Math.ceil(x),
  floor: (x) => Math.floor(x),
  sqrt: (x) => Math.sqrt(x),
  log: (x) => Math.log(x),
  log2: (x) => Math.log2(x),
  exp: (x) => Math.exp(x),
  pow: (x, y) => x ** (y ?? 1),
};

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
  const b = PY_BUILTINS[name];
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

/** Attribute access on any value. */
export function attributeOf(it: Interp, obj: Value, name: string, _site: PyNode | null): Value {
  switch (obj.kind) {
    case 'module':
      // math.prod(x.shape[1:]): the number (catalog/common.ts sizesProduct).
      if (obj.path === 'math' && name === 'prod') return builtin(name, (args) => (args.positional[0] ? sizesProduct(args.positional[0].value) : null) ?? UNKNOWN);
      if (obj.path === 'math' && name in MATH) {
        const f = MATH[name]!;
        return builtin(name, (args) => {
          const xs = args.positional.map((a) => a.value);
          if (xs.some((x) => x.kind !== 'num')) return UNKNOWN;
          const r = f(...(xs.map((x) => (x.kind === 'num' ? x.value : 0)) as [number, number?]));
          return name === 'ceil' || name === 'floor' ? num(r) : num(r, true);
        });
      }
      return obj.scope ? sourceModuleAttr(obj.scope, name) : (applicationAttr(it, obj.path, name) ?? moduleAttr(obj.path, name));
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
    case 'tensor':
      return tensorAttr(it, obj, name);
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
      const x = tensor(s ? declaredShape(s, true) : null);
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

function seqAttr(v: Value & { kind: 'tuple' | 'list' }, name: string): Value {
  switch (name) {
    case 'as_list':
      return builtin('as_list', () => list([...v.items]));
    case 'append':
      return builtin('append', (args) => {
        if (v.kind === 'list') v.items.push(pos(args, 0));
        return NONE;
      });
    case 'extend':
      return builtin('extend', (args) => {
        const xs = iterate(pos(args, 0));
        if (v.kind === 'list') {
          if (xs) v.items.push(...xs);
          else v.items.splice(0, v.items.length, UNKNOWN);
        }
        return NONE;
      });
    case 'insert':
      return builtin('insert', (args) => {
        const i = intOf(pos(args, 0));
        if (v.kind === 'list' && i !== null) v.items.splice(i < 0 ? v.items.length + i : i, 0, pos(args, 1));
        return NONE;
      });
    case 'pop':
      return builtin('pop', (args) => {
        if (v.kind !== 'list' || v.items.length === 0) return UNKNOWN;
        const i = args.positional.length ? intOf(pos(args, 0)) : -1;
        if (i === null) return UNKNOWN;
        return v.items.splice(i < 0 ? v.items.length + i : i, 1)[0] ?? UNKNOWN;
      });
    case 'index':
      return builtin('index', (args) => {
        const i = v.items.findIndex((x) => equals(x, pos(args, 0)) === true);
        return i < 0 ? UNKNOWN : num(i);
      });
    case 'count':
      return builtin('count', (args) => num(v.items.filter((x) => equals(x, pos(args, 0)) === true).length));
    case 'copy':
      return builtin('copy', () => ({ kind: v.kind, items: [...v.items] }));
    default:
      return UNKNOWN;
  }
}

/** A list of unknown length (ListOfV): what goes in joins its item; what comes out is like it. */
function listOfAttr(v: ListOfV, name: string): Value {
  switch (name) {
    case 'append':
    case 'insert':
      return builtin(name, (args) => {
        v.item = join(v.item, pos(args, name === 'append' ? 0 : 1));
        return NONE;
      });
    case 'extend':
      return builtin('extend', (args) => {
        const xs = pos(args, 0);
        v.item = isSeq(xs) || xs.kind === 'listof' ? listOf([{ kind: 'list', items: [v.item] }, xs]).item : UNKNOWN;
        return NONE;
      });
    case 'pop':
      return builtin('pop', () => v.item);
    case 'copy':
      return builtin('copy', () => ({ kind: 'listof', item: v.item }));
    default:
      return UNKNOWN;
  }
}

function dictAttr(d: Value & { kind: 'dict' }, name: string): Value {
  switch (name) {
    case 'get':
      return builtin('get', (args) => {
        const k = dictKey(pos(args, 0));
        if (k === null) return UNKNOWN;
        return d.entries.get(k)?.value ?? args.positional[1]?.value ?? NONE;
      });
    case 'keys':
      return builtin('keys', () => list([...d.entries.values()].map((e) => e.key)));
    case 'values':
      return builtin('values', () => list([...d.entries.values()].map((e) => e.value)));
    case 'items':
      return builtin('items', () => list([...d.entries.values()].map((e) => tuple([e.key, e.value]))));
    case 'update':
      return builtin('update', (args) => {
        const o = pos(args, 0);
        if (o.kind === 'dict') for (const [k, e] of o.entries) d.entries.set(k, e);
        for (const [k, a] of args.keywords) d.entries.set(`s:${k}`, { key: str(k), value: a.value });
        return NONE;
      });
    case 'setdefault':
      return builtin('setdefault', (args) => {
        const key = pos(args, 0);
        const k = dictKey(key);
        if (k === null) return UNKNOWN;
        if (!d.entries.has(k)) d.entries.set(k, { key, value: args.positional[1]?.value ?? NONE });
        return d.entries.get(k)!.value;
      });
    case 'copy':
      return builtin('copy', () => ({ kind: 'dict', entries: new Map(d.entries) }));
    default:
      return UNKNOWN;
  }
}

function strAttr(s: string, name: string): Value {
  switch (name) {
    case 'format':
      return builtin('format', (args) => {
        let i = 0;
        let ok = true;
        const out = s.replace(/\{([^{}]*)\}/g, (_m, key: string) => {
          const k = key.split(/[:!]/)[0]!;
          const v = k === '' ? args.positional[i++]?.value : /^\d+$/.test(k) ? args.positional[Number(k)]?.value : args.keywords.get(k)?.value;
          const t = v ? pyStr(v) : null;
          if (t === null) ok = false;
          return t ?? '';
        });
        return ok ? str(out) : UNKNOWN;
      });
    case 'join':
      return builtin('join', (args) => {
        const xs = iterate(pos(args, 0));
        if (!xs || xs.some((x) => x.kind !== 'str')) return UNKNOWN;
        return str(xs.map((x) => (x.kind === 'str' ? x.value : '')).join(s));
      });
    case 'upper':
      return builtin('upper', () => str(s.toUpperCase()));
    case 'lower':
      return builtin('lower', () => str(s.toLowerCase()));
    case 'strip':
      return builtin('strip', () => str(s.trim()));
    case 'replace':
      return builtin('replace', (args) => {
        const a = pos(args, 0);
        const b = pos(args, 1);
        return a.kind === 'str' && b.kind === 'str' ? str(s.split(a.value).join(b.value)) : UNKNOWN;
      });
    case 'startswith':
      return builtin('startswith', (args) => {
        const a = pos(args, 0);
        return a.kind === 'str' ? bool(s.startsWith(a.value)) : UNKNOWN;
      });
    case 'endswith':
      return builtin('endswith', (args) => {
        const a = pos(args, 0);
        return a.kind === 'str' ? bool(s.endsWith(a.value)) : UNKNOWN;
      });
    default:
      return UNKNOWN;
  }
}
