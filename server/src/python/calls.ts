/**
 * Calls: binding arguments, running user functions and methods (with depth limits), creating
 * class instances, and applying catalog ops and Keras layers (which records a LayerResult).
 */
import { Args } from './catalog/args.js';
import { entryFor } from './catalog/index.js';
import { certainlyKeras3 } from './dialect.js';
import type { OpCall, OpEntry } from './catalog/types.js';
import { Scope } from './env.js';
import { evaluate } from './evaluate.js';
import { LIMITS, type Interp } from './interp.js';
import { callModel, newFunctional, newSequential } from './models.js';
import { execBlock } from './statements.js';
import { opaqueUserLayer, unknownClassLayer, unknownFrameworkOp } from './unknown-class.js';
import { callCustomLayer, noteLayerName } from './custom-layers.js';
import { withFrameworkTraining } from './training-arg.js';
import { defaultLayerName } from './default-names.js';
import { checkLayerKeywords } from './layer-keywords.js';
import { checkCallKeywords } from './call-keywords.js';
import { withSizeCases } from './size-cases.js';
import { callEither } from './conditionals.js';
import type { Cost } from '../engine/cost.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import {
  isSeq,
  NONE,
  parameterValue,
  tensor,
  UNKNOWN,
  type ArgVal,
  type CallArgs,
  type ClassV,
  type FuncV,
  type InstanceV,
  type LayerV,
  type OpRefV,
  type TensorV,
  type Value,
} from './values.js';
import { dictKey } from './evaluate.js';
import { join } from './values.js';

/** The keywords of the many calls that pass none (CallArgs.keywords is read-only). */
const NO_KEYWORDS: ReadonlyMap<string, ArgVal> = new Map();

export function evalArgs(it: Interp, node: PyNode | null, scope: Scope): CallArgs {
  const positional: ArgVal[] = [];
  let keywords: Map<string, ArgVal> | null = null;
  let opaque = false;
  if (!node) return { positional, keywords: NO_KEYWORDS, opaque };
  if (node.type === 'generator_expression') {
    positional.push({ value: evaluate(it, node, scope), node });
    return { positional, keywords: NO_KEYWORDS, opaque };
  }
  for (const c of namedChildren(node)) {
    if (c.type === 'keyword_argument') {
      const name = field(c, 'name');
      const value = field(c, 'value');
      if (name) (keywords ??= new Map()).set(textOf(name), { value: evaluate(it, value, scope), node: value });
    } else if (c.type === 'list_splat') {
      const v = evaluate(it, namedChildren(c)[0] ?? null, scope);
      if (isSeq(v)) for (const x of v.items) positional.push({ value: x, node: null });
      else opaque = true;
    } else if (c.type === 'dictionary_splat') {
      const v = evaluate(it, namedChildren(c)[0] ?? null, scope);
      if (v.kind === 'dict') {
        for (const e of v.entries.values()) if (e.key.kind === 'str') (keywords ??= new Map()).set(e.key.value, { value: e.value, node: null });
      } else opaque = true;
    } else {
      positional.push({ value: evaluate(it, c, scope), node: c });
    }
  }
  return { positional, keywords: keywords ?? NO_KEYWORDS, opaque };
}

/** Method lookup along the bases (depth-first, left to right — enough for the single inheritance models use). */
export function findMethod(cls: ClassV, name: string, seen = new Set<ClassV>()): { fn: Value; owner: ClassV } | null {
  if (seen.has(cls)) return null;
  seen.add(cls);
  const own = cls.attrs.get(name);
  if (own !== undefined) return { fn: own, owner: cls };
  for (const b of cls.bases) {
    if (b.kind === 'class') {
      const r = findMethod(b, name, seen);
      if (r) return r;
    }
  }
  return null;
}

export function bindMethod(fn: Value, self: Value): Value {
  return fn.kind === 'function' ? { ...fn, self } : fn;
}

export function callValue(it: Interp, fn: Value, args: CallArgs, site: PyNode, callee: string): Value {
  if (it.exhausted) return UNKNOWN;
  switch (fn.kind) {
    case 'builtin':
      return fn.call(args, site);
    case 'opref':
      return callOp(it, fn, args, site, callee);
    case 'layer':
      return fn.entry.callParams ? applyMultiInputLayer(it, fn, args, site) : applyLayer(it, fn, args.positional[0] ?? { value: UNKNOWN, node: null }, site);
    case 'function': {
      const firstRecord = it.recorded;
      const result = invoke(it, fn, args, site);
      recordUserCall(it, fn.name, result, args, site, { firstRecord });
      return result;
    }
    case 'either': {
      const result = callEither(it, fn, args, site);
      recordUserCall(it, fn.options.map((f) => f.name).join(' | '), result, args, site);
      return result;
    }
    case 'class':
      return instantiate(it, fn, args, site);
    case 'instance': {
      const before = it.recorded;
      const layerArgs = fn.cls.keras ? withFrameworkTraining(it, fn, args, site) : args;
      const { custom, result } = nested(it, fn.cls.keras, () => {
        const custom = fn.cls.keras ? callCustomLayer(it, fn, layerArgs, site) : null;
        return { custom, result: custom ? custom.output : callInstance(it, fn, layerArgs, site) };
      });
      if (fn.cls.keras && opaqueUserLayer(it, fn.cls.name, args, site, result)) return tensor(null);
      // A custom layer is a row that counts its own weights (add_weight) unless layers with weights
      // ran inside it: then it shows its output and their params, which their rows count.
      const inner = it.recordedSince(before).filter((l) => !l.composite);
      const weighted = inner.some((l) => l.params !== 0);
      const nests = fn.cls.keras;
      if (custom && (custom.params !== 0 || !weighted)) recordUserCall(it, fn.cls.name, result, args, site, { own: { cost: { params: custom.params, macs: null }, name: custom.name }, nests });
      else recordUserCall(it, fn.cls.name, result, args, site, { inner: nests ? sumOf(inner.map((l) => l.params)) : null, nests });
      return result;
    }
    case 'model':
      return callModel(it, fn, args, site, callee);
    case 'module':
      if (unknownFrameworkOp(it, fn, args, site, callee)) return tensor(null);
      return unknownClassLayer(it, fn, args, site, callee);
    default:
      return UNKNOWN;
  }
}

/** Runs a custom layer's or a model's call with what it applies nested under it (LayerResult.depth). */
export function nested<T>(it: Interp, nests: boolean, run: () => T): T {
  if (nests) it.nesting++;
  try {
    return run();
  } finally {
    if (nests) it.nesting--;
  }
}

/** The sum of counts, or null when one is unknown. */
export function sumOf(counts: readonly (number | null)[]): number | null {
  return counts.reduce<number | null>((s, c) => (s === null || c === null ? null : s + c), 0);
}

/** How a user call's row counts: a custom layer's own weights, or the params of the rows its call applied (shown, not counted). */
interface UserCallRow {
  readonly own?: { readonly cost: Cost; readonly name: string | null };
  readonly inner?: number | null;
  /** A custom layer's call: what it applied nests under its row. */
  readonly nests?: boolean;
  /** A function's call: where its body's records start (Recorded.firstRecord). */
  readonly firstRecord?: number;
}

/** A user-function call site gets its own entry when it returns tensors (type = the function name). */
function recordUserCall(it: Interp, name: string, result: Value, args: CallArgs, site: PyNode, row: UserCallRow = {}): void {
  const layer = row.own;
  const hasTensor = result.kind === 'tensor' || (isSeq(result) && result.items.some((x) => x.kind === 'tensor'));
  if (!hasTensor || site.type !== 'call') return;
  const nameArg = args.keywords.get('name')?.value;
  const inputs = [...args.positional, ...args.keywords.values()].filter((a): a is { value: TensorV; node: PyNode | null } => a.value.kind === 'tensor');
  it.record({
    type: name,
    name: layer ? layer.name : nameArg?.kind === 'str' ? nameArg.value : null,
    site,
    inputs: inputs.map((a) => ({ tensor: a.value, node: a.node })),
    output: result,
    ...(layer ? { cost: layer.cost } : { composite: true as const, ...(row.inner != null ? { cost: { params: row.inner, macs: null } } : {}) }),
    ...(row.nests ? { nests: true as const } : {}),
    ...(row.firstRecord !== undefined ? { firstRecord: row.firstRecord } : {}),
  });
}

function callOp(it: Interp, ref: OpRefV, args: CallArgs, site: PyNode, callee: string): Value {
  const entry = entryFor(ref, args, it.kerasVersion, certainlyKeras3(site.src));
  // The class as written last in the callee (`layers.Conv2D` → `Conv2D`).
  const className = callee.slice(callee.lastIndexOf('.') + 1);
  if (entry.kind === 'layer' || entry.kind === 'source') checkLayerKeywords(it, className, ref.flavour, args, site);
  switch (entry.kind) {
    case 'layer': {
      const bound = Args.bind(entry.params, args, entry.aliases);
      const nameV = bound.get('name');
      const given = nameV?.kind === 'str' ? nameV.value : null;
      const auto = given === null && !bound.has('name') ? defaultLayerName(it, className, ref.flavour) : null;
      const layer: LayerV = { kind: 'layer', entry, args: bound, flavour: ref.flavour, callee, ctor: site, name: given ?? auto, ...(auto !== null ? { defaultName: true as const } : {}) };
      return layer;
    }
    case 'sequential':
      return newSequential(it, ref, args, site);
    case 'model':
      return newFunctional(it, entry, args, site);
    default:
      return applyOp(it, entry, ref, args, site, callee);
  }
}

function applyOp(it: Interp, entry: OpEntry, ref: OpRefV, args: CallArgs, site: PyNode, callee: string): Value {
  const bound = Args.bind(entry.params, args, entry.aliases);
  const inputNames = entry.kind === 'op' ? (entry.inputs ?? [entry.params[0]!]) : [];
  const input = inputNames.length > 0 ? (bound.get(inputNames[0]!) ?? UNKNOWN) : UNKNOWN;
  const inputs: { tensor: TensorV; node: PyNode | null }[] = [];
  for (const n of inputNames) {
    const v = bound.get(n);
    if (v) inputs.push(...tensorInputs(v, bound.node(n)));
  }
  // An op on something that is not a tensor at all (e.g. numpy data we do not model) stays unknown.
  const syntax = { kind: 'op' as const, callee, ctor: site, input: inputNames.length > 0 ? bound.node(inputNames[0]!) : null };
  const tensors = inputs.map((x) => x.tensor);
  const call: OpCall = { args: bound, input, tensors, flavour: ref.flavour, site, syntax, ctx: it.opContext(site, tensors) };
  const r = entry.apply(call);
  if (entry.kind === 'value') return r.output;
  // A number (`np.prod` of sizes) is no application to list.
  if (entry.record !== false && r.output.kind !== 'num' && r.output.kind !== 'dim') {
    const nameV = bound.get('name');
    // keras.layers' functional merges (`add`, `concatenate`) build the layer class, which takes a default name.
    const merge = entry.kind === 'op' && entry.namespaces.includes('keras.layers') && !bound.has('name') ? entry.names[0]! : null;
    const auto = merge ? defaultLayerName(it, merge[0]!.toUpperCase() + merge.slice(1), ref.flavour) : null;
    it.record({ type: callee, name: nameV?.kind === 'str' ? nameV.value : auto, ...(auto !== null ? { defaultName: true as const } : {}), site, inputs, output: r.output, windowing: r.windowing ?? null, ...(r.cost ? { cost: r.cost } : {}), ...(r.actions ? { actions: r.actions } : {}) });
  }
  return r.output;
}

/** Applies a Keras layer object to its input; `site` is the call that applies it (recorded). */
/** The tensors an argument holds: itself, or each tensor of a list or tuple, with its expression where it is written there. */
export function tensorInputs(v: Value, node: PyNode | null): { tensor: TensorV; node: PyNode | null }[] {
  if (v.kind === 'tensor') return [{ tensor: v, node }];
  if (!isSeq(v)) return [];
  const elems = node && (node.type === 'list' || node.type === 'tuple') ? namedChildren(node) : [];
  return v.items.flatMap((x, i) => (x.kind === 'tensor' ? [{ tensor: x, node: elems[i] ?? null }] : []));
}

export function applyLayer(it: Interp, layer: LayerV, arg: ArgVal, site: PyNode): Value {
  const input = arg.value;
  const inputs = tensorInputs(input, arg.node);
  const effective: Value = layer.entry.takesList ? input : input.kind === 'tensor' ? input : input.kind === 'unknown' ? tensor(null) : input;
  const syntax = { kind: 'layer' as const, callee: layer.callee, ctor: layer.ctor, input: arg.node };
  const tensors = inputs.map((x) => x.tensor);
  const call: OpCall = { args: layer.args, input: effective, tensors, flavour: layer.flavour, site, syntax, ctx: it.opContext(site, tensors) };
  const r = layer.entry.apply(call);
  it.record({ type: layer.callee, name: layer.name, defaultName: layer.defaultName, site, inputs, output: r.output, windowing: r.windowing ?? null, cost: r.cost, actions: r.actions });
  return r.output;
}

/** Applies a layer whose `call` takes several named tensors (OpEntry.callParams); the first is the main input. */
function applyMultiInputLayer(it: Interp, layer: LayerV, args: CallArgs, site: PyNode): Value {
  const params = layer.entry.callParams!;
  const callArgs = Args.bind(params, args);
  const inputs = params.flatMap((p) => {
    const v = callArgs.get(p);
    return v?.kind === 'tensor' ? [{ tensor: v, node: callArgs.node(p) }] : [];
  });
  const main = callArgs.get(params[0]!);
  const input: Value = main?.kind === 'tensor' ? main : tensor(null);
  const syntax = { kind: 'layer' as const, callee: layer.callee, ctor: layer.ctor, input: callArgs.node(params[0]!) };
  const tensors = inputs.map((x) => x.tensor);
  const r = layer.entry.apply({ args: layer.args, input, tensors, callArgs, flavour: layer.flavour, site, syntax, ctx: it.opContext(site, tensors) });
  it.record({ type: layer.callee, name: layer.name, ...(layer.defaultName ? { defaultName: true as const } : {}), site, inputs, output: r.output, windowing: r.windowing ?? null, ...(r.cost ? { cost: r.cost } : {}) });
  return r.output;
}

/** Runs a user function (or lambda) with the call's arguments, or replays an equal call's run (./memo.ts). */
export function invoke(it: Interp, fn: FuncV, args: CallArgs, site: PyNode, frameCls: ClassV | null = null): Value {
  if (it.exhausted) return UNKNOWN;
  it.memo?.checked(it.depth);
  if (it.depth >= LIMITS.depth) {
    it.budgetSpent(site, 'budget-depth', `calls nested deeper than ${LIMITS.depth} are not followed: ${fn.name}(…) here gives an unknown result, and shapes after it are incomplete`);
    return UNKNOWN;
  }
  (it.speculative === 0 ? it.invoked : it.reached).add(fn.node.id);
  const run = (bound: { diagnostics: number }): Value => {
    const scope = new Scope('function', fn.closure);
    const positional = fn.self ? [{ value: fn.self, node: null }, ...args.positional] : args.positional;
    bindParameters(it, fn, { positional, keywords: args.keywords, opaque: args.opaque }, scope, site);
    bound.diagnostics = it.diagnosticLog.length;
    it.depth++;
    const owner = frameCls ?? it.methodOf.get(fn.node.id) ?? null;
    it.frames.push({ returns: [], cls: owner, self: fn.self, site });
    try {
      if (fn.node.type === 'lambda') return evaluate(it, field(fn.node, 'body'), scope);
      const flow = withSizeCases(it, fn, scope, () => execBlock(it, field(fn.node, 'body'), scope));
      // A body the step budget stopped did not return None: what it returns is unknown.
      if (it.exhausted) return UNKNOWN;
      const frame = it.frames[it.frames.length - 1]!;
      const returns = [...frame.returns];
      if (flow !== 'return' && flow !== 'raise') returns.push(NONE);
      if (returns.length === 0) return UNKNOWN;
      return returns.reduce((a, b) => join(a, b));
    } finally {
      it.frames.pop();
      it.depth--;
    }
  };
  return it.memo ? it.memo.call(it, fn, args, frameCls === null, run) : run({ diagnostics: 0 });
}

function bindParameters(it: Interp, fn: FuncV, args: CallArgs, scope: Scope, site: PyNode): void {
  const params = field(fn.node, 'parameters');
  const list = params ? namedChildren(params) : [];
  const missing: { name: string; kwOnly: boolean }[] = [];
  let pos = 0;
  const usedKw = new Set<string>();
  let kwOnly = false;
  for (const p of list) {
    switch (p.type) {
      case 'identifier':
      case 'typed_parameter':
      case 'default_parameter':
      case 'typed_default_parameter': {
        const nameNode = p.type === 'identifier' ? p : (field(p, 'name') ?? namedChildren(p).find((c) => c.type === 'identifier') ?? null);
        if (!nameNode) break;
        const name = textOf(nameNode);
        let v: Value | undefined;
        if (!kwOnly && pos < args.positional.length) v = args.positional[pos++]!.value;
        else if (args.keywords.has(name)) {
          v = args.keywords.get(name)!.value;
          usedKw.add(name);
        } else if (args.opaque) v = UNKNOWN;
        else {
          const dflt = field(p, 'value');
          v = dflt ? evaluate(it, dflt, fn.closure) : it.speculative > 0 ? parameterValue(name) : UNKNOWN;
          if (!dflt) missing.push({ name, kwOnly });
        }
        scope.assign(name, v);
        break;
      }
      case 'list_splat_pattern': {
        const n = namedChildren(p)[0];
        if (n) scope.assign(textOf(n), args.opaque ? UNKNOWN : { kind: 'tuple', items: args.positional.slice(pos).map((a) => a.value) });
        pos = args.positional.length;
        kwOnly = true;
        break;
      }
      case 'keyword_separator':
        kwOnly = true;
        break;
      case 'dictionary_splat_pattern': {
        const n = namedChildren(p)[0];
        if (!n) break;
        if (args.opaque) {
          scope.assign(textOf(n), UNKNOWN);
          break;
        }
        const entries = new Map<string, { key: Value; value: Value }>();
        for (const [k, a] of args.keywords) if (!usedKw.has(k)) entries.set(dictKey({ kind: 'str', value: k })!, { key: { kind: 'str', value: k }, value: a.value });
        scope.assign(textOf(n), { kind: 'dict', entries });
        break;
      }
      default:
        break;
    }
  }
  // A decorator may bind or inject arguments (classmethod, functools.wraps wrappers): then say nothing.
  const decorated = fn.node.parent?.type === 'decorated_definition';
  // Python reports an unexpected keyword before missing arguments (one TypeError per call).
  if (!checkCallKeywords(it, fn, args, site) && missing.length > 0 && it.speculative === 0 && !decorated && site.type === 'call') reportMissing(it, fn, missing, site);
}

/** Python's TypeError for a call that leaves required parameters unbound (it fails every time it runs). */
function reportMissing(it: Interp, fn: FuncV, missing: readonly { name: string; kwOnly: boolean }[], site: PyNode): void {
  for (const kwOnly of [false, true]) {
    const names = missing.filter((m) => m.kwOnly === kwOnly).map((m) => `'${m.name}'`);
    if (names.length === 0) continue;
    const list = names.length === 1 ? names[0]! : names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')}, and ${names.at(-1)}`;
    const kind = kwOnly ? 'keyword-only' : 'positional';
    const owner = it.methodOf.get(fn.node.id);
    it.report({ severity: 'error', code: 'missing-argument', message: `${owner ? `${owner.name}.` : ''}${fn.name}() missing ${names.length} required ${kind} argument${names.length === 1 ? '' : 's'}: ${list} (TypeError at run time)` }, site);
  }
}

export function instantiate(it: Interp, cls: ClassV, args: CallArgs, site: PyNode): Value {
  if (it.speculative === 0) it.instantiated.add(cls.node.id);
  const inst: InstanceV = { kind: 'instance', cls, attrs: new Map(), node: site };
  if (cls.keras) noteLayerName(inst, args);
  const init = findMethod(cls, '__init__');
  if (init && init.fn.kind === 'function') invoke(it, bindMethod(init.fn, inst) as FuncV, args, site, init.owner);
  return inst;
}

/** Calling an instance: Keras models/layers run `call`, other classes `__call__`. */
export function callInstance(it: Interp, inst: InstanceV, args: CallArgs, site: PyNode): Value {
  const m = (inst.cls.keras ? findMethod(inst.cls, 'call') : null) ?? findMethod(inst.cls, '__call__');
  if (!m || m.fn.kind !== 'function') return UNKNOWN;
  return invoke(it, bindMethod(m.fn, inst) as FuncV, args, site, m.owner);
}

