/**
 * docs/LAYERS.md, generated from the catalog (`npm run docs:layers`; test/python/layers-doc.test.ts
 * fails when the file is out of date): every Keras layer class the catalog knows, by family, with
 * the frameworks that have it, and the public classes it does not cover with the reason.
 */
// The catalog index first, as the analysis loads it: its modules import one another through it.
import './index.js';
import { KERAS_FAMILIES } from './keras/index.js';
import { KERAS1_ENTRIES } from './keras1.js';
import { KERAS1_LAYER_ENTRIES } from './keras1-layers.js';
import { LAYER_VERSIONS } from './layer-versions.js';
import { TF_LAYER_CLASSES } from './tf/layers-functions.js';
import type { OpEntry } from './types.js';

/** Public `keras.layers` classes without an entry, and why (they still get a row and a note, ../unknown-class.ts). */
export const NOT_COVERED: readonly { readonly names: string; readonly reason: string }[] = [
  { names: 'TFSMLayer', reason: 'loads a SavedModel from disk: its shapes are in the file, not the code' },
  { names: 'TorchModuleWrapper, JaxLayer, FlaxLayer', reason: 'wraps another framework\'s module, which Shape Lens does not read' },
  { names: 'DenseFeatures', reason: 'tf.keras 2 feature columns: the input is a dict of features' },
  { names: 'Wrapper, InputSpec, AbstractRNNCell', reason: 'base classes, not layers one applies' },
  { names: 'Recurrent, ConvRecurrent2D, PreprocessingLayer', reason: 'abstract base classes (Keras 1–2.3 recurrent layers, tf.keras preprocessing): their subclasses are the layers' },
  { names: 'Container, Node', reason: 'Keras 1–2.3 graph machinery (Container is the functional model\'s base, Node a link between layers), not layers one applies' },
  { names: 'serialize, deserialize, enable_v2_dtype_behavior, disable_v2_dtype_behavior', reason: 'functions on layer configs and dtype policies: they make no tensor' },
];

const KERAS_DEFAULT = 'Keras 2, tf.keras, Keras 3';

/** The frameworks of a name the releases export, read off its versions (`Keras 2.0–2.3, tf.keras ≤2.6–2.15` → `Keras 2, tf.keras`). */
function frameworksFromVersions(versions: string | undefined): string | null {
  if (versions === undefined) return null;
  const has = (re: RegExp) => re.test(versions);
  const parts = [has(/Keras 2\./) ? 'Keras 2' : null, has(/tf\.keras/) ? 'tf.keras' : null, has(/Keras 3\./) ? 'Keras 3' : null].filter((x) => x !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function frameworksOf(e: OpEntry, keras1: boolean, name: string): string {
  if (keras1) return 'Keras 1';
  const base = e.frameworks ?? frameworksFromVersions(LAYER_VERSIONS[name]) ?? KERAS_DEFAULT;
  return TF_LAYER_CLASSES.has(name) ? `${base}; tf.layers` : base;
}

function rows(e: OpEntry, keras1: boolean): string[] {
  const kind = e.kind === 'op' ? 'function' : e.kind === 'layer' ? 'class' : e.kind === 'value' ? 'base class' : e.kind;
  const status = e.kind === 'value' ? 'subclasses are interpreted (`build`, `call`)' : 'covered';
  return e.names.map((n) => `| \`${n}\` | ${kind} | ${frameworksOf(e, keras1, n)} | ${LAYER_VERSIONS[n] ?? '—'} | ${status} |`);
}

export function layersMarkdown(): string {
  const lines = [
    '# Keras layers Shape Lens knows',
    '',
    'Generated from `server/src/python/catalog/` by `npm run docs:layers` (a test fails when this file is',
    'out of date). "covered": output shape and parameter count as Keras computes them, each entry citing',
    'the Keras source it follows. A class not listed still gets a row with an unknown shape and a note.',
    '"versions": the releases whose `keras.layers` export the name (standalone Keras 1.2 and 2.0–2.3,',
    'tf.keras 2.x — "≤2.6" when already in 2.6, the oldest tf.keras in the Keras repository — and Keras 3,',
    '"+" while the newest release has it), from the tags of keras-team/keras (`scripts/layer-versions.mjs`);',
    '"—": not a `keras.layers` name there (a model class, a Keras 1 function). "frameworks" follows the versions',
    '(Keras 2: standalone 2.0–2.3), or the entry\'s own note where the name comes from elsewhere (`tf.compat.v1`).',
    '',
  ];
  const families = [...KERAS_FAMILIES.map((f) => ({ ...f, keras1: false })), { family: 'keras1', entries: [...KERAS1_ENTRIES, ...KERAS1_LAYER_ENTRIES], keras1: true }];
  for (const f of families) {
    const entries = f.entries.filter((e) => e.namespaces.includes('keras.layers') || e.namespaces.includes('keras'));
    if (entries.length === 0) continue;
    lines.push(`## ${f.family}`, '', '| class | kind | frameworks | versions | status |', '| --- | --- | --- | --- | --- |');
    for (const e of entries) lines.push(...rows(e, f.keras1));
    lines.push('');
  }
  lines.push('## Not covered', '', '| class | reason |', '| --- | --- |');
  for (const n of NOT_COVERED) lines.push(`| ${n.names.split(', ').map((x) => `\`${x}\``).join(', ')} | ${n.reason} |`);
  lines.push('');
  return lines.join('\n');
}
