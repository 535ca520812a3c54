/**
 * `name.attr` where `name` is certainly None: Python raises AttributeError every time the line runs
 * (keras-applications 1.0.8 called without its `backend=`/`layers=`/… keywords leaves its module
 * globals None, keras_applications/__init__.py `get_submodules_from_kwargs`). Reported at the
 * outermost call that got there, which is where the user can fix it, and only where nothing can
 * intervene: a real run (not an entry point analysed on its own), a plain name (instance attributes
 * are often set by a `build()` Keras calls first), outside any `try`.
 */
import type { Interp } from './interp.js';
import { field, textOf, type PyNode } from './syntax.js';

export function noneAttribute(it: Interp, node: PyNode): void {
  const object = field(node, 'object');
  const attr = field(node, 'attribute');
  if (!object || !attr || object.type !== 'identifier' || it.speculative > 0 || it.guarded > 0) return;
  const at = it.frames[0]?.site ?? node;
  // Where it is reported depends on the outermost call: no statement or call that gets here is kept.
  it.untracked++;
  // Python stops at the first one: the accesses after it in the same call never run.
  if (it.raisedAt.has(at)) return;
  it.raisedAt.add(at);
  const where = at === node ? '' : ` (inside, at line ${node.start.line + 1}: \`${textOf(node)}\`)`;
  it.report({ severity: 'error', code: 'none-attribute', message: `AttributeError at run time: \`${textOf(object)}\` is None, so it has no attribute '${textOf(attr)}'${where}` }, at);
}
