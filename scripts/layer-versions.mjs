// Writes server/src/python/catalog/layer-versions.ts: which Keras releases export each
// `keras.layers` name, read from the tags of a clone of keras-team/keras (its history holds
// standalone Keras 1.x–2.3, tf.keras 2.6–2.15 and Keras 3). Usage:
//   node scripts/layer-versions.mjs /path/to/keras/.git
// Standalone Keras: the public classes of keras/layers/*.py (and Input, InputLayer, Layer of keras/engine),
// aliases `Name = Other` included; tf.keras and Keras 3: the names their `keras_export` strings
// give (`keras.layers.X`, `keras.layers.experimental.preprocessing.X`). tf.keras 2.0–2.5 lived in
// the TensorFlow repository, so a name already in 2.6 is written "≤2.6".
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const git = process.argv[2];
if (!git) throw new Error('usage: node scripts/layer-versions.mjs KERAS_GIT_DIR');
const run = (...args) => execFileSync('git', ['--git-dir', git, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
const tags = run('tag').split('\n').filter(Boolean);
const grep = (tag, pattern, paths) => {
  try {
    return run('grep', '-h', '-o', '-E', pattern, tag, '--', ...paths).split('\n').filter(Boolean);
  } catch {
    return []; // git grep exits 1 when nothing matches
  }
};

function standalone(tag) {
  const names = new Set();
  for (const line of grep(tag, '^(class [A-Z][A-Za-z0-9]*|([A-Z][A-Za-z0-9]* = )+[A-Z][A-Za-z0-9]*$|def (Input|concatenate|add|subtract|multiply|average|maximum|minimum|dot|merge)\\()', ['keras/layers/', 'keras/engine/topology.py', 'keras/engine/input_layer.py', 'keras/engine/base_layer.py'])) {
    // `Deconvolution2D = Deconv2D = Conv2DTranspose` (Keras 2.0–2.3) names every alias on the left.
    const alias = /^((?:[A-Z][A-Za-z0-9]* = )+)[A-Z][A-Za-z0-9]*$/.exec(line);
    if (alias) for (const n of alias[1].split(' = ').filter(Boolean)) names.add(n);
    const m = alias ? null : /^(?:class |def )?([A-Z][A-Za-z0-9]*|[a-z]+)/.exec(line);
    if (m) names.add(m[1]);
  }
  // Keras 2.0–2.3's keras/layers/__init__.py imports keras/legacy/layers.py (`import *` up to 2.2, the
  // names one by one in 2.3): Merge/merge (to 2.1), MaxoutDense, Highway, AtrousConvolution1D/2D (functions), Recurrent, ConvRecurrent2D.
  for (const line of grep(tag, '^(class [A-Z][A-Za-z0-9]*|def ([A-Z][A-Za-z0-9]*|merge)\\()', ['keras/legacy/layers.py'])) {
    const m = /^(?:class |def )([A-Za-z][A-Za-z0-9]*)/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

function exported(tag, paths) {
  const names = new Set();
  for (const s of grep(tag, `["']keras\\.layers\\.(experimental\\.(preprocessing\\.)?)?[A-Za-z_][A-Za-z0-9_]*["']`, paths)) names.add(s.slice(1, -1).split('.').pop());
  return names;
}

const version = (t) => t.replace(/^v/, '').split('.').map(Number);
const byVersion = (a, b) => { const [x, y] = [version(a), version(b)]; return x[0] - y[0] || x[1] - y[1] || (x[2] ?? 0) - (y[2] ?? 0); };
const minor = (t) => version(t).slice(0, 2).join('.');
const releases = (re) => tags.filter((t) => re.test(t)).sort(byVersion);

const keras1 = standalone('1.2.2');
const keras2Tags = releases(/^2\.[0-3]\.\d+$/);
const tfTags = releases(/^v2\.(6|7|8|9|10|11|12|13|14|15)\.\d+$/);
const k3Tags = releases(/^v3\.\d+\.\d+$/);
const sets = (list, read) => list.map((t) => [t, read(t)]);
const k2 = sets(keras2Tags, standalone);
const tf = sets(tfTags, (t) => exported(t, ['keras/layers/', 'keras/engine/', 'keras/src/layers/', 'keras/src/engine/']));
// Keras 3.0–3.2 kept the sources in keras/, later ones in keras/src/.
const k3 = sets(k3Tags, (t) => exported(t, ['keras/layers/', 'keras/models/', 'keras/src/layers/', 'keras/src/models/']));

/** `first–last` minors of the releases that have `name`, with `≤` when the first release listed has it and older ones are elsewhere. */
function span(list, name, open) {
  const have = list.filter(([, s]) => s.has(name)).map(([t]) => t);
  if (have.length === 0) return null;
  const first = minor(have[0]);
  const last = minor(have[have.length - 1]);
  const lead = open && have[0] === list[0][0] ? '≤' : '';
  const newest = have[have.length - 1] === list[list.length - 1][0];
  if (open === false && newest) return `${first}+`;
  return first === last ? `${lead}${first}` : `${lead}${first}–${last}`;
}

const all = new Set([...keras1, ...k2.flatMap(([, s]) => [...s]), ...tf.flatMap(([, s]) => [...s]), ...k3.flatMap(([, s]) => [...s])]);
const rows = [...all].sort().map((name) => {
  const parts = [];
  if (keras1.has(name)) parts.push('Keras 1.2');
  const a = span(k2, name, null);
  if (a) parts.push(`Keras ${a}`);
  const b = span(tf, name, true);
  if (b) parts.push(`tf.keras ${b}`);
  const c = span(k3, name, false);
  if (c) parts.push(`Keras ${c}`);
  return `  ${/^[A-Za-z_]\w*$/.test(name) ? name : JSON.stringify(name)}: '${parts.join(', ')}',`;
});
const head = run('rev-parse', 'HEAD').trim();
writeFileSync(
  'server/src/python/catalog/layer-versions.ts',
  `/**
 * Which Keras releases export each \`keras.layers\` name (docs/LAYERS.md's versions column), read by
 * scripts/layer-versions.mjs from the tags of keras-team/keras (history up to ${head.slice(0, 12)}):
 * standalone Keras 1.2.2 and 2.0.0–2.3.1, tf.keras 2.6–2.15 ("≤2.6": tf.keras before 2.6 lived in
 * the TensorFlow repository), Keras 3 (a "+" when the newest release still has it). Generated: do not edit.
 */
export const LAYER_VERSIONS: Readonly<Record<string, string>> = {
${rows.join('\n')}
};
`,
);
console.log(`${rows.length} names`);
