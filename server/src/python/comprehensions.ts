/**
 * List comprehensions and generator expressions over sequences the interpreter can enumerate,
 * bounded by LIMITS.sequence; their own scope, like Python 3's. Separate from the dispatcher
 * because it binds loop targets (assignments.ts) as well as evaluating.
 */
import { Scope } from './env.js';
import { evaluate } from './evaluate.js';
import { LIMITS, type Interp } from './interp.js';
import { iterate } from './iterables.js';
import { assignTarget } from './assignments.js';
import { field, namedChildren, type PyNode } from './syntax.js';
import { truthy, type Value } from './values.js';

/** List comprehensions over known sequences (bounded); null when the sequence is unknown. */
export function comprehension(it: Interp, node: PyNode, scope: Scope): Value[] | null {
  const body = field(node, 'body');
  const clauses = namedChildren(node).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  const results: Value[] = [];
  const inner = new Scope('function', scope);
  const run = (i: number): boolean => {
    if (results.length > LIMITS.sequence || it.exhausted) return false;
    if (i === clauses.length) {
      results.push(evaluate(it, body, inner));
      return true;
    }
    const c = clauses[i]!;
    if (c.type === 'if_clause') {
      const t = truthy(evaluate(it, namedChildren(c)[0] ?? null, inner));
      if (t === null) return false;
      return t ? run(i + 1) : true;
    }
    const seq = iterate(evaluate(it, field(c, 'right'), inner));
    if (!seq) return false;
    for (const item of seq) {
      assignTarget(it, field(c, 'left'), item, inner);
      if (!run(i + 1)) return false;
    }
    return true;
  };
  return run(0) ? results : null;
}
