/**
 * Entry points (issue 8 §1): after the module body has run, every top-level function and class no
 * call site reached is analysed on its own, as library modules (keras-applications) are written to
 * be used. Parameters with defaults take them, as at run time; parameters without become tensors
 * of unknown rank (layers read them as symbolic `(N, H, W, C)`). A class is instantiated with its
 * `__init__`'s defaults and each of its methods called on that instance.
 *
 * Builders run before the helpers they mention (callersFirst: a driver before the model it builds,
 * the model before its blocks), so a helper's rows carry the builder's shapes; a helper still unreached afterwards is
 * an entry point of its own. Nested definitions are never entry points: they run only when the
 * code around them calls them. Each entry point is its own run (Interp.runs) with its own budget.
 */
import { bindMethod, instantiate, invoke } from './calls.js';
import type { Interp } from './interp.js';
import { runEntryPoint } from './kept-entries.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import { symName } from '../engine/dim.js';
import { parameterValue, str, type ArgVal, type CallArgs, type ClassV, type FuncV, type InstanceV, type Value } from './values.js';

const NO_ARGS: CallArgs = { positional: [], keywords: new Map(), opaque: false };

type Entry = { readonly kind: 'function'; readonly fn: FuncV } | { readonly kind: 'class'; readonly cls: ClassV };

export function runEntryPoints(it: Interp): void {
  for (const e of callersFirst(topLevelEntries(it))) {
    if (e.kind === 'function' ? ran(it, e.fn) : classRan(it, e.cls)) continue;
    if (!it.slice()) return;
    it.run = it.runs.push({ name: nameOf(e), node: nodeOf(e) }) - 1;
    it.documentStatement = nodeOf(e);
    it.speculative++;
    try {
      if (e.kind === 'function') runEntryPoint(it, e.fn, () => invoke(it, e.fn, entryArgs(it, e.fn), e.fn.node));
      else runClass(it, e.cls);
    } finally {
      it.speculative--;
      it.run = 0;
    }
  }
}

/**
 * The entries with each one before those it mentions (a driver before the model it builds, the
 * model before its blocks), so a helper's rows carry its callers' sizes: a depth-first walk of
 * the mentions from each entry no other mentions (in definition order), callers before callees;
 * an entry only in a cycle of mentions goes in definition order after them.
 */
function callersFirst(entries: readonly Entry[]): Entry[] {
  const byName = new Map(entries.map((e) => [nameOf(e), e]));
  const mentions = new Map(entries.map((e) => [e, [...identifiersIn(nodeOf(e))].filter((n) => n !== nameOf(e) && byName.has(n)).map((n) => byName.get(n)!)]));
  const mentioned = new Set([...mentions.values()].flat());
  const done = new Set<Entry>();
  const visit = (e: Entry, post: Entry[]) => {
    if (done.has(e)) return;
    done.add(e);
    // In definition order: identifiersIn collects them in no particular order.
    for (const m of [...mentions.get(e)!].sort((a, b) => nodeOf(a).startIndex - nodeOf(b).startIndex)) visit(m, post);
    post.push(e);
  };
  // Root by root in definition order (the first builder of a module shows its shared helpers).
  const ordered = entries.filter((e) => !mentioned.has(e)).flatMap((root) => {
    const post: Entry[] = [];
    visit(root, post);
    return post.reverse();
  });
  return [...ordered, ...entries.filter((e) => !done.has(e))];
}

/**
 * keras-applications builders take the Keras modules in `**kwargs` and read them with
 * `get_submodules_from_kwargs(kwargs)` (keras_applications/__init__.py); analysed with no caller,
 * they get them as Keras 2.2's `keras.applications` passes them (`backend=keras.backend,
 * layers=keras.layers, models=keras.models, utils=keras.utils`), and a note says so.
 */
function entryArgs(it: Interp, fn: FuncV): CallArgs {
  const params = field(fn.node, 'parameters');
  const splat = params ? namedChildren(params).find((p) => p.type === 'dictionary_splat_pattern') : undefined;
  const kwargs = splat ? namedChildren(splat)[0] : undefined;
  // The builder reads the modules itself, or hands its **kwargs on to one in its file that does
  // (DenseNet121(**kwargs) → DenseNet(blocks, …, **kwargs) in keras_applications/densenet.py).
  if (!kwargs || !identifiersIn(moduleOf(fn.node)).has('get_submodules_from_kwargs')) return formatArgs(it, fn);
  const modules = new Map<string, ArgVal>(['backend', 'layers', 'models', 'utils'].map((m) => [m, { value: { kind: 'module', path: `keras.${m}` }, node: null }]));
  it.report(
    {
      severity: 'information',
      code: 'entry-point-keras-modules',
      message: `${fn.name} is analysed as keras.applications calls it: ${textOf(kwargs)} = dict(backend=keras.backend, layers=keras.layers, models=keras.models, utils=keras.utils) (nothing in this file calls it)`,
      node: field(fn.node, 'name'),
    },
    fn.node,
  );
  return { positional: [], keywords: modules, opaque: false };
}

function ran(it: Interp, fn: FuncV): boolean {
  return it.invoked.has(fn.node.id) || it.reached.has(fn.node.id);
}

/**
 * Functions and classes defined at module level of the document, in definition order (those of
 * imported files are theirs to show when opened: here only their calls count).
 */
function topLevelEntries(it: Interp): Entry[] {
  const out: Entry[] = [];
  const own = (node: PyNode) => atModuleLevel(node) && it.modules?.fileOf(node.src) === undefined;
  for (const fn of it.functions.values()) if (!it.methodOf.has(fn.node.id) && own(fn.node)) out.push({ kind: 'function', fn });
  for (const cls of it.classes.values()) if (own(cls.node)) out.push({ kind: 'class', cls });
  return out.sort((a, b) => nodeOf(a).startIndex - nodeOf(b).startIndex);
}

function atModuleLevel(def: PyNode): boolean {
  const p = def.parent?.type === 'decorated_definition' ? def.parent.parent : def.parent;
  return p?.type === 'module';
}

function nodeOf(e: Entry): PyNode {
  return e.kind === 'function' ? e.fn.node : e.cls.node;
}

function nameOf(e: Entry): string {
  return e.kind === 'function' ? e.fn.name : e.cls.name;
}

/** The module node a definition sits in. */
function moduleOf(node: PyNode): PyNode {
  let n = node;
  while (n.parent) n = n.parent;
  return n;
}

function identifiersIn(node: PyNode): Set<string> {
  const out = new Set<string>();
  const todo = [...node.children];
  while (todo.length > 0) {
    const n = todo.pop()!;
    if (n.type === 'identifier') out.add(textOf(n));
    else todo.push(...n.children);
  }
  return out;
}

/** Every method (and `__init__`) already ran, from a call site or inside another entry point. */
function classRan(it: Interp, cls: ClassV): boolean {
  const init = initOf(it, cls);
  return (init === undefined || ran(it, init) || it.instantiated.has(cls.node.id)) && methodsOf(it, cls).every((m) => ran(it, m));
}

function methodsOf(it: Interp, cls: ClassV): FuncV[] {
  return [...it.functions.values()].filter((f) => it.methodOf.get(f.node.id) === cls && f.name !== '__init__');
}

function initOf(it: Interp, cls: ClassV): FuncV | undefined {
  return [...it.functions.values()].find((f) => it.methodOf.get(f.node.id) === cls && f.name === '__init__');
}

/**
 * TF code takes the layout as a `data_format` parameter and, left None, picks it by the machine
 * (tensorflow/models official/resnet/resnet_model.py · Model.__init__: `'channels_first' if
 * tf.test.is_built_with_cuda() else 'channels_last'`). With no caller, such a parameter (no
 * default, or None) is the layout the setting gives Keras' image_data_format(), as an assumption:
 * a note says so, and what only that layout reports is information (analyze.ts runs the other).
 */
function formatArgs(it: Interp, fn: FuncV | undefined, shown = fn?.name): CallArgs {
  const params = fn ? field(fn.node, 'parameters') : null;
  const param = params ? namedChildren(params).find((p) => parameterName(p) === 'data_format') : undefined;
  if (!fn || !param) return NO_ARGS;
  const dflt = field(param, 'value');
  if (dflt && textOf(dflt) !== 'None') return NO_ARGS;
  const layout = it.channelsFirst ? 'channels_first' : 'channels_last';
  if (!it.configSet) it.configRead ??= param;
  it.report(
    {
      severity: 'information',
      code: 'entry-point-data-format',
      message: `${shown} is analysed with data_format='${layout}', the image_data_format setting (nothing in this file calls it)`,
      node: param,
    },
    fn.node,
  );
  return { positional: [], keywords: new Map([['data_format', { value: str(layout), node: null }]]), opaque: false };
}

/**
 * A part of an uncalled entry point's parameter with no default (`flags_obj.batch_size`,
 * `params['resnet_size']`: flags and an Estimator's params), or null for any other value: a
 * parameter like it, named after where it comes from (its size reads as that symbol). A part named
 * `data_format` is the layout as formatArgs gives it, with the same note.
 */
export function parameterPart(it: Interp, v: Value, part: string, spelled: string, node: PyNode): Value | null {
  const name = v.kind === 'tensor' && v.shape === null && v.asSize !== undefined ? symName(v.asSize) : null;
  if (name === null || it.speculative === 0) return null;
  const full = `${name}${spelled}`;
  if (part !== 'data_format') return parameterValue(full);
  const layout = it.channelsFirst ? 'channels_first' : 'channels_last';
  if (!it.configSet) it.configRead ??= it.documentNode(node);
  const entry = it.runs[it.run]?.name ?? '';
  it.report({ severity: 'information', code: 'entry-point-data-format', message: `${full} is analysed as '${layout}', the image_data_format setting (${entry} is analysed on its own: nothing in this file calls it)`, node }, node);
  return str(layout);
}

function parameterName(p: PyNode): string | null {
  if (p.type === 'identifier') return textOf(p);
  const name = field(p, 'name') ?? namedChildren(p).find((c) => c.type === 'identifier');
  return name ? textOf(name) : null;
}

/** A class: one instance from `__init__`'s defaults, then each method no call reached, on it. */
function runClass(it: Interp, cls: ClassV): void {
  let inst = it.speculativeInstances.get(cls.node.id);
  if (!inst) {
    const made = instantiate(it, cls, formatArgs(it, initOf(it, cls), cls.name), cls.node);
    if (made.kind !== 'instance') return;
    inst = made as InstanceV;
    it.speculativeInstances.set(cls.node.id, inst);
  }
  for (const fn of methodsOf(it, cls)) {
    if (ran(it, fn) || it.exhausted) continue;
    // Static methods get no `self`, class methods the class.
    const def = fn.node.parent?.type === 'decorated_definition' ? fn.node.parent : null;
    const decorators = def ? namedChildren(def).filter((c) => c.type === 'decorator').map(textOf) : [];
    const bound: Value = decorators.some((d) => d.includes('staticmethod')) ? fn : bindMethod(fn, decorators.some((d) => d.includes('classmethod')) ? cls : inst);
    if (bound.kind === 'function') invoke(it, bound, NO_ARGS, fn.node);
  }
}
