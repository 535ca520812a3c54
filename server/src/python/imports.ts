/**
 * Import handling. A framework module is only a dotted path; attribute access on it either finds a
 * catalog entry (`tf.nn.conv2d`, `layers.Conv2D`) or yields a deeper module path. Other modules
 * (the project's files, installed packages such as keras_applications) are read through the
 * analysis' resolver (./modules.ts) and bound to their module scope. Nothing is ever executed.
 * Aliases are normalised: `tensorflow.compat.v1` → `tensorflow`, `tensorflow.python.keras` and
 * `tf_keras` → `tensorflow.keras`, `keras.src` → `keras`, `keras_core` (the Keras 3 preview,
 * 2023, renamed `keras` in Keras 3.0) → `keras`.
 */
import { builtin } from './builtin-fn.js';
import { lookupOp, type Namespace } from './catalog/index.js';
import { DATASET_NAMES } from './catalog/numpy/datasets.js';
import type { DatasetName } from './catalog/types.js';
import type { Scope } from './env.js';
import type { Interp } from './interp.js';
import type { Unresolved } from './modules.js';
import { STDLIB_MODULES } from './stdlib.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import { UNKNOWN, type Flavour, type ArgVal, type ModuleV, type UnknownV, type Value } from './values.js';

export function normalizePath(path: string): string {
  return path
    .replace(/^tensorflow\.compat\.v[12](?=\.|$)/, 'tensorflow')
    .replace(/^tensorflow\.python\.keras(?=\.|$)/, 'tensorflow.keras')
    .replace(/^tensorflow\.python\.layers(?=\.|$)/, 'tensorflow.layers')
    .replace(/^tf_keras(?=\.|$)/, 'tensorflow.keras')
    .replace(/^keras_core(?=\.|$)/, 'keras')
    .replace(/^tensorflow\.contrib\.keras(\.python\.keras)?(?=\.|$)/, 'tensorflow.keras')
    .replace(/^(tensorflow\.)?keras\.src(?=\.|$)/, '$1keras')
    .replace(/^(tensorflow\.)?keras\.api\._v[12]\.keras(?=\.|$)/, 'tensorflow.keras');
}

/** Keras' per-model application modules (Keras 3 keras/applications, tf.keras 2's regnet and resnet_rs). */
const APPLICATION_MODULES: ReadonlySet<string> = new Set([
  'convnext', 'densenet', 'efficientnet', 'efficientnet_v2', 'inception_resnet_v2', 'inception_v3', 'mobilenet', 'mobilenet_v2',
  'mobilenet_v3', 'nasnet', 'regnet', 'resnet', 'resnet50', 'resnet_rs', 'resnet_v2', 'vgg16', 'vgg19', 'xception',
]);

/** The catalog namespace a module path exports, or null. */
export function namespaceOf(path: string): Namespace | null {
  const p = normalizePath(path);
  if (/^(tensorflow\.)?keras\.layers(\.|$)/.test(p)) return 'keras.layers';
  if (/^(tensorflow\.)?keras\.backend$/.test(p)) return 'keras.backend';
  if (/^(tensorflow\.)?keras(\.models|\.engine(\.\w+)?)?$/.test(p)) return 'keras';
  if (/^(tensorflow\.)?keras\.ops(\.numpy|\.nn|\.core|\.math)?$/.test(p)) return 'keras.ops';
  if (/^(tensorflow\.)?keras\.ops\.image$/.test(p)) return 'keras.ops.image';
  if (/^(tensorflow\.)?keras\.utils(\.np_utils)?$/.test(p)) return 'keras.utils';
  if (/^(tensorflow\.)?keras\.initializers$/.test(p) || p === 'tensorflow.initializers') return 'keras.initializers';
  if (/^(tensorflow\.)?keras\.preprocessing\.sequence$/.test(p)) return 'keras.preprocessing.sequence';
  if (/^(tensorflow\.)?keras\.applications\.imagenet_utils$/.test(p)) return 'keras.applications.imagenet_utils';
  const application = /^(tensorflow\.)?keras\.applications\.(\w+)$/.exec(p)?.[2];
  if (application && APPLICATION_MODULES.has(application)) return 'keras.applications.models';
  const dataset = /^(tensorflow\.)?keras\.datasets\.(\w+)$/.exec(p)?.[2];
  if (dataset && (DATASET_NAMES as string[]).includes(dataset)) return `keras.datasets.${dataset as DatasetName}`;
  if (p === 'tensorflow' || p === 'tensorflow.math') return 'tf';
  if (p === 'tensorflow.linalg') return 'tf.linalg';
  if (p === 'tensorflow.nn') return 'tf.nn';
  if (p === 'tensorflow.layers') return 'tf.layers';
  if (p === 'tensorflow.random') return 'tf.random';
  if (p === 'tensorflow.image') return 'tf.image';
  if (p === 'numpy') return 'numpy';
  if (p === 'numpy.random') return 'numpy.random';
  return null;
}

export function flavourOf(path: string): Flavour {
  const p = normalizePath(path);
  if (p.startsWith('tensorflow.keras')) return 'tf.keras';
  if (p === 'keras' || p.startsWith('keras.')) return 'keras';
  return 'tf';
}

const attrCache = new Map<string, Value>();

/** `module.attr`: a catalog entry, or a deeper module (cached: values of these kinds are immutable). */
export function moduleAttr(path: string, attr: string): Value {
  const key = `${path}\u0000${attr}`;
  let v = attrCache.get(key);
  if (v === undefined) {
    v = resolveAttr(path, attr);
    if (attrCache.size < 10_000) attrCache.set(key, v);
  }
  return v;
}

function resolveAttr(path: string, attr: string): Value {
  const ns = namespaceOf(path);
  if (ns) {
    const entry = lookupOp(ns, attr);
    if (entry) return { kind: 'opref', entry, flavour: flavourOf(path) };
    // `keras.Input`, `keras.layers.Input`: Keras re-exports layers at the top level too.
    if (ns === 'keras') {
      const layer = lookupOp('keras.layers', attr);
      if (layer) return { kind: 'opref', entry: layer, flavour: flavourOf(path) };
    }
  }
  if (/^[A-Za-z_]\w*$/.test(attr)) return { kind: 'module', path: `${path}.${attr}` };
  return UNKNOWN;
}

/** Is this (normalised) module one whose names we may resolve on a star import? */
export function isFrameworkModule(path: string): boolean {
  return namespaceOf(path) !== null;
}

/**
 * Top-level packages that are never read from their files: the frameworks the catalog models
 * (their installed sources are the frameworks themselves) and libraries around them that build no
 * layers. Their names resolve through the catalog (or stay opaque modules), as before imports
 * were followed.
 */
const CATALOG_PACKAGES: ReadonlySet<string> = new Set([
  'tensorflow', 'keras', 'tf_keras', 'keras_core', 'numpy', 'torch', 'torchvision', 'jax', 'flax', 'scipy', 'pandas', 'matplotlib',
  'sklearn', 'cv2', 'PIL', 'h5py', 'six', 'absl', 'tqdm', 'tensorflow_datasets', 'tensorflow_hub',
]);

/** Modules whose names stay catalog entries or opaque: framework packages and the standard library. */
function isOpaque(path: string): boolean {
  const top = path.split('.')[0]!;
  return CATALOG_PACKAGES.has(top) || STDLIB_MODULES.has(top);
}

function dottedName(node: PyNode): string {
  return namedChildren(node).map(textOf).join('.');
}

/** A name of an imported file's module: what its body bound (an unknown name stays unknown). */
export function sourceModuleAttr(scope: Scope, name: string): Value {
  return scope.vars.get(name) ?? UNKNOWN;
}

/** One information note at an import whose module is not read; the names it brings are unknown. */
function unresolved(it: Interp, node: PyNode, why: Unresolved): UnknownV {
  const message =
    'missing' in why
      ? `cannot find module '${why.missing}' on the search paths (the importing file's folder, the project, installed packages): the names it brings are unknown`
      : `module not read: ${why.refused}; the names it brings are unknown`;
  it.report({ severity: 'information', code: 'unresolved-import', message }, node);
  return UNKNOWN;
}

/**
 * `import a.b.c`: each package on the way is loaded (its `__init__` run) and knows its submodule,
 * as in Python. Null when the module is a framework's or the standard library's (or no resolver
 * was given): the caller then binds the catalog module path.
 */
function loadDotted(it: Interp, node: PyNode, path: string): { top: Value; leaf: Value } | null {
  const modules = it.modules;
  if (!modules || isOpaque(path)) return null;
  const parts = path.split('.');
  let top: Value = UNKNOWN;
  let parent: ModuleV | null = null;
  for (let i = 1; i <= parts.length; i++) {
    const m = modules.load(it, modules.fileAt(node), parts.slice(0, i).join('.'), 0);
    // Not found: noted once, and from here on an opaque module (its classes applied to tensors still get a row, ./unknown-class.ts).
    if (!('kind' in m)) {
      unresolved(it, node, m);
      const opaque: ModuleV = { kind: 'module', path: parts.slice(0, i).join('.') };
      return { top: i === 1 ? opaque : top, leaf: { kind: 'module', path } };
    }
    if (i === 1) top = m;
    parent?.scope?.vars.set(parts[i - 1]!, m);
    parent = m;
  }
  return { top, leaf: parent ?? UNKNOWN };
}

export function importModule(it: Interp, node: PyNode, scope: Scope): void {
  for (const c of namedChildren(node)) {
    if (c.type === 'dotted_name') {
      const path = dottedName(c);
      const top = path.split('.')[0]!;
      scope.assign(top, loadDotted(it, node, path)?.top ?? { kind: 'module', path: top });
    } else if (c.type === 'aliased_import') {
      const name = field(c, 'name');
      const alias = field(c, 'alias');
      if (!name || !alias) continue;
      const path = dottedName(name);
      scope.assign(textOf(alias), loadDotted(it, node, path)?.leaf ?? { kind: 'module', path });
    }
  }
}

/**
 * The module a `from … import` names; unknown when it was not found (and reported, when a
 * resolver looked); null for catalog modules.
 */
function fromModule(it: Interp, node: PyNode, mod: PyNode): ModuleV | UnknownV | null {
  if (mod.type !== 'relative_import') {
    const loaded = loadDotted(it, node, dottedName(mod));
    if (!loaded) return null;
    return loaded.leaf.kind === 'module' ? loaded.leaf : UNKNOWN;
  }
  // Without a resolver nothing is known about project files: their names are unknown, silently.
  if (!it.modules) return UNKNOWN;
  const prefix = namedChildren(mod).find((c) => c.type === 'import_prefix');
  const dotted = namedChildren(mod).find((c) => c.type === 'dotted_name');
  const level = prefix ? textOf(prefix).length : 1;
  const m = it.modules.load(it, it.modules.fileAt(node), dotted ? dottedName(dotted) : '', level);
  return 'kind' in m ? m : unresolved(it, node, m);
}

/** `from pkg import name`: a name the module bound, else its submodule `pkg.name` (Python tries both). */
function importedName(it: Interp, node: PyNode, mod: ModuleV, name: string): Value {
  // A module that was not found: its names are opaque (a class name applied to a tensor still gets a row).
  if (mod.scope === undefined && mod.file === undefined) return moduleAttr(mod.path, name);
  const own = mod.scope?.vars.get(name);
  if (own !== undefined) return own;
  const file = mod.file;
  if (file === undefined || !it.modules || (file.endsWith('.py') && !file.endsWith('__init__.py'))) return UNKNOWN;
  // A submodule resolves like `from . import name` written inside the package.
  const sub = it.modules.load(it, file.endsWith('.py') ? file : `${file}/__init__.py`, name, 1);
  // Missing, it is named as the code names it (`official.resnet.imagenet_preprocessing`), not as the lookup did (`.imagenet_preprocessing`).
  if (!('kind' in sub)) return unresolved(it, node, 'missing' in sub ? { missing: `${mod.path}.${name}` } : sub);
  mod.scope?.vars.set(name, sub);
  return sub;
}

export function importFrom(it: Interp, node: PyNode, scope: Scope): void {
  const mod = field(node, 'module_name');
  if (!mod) return;
  const names = node.children.filter((x) => x.field === 'name');
  const found = fromModule(it, node, mod);
  if (found === null) return importFromCatalog(it, node, scope, dottedName(mod));
  if (found.kind === 'unknown') {
    for (const c of names) {
      const n = c.type === 'aliased_import' ? field(c, 'alias') : c;
      if (n) scope.assign(textOf(n), UNKNOWN);
    }
    return;
  }
  if (node.children.some((c) => c.type === 'wildcard_import')) {
    for (const [name, value] of publicNames(found)) scope.assign(name, value);
    return;
  }
  for (const c of names) {
    const nameNode = c.type === 'aliased_import' ? field(c, 'name') : c;
    const aliasNode = c.type === 'aliased_import' ? field(c, 'alias') : c;
    if (nameNode && aliasNode) scope.assign(textOf(aliasNode), importedName(it, node, found, textOf(nameNode)));
  }
}

/** What `from m import *` binds: `__all__` when it is a list of strings, else names without a leading `_`. */
function publicNames(mod: ModuleV): [string, Value][] {
  const vars = mod.scope?.vars ?? new Map<string, Value>();
  const all = vars.get('__all__');
  if (all && (all.kind === 'list' || all.kind === 'tuple') && all.items.every((x) => x.kind === 'str')) {
    return all.items.map((x) => [x.kind === 'str' ? x.value : '', vars.get(x.kind === 'str' ? x.value : '') ?? UNKNOWN]);
  }
  return [...vars].filter(([name]) => !name.startsWith('_'));
}

function importFromCatalog(it: Interp, node: PyNode, scope: Scope, path: string): void {
  if (node.children.some((c) => c.type === 'wildcard_import')) {
    if (isFrameworkModule(path)) it.starModules.push(path);
    return;
  }
  for (const c of node.children.filter((x) => x.field === 'name')) {
    const nameNode = c.type === 'aliased_import' ? field(c, 'name') : c;
    const aliasNode = c.type === 'aliased_import' ? field(c, 'alias') : c;
    if (!nameNode || !aliasNode) continue;
    const name = dottedName(nameNode) || textOf(nameNode);
    scope.assign(textOf(aliasNode), applicationAttr(it, path, name) ?? moduleAttr(path, name));
  }
}

/**
 * Keras' own `keras.applications.X` (Keras 2.2.3+, keras/applications/__init__.py and its
 * per-model modules) and tf.keras' (tensorflow/python/keras/applications/__init__.py) call the
 * keras_applications builder of the same name through `keras_modules_injection`, which adds
 * `backend=`, `layers=`, `models=` and `utils=` (the calling Keras' modules) to the keyword
 * arguments. Builder name → keras_applications module (keras-applications 1.0.8).
 */
const APPLICATIONS: Readonly<Record<string, string>> = {
  VGG16: 'vgg16', VGG19: 'vgg19', ResNet50: 'resnet50', InceptionV3: 'inception_v3', InceptionResNetV2: 'inception_resnet_v2',
  Xception: 'xception', MobileNet: 'mobilenet', MobileNetV2: 'mobilenet_v2', DenseNet121: 'densenet', DenseNet169: 'densenet',
  DenseNet201: 'densenet', NASNetMobile: 'nasnet', NASNetLarge: 'nasnet', ResNet101: 'resnet', ResNet152: 'resnet',
  ResNet50V2: 'resnet_v2', ResNet101V2: 'resnet_v2', ResNet152V2: 'resnet_v2', ResNeXt50: 'resnext', ResNeXt101: 'resnext',
};

/**
 * `keras.applications.ResNet50` (or `…applications.resnet50.ResNet50`) as the keras_applications
 * builder with the Keras modules injected, when that package is on the search paths; null when
 * the name is not one (the catalog answers), unknown when the package is not found.
 */
export function applicationAttr(it: Interp, path: string, name: string): Value | null {
  const m = /^((?:tensorflow\.)?keras)\.applications(?:\.(\w+))?$/.exec(normalizePath(path));
  const module = m?.[2] ?? APPLICATIONS[name];
  if (!m || !module || !(name in APPLICATIONS) || !Object.values(APPLICATIONS).includes(module) || !it.modules) return null;
  const loaded = it.modules.load(it, it.modules.file, `keras_applications.${module}`, 0);
  const builder = 'kind' in loaded ? loaded.scope?.vars.get(name) : undefined;
  if (!builder || builder.kind !== 'function') return unknownApplication(it, name);
  const keras = m[1]!;
  const injected = ['backend', 'layers', 'models', 'utils'].map((k): [string, ArgVal] => [k, { value: { kind: 'module', path: `${keras}.${k}` }, node: null }]);
  return builtin(name, (args, site) => it.callHook(builder, { ...args, keywords: new Map([...args.keywords, ...injected]) }, site));
}

/** Without keras_applications: the call is one row of unknown shape, with a note saying why. */
function unknownApplication(it: Interp, name: string): Value {
  return builtin(name, (_args, site) => {
    const callee = site.type === 'call' ? field(site, 'function') : null;
    it.record({ type: callee ? textOf(callee) : name, name: null, site, inputs: [], output: UNKNOWN });
    it.report({ severity: 'information', code: 'unresolved-import', message: `${name} is built by keras_applications, which is not on the search paths (add it with shapelens.python.searchPaths or --path): its layers are unknown` }, site);
    return UNKNOWN;
  });
}
