/**
 * A keyword argument that names no parameter of the user function or class it is passed to
 * (issue 8 §6): `def f(x, filters): …; f(x, filter=3)` raises `TypeError: f() got an unexpected
 * keyword argument 'filter'` at the call, every time it runs (CPython Python/ceval.c ·
 * positional_only_passed_as_keyword / the "unexpected keyword argument" error of
 * _PyEval_MakeFrameVector; from 3.13 with "Did you mean 'filters'?", Python/suggestions.c). Under
 * the rules of the missing-argument check next to it in calls.ts: a call the analysis certainly
 * makes (not speculative, not a decorated function, a real call node), to a function with no
 * `**kwargs`; a Keras layer's `call`, which `Layer.__call__` runs and hands `training`/`mask`
 * only when it takes them, is never checked, nor a method of a decorated class.
 */
import { replaceFix } from './catalog/fixes.js';
import { keywordNode } from './layer-keywords.js';
import type { Interp } from './interp.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import type { CallArgs, FuncV } from './values.js';

/** The names a function's parameters bind by keyword; null when a `**kwargs` takes any keyword. */
function keywordNames(fn: FuncV): Set<string> | null {
  const params = field(fn.node, 'parameters');
  const names = new Set<string>();
  for (const p of params ? namedChildren(params) : []) {
    // `**kwargs`, also typed (`**kwargs: Any`): any keyword is taken.
    if (p.type === 'dictionary_splat_pattern' || namedChildren(p).some((c) => c.type === 'dictionary_splat_pattern')) return null;
    const name = p.type === 'identifier' ? p : p.type === 'list_splat_pattern' ? null : (field(p, 'name') ?? namedChildren(p).find((c) => c.type === 'identifier') ?? null);
    if (name) names.add(textOf(name));
  }
  return names;
}

/** Reports each keyword `fn` cannot take; true when there was one (the call's TypeError). */
export function checkCallKeywords(it: Interp, fn: FuncV, args: CallArgs, site: PyNode): boolean {
  if (args.keywords.size === 0 || it.speculative > 0 || site.type !== 'call') return false;
  if (fn.node.parent?.type === 'decorated_definition') return false;
  const owner = it.methodOf.get(fn.node.id);
  if (owner && (owner.node.parent?.type === 'decorated_definition' || (owner.keras && fn.name === 'call'))) return false;
  const accepted = keywordNames(fn);
  if (accepted === null) return false;
  let reported = false;
  const candidates = [...accepted].filter((n) => n !== 'self' && n !== 'cls');
  for (const [name, arg] of args.keywords) {
    if (accepted.has(name)) continue;
    reported = true;
    const keyword = keywordNode(arg.node);
    const near = pythonSuggestion(name, candidates);
    it.report(
      {
        severity: 'error',
        code: 'unexpected-keyword',
        message: `${owner ? `${owner.name}.` : ''}${fn.name}() got an unexpected keyword argument '${name}' (TypeError at run time)${near ? `; did you mean '${near}'?` : ''}`,
        node: keyword ?? arg.node,
        fixes: keyword && near ? [replaceFix(keyword, near, `Rename ${name} to ${near}`)] : [],
      },
      site,
    );
  }
  return reported;
}

/**
 * The parameter CPython 3.13 suggests ("Did you mean …?"): Python/suggestions.c ·
 * calculate_suggestions over the function's parameter names in order, with its edit cost
 * (_Py_UTF8_Edit_Cost: 2 per insertion, deletion or substitution, 1 for a change of case) and its
 * bound (len(name) + len(candidate) + 3) * 2 / 6, the first nearest kept.
 */
function pythonSuggestion(name: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestCost = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    if (c === name) continue;
    const bound = Math.min(Math.floor(((name.length + c.length + 3) * 2) / 6), bestCost - 1);
    const cost = editCost(name, c);
    if (cost <= bound && cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}

function editCost(a: string, b: string): number {
  const sub = (x: string, y: string) => (x === y ? 0 : x.toLowerCase() === y.toLowerCase() ? 1 : 2);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => 2 * j);
  for (let i = 1; i <= a.length; i++) {
    const row = [2 * i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 2, row[j - 1]! + 2, prev[j - 1]! + sub(a[i - 1]!, b[j - 1]!)));
    prev = row;
  }
  return prev[b.length]!;
}
