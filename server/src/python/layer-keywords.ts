/**
 * Unknown keyword arguments to a Keras layer class (issue 8 §6). Keras 2 raises TypeError
 * ("Keyword argument not understood", the base Layer's `allowed_kwargs`), Keras 3 ValueError
 * ("Unrecognized keyword arguments passed to …"). The code fails only if every release it may run
 * under rejects the keyword, so a warning needs every dialect in play to have a table for the class
 * (./catalog/keywords.ts, read from keras-team/keras' release tags) and none to list the keyword.
 */
import { closestName } from '../caffe/suggest.js';
import { replaceFix } from './catalog/fixes.js';
import { LAYER_KEYWORDS } from './catalog/keywords.js';
import type { Dialect } from './catalog/sizes.js';
import type { Interp } from './interp.js';
import type { PyNode } from './syntax.js';
import type { CallArgs, Flavour } from './values.js';

const KERAS_2_PLUS: readonly Dialect[] = ['Keras 2.0–2.3', 'tf.keras 2', 'Keras 3'];
const TF_KERAS: readonly Dialect[] = ['tf.keras 2', 'Keras 3'];

/** Who may run a layer of this flavour: standalone `keras` 2+ is also tf.keras 2 from Keras 2.4 to 2.15. */
function dialects(flavour: Flavour, kerasVersion: 1 | 2): readonly Dialect[] | null {
  if (flavour === 'keras') return kerasVersion === 1 ? null : KERAS_2_PLUS;
  if (flavour === 'tf.keras') return TF_KERAS;
  return null;
}

/** Checks the keywords of `cls(…)` (the class name as the code calls it) and reports each one nobody accepts. */
export function checkLayerKeywords(it: Interp, cls: string, flavour: Flavour, args: CallArgs, site: PyNode): void {
  if (args.keywords.size === 0) return;
  const ds = dialects(flavour, it.kerasVersion);
  const accepted = ds ? acceptedBy(ds, cls) : null;
  if (!ds || !accepted) return;
  for (const [name, arg] of args.keywords) {
    if (accepted.has(name)) continue;
    const keyword = keywordNode(arg.node);
    const near = closestName(name, accepted);
    it.report(
      {
        severity: 'warning',
        code: 'unknown-keyword',
        message: `${cls}() got an unexpected keyword argument '${name}': no release of ${ds.join(' or ').replace(/ or (?=.* or )/g, ', ')} accepts it (a TypeError or ValueError when it runs, by version)${near ? `; did you mean '${near}'?` : ''}`,
        node: keyword ?? arg.node,
        fixes: keyword && near ? [replaceFix(keyword, near, `Rename ${name} to ${near}`)] : [],
      },
      site,
    );
  }
}

/** By dialect list (one of the two above), then class. */
const ACCEPTED = new Map<readonly Dialect[], Map<string, ReadonlySet<string> | null>>();

/** What some release of one of `ds` accepts for `cls`; null when one of them has no table (anything goes). */
function acceptedBy(ds: readonly Dialect[], cls: string): ReadonlySet<string> | null {
  let byClass = ACCEPTED.get(ds);
  if (!byClass) ACCEPTED.set(ds, (byClass = new Map()));
  let set = byClass.get(cls);
  if (set === undefined) {
    // Own keys only: a callee spelt `constructor` is no class of the table.
    const tables = ds.map((d) => {
      const t = LAYER_KEYWORDS[d];
      return t && Object.hasOwn(t, cls) ? t[cls] : undefined;
    });
    set = tables.some((t) => t === undefined) ? null : new Set(tables.flatMap((t) => t ?? []));
    byClass.set(cls, set);
  }
  return set;
}

/** The `name` of `name=value` for the value node of a keyword argument (null: from a `**dict`). */
export function keywordNode(value: PyNode | null): PyNode | null {
  const kw = value?.parent;
  if (!kw || kw.type !== 'keyword_argument') return null;
  return kw.children.find((c) => c.field === 'name') ?? null;
}
