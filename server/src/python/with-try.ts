/**
 * `with` and `try`: `with … as x` binds x to the manager's value only when that is a tensor (what
 * `__enter__` returns for anything else is not modelled: unknown); a `try` body runs with
 * `Interp.guarded` raised (an exception there may be caught, so none-access.ts does not call it an
 * error), then its `else` and `finally`. Separate from the dispatcher in statements.ts.
 */
import { assignTarget } from './assignments.js';
import { evaluate } from './evaluate.js';
import type { Scope } from './env.js';
import type { Interp } from './interp.js';
import { execBlock, type Flow } from './statements.js';
import { field, namedChildren, type PyNode } from './syntax.js';
import { UNKNOWN } from './values.js';

export function execWith(it: Interp, node: PyNode, scope: Scope): Flow {
  for (const item of node.children.find((c) => c.type === 'with_clause')?.children.filter((c) => c.type === 'with_item') ?? []) {
    const value = field(item, 'value');
    if (value?.type === 'as_pattern') {
      const v = evaluate(it, namedChildren(value)[0] ?? null, scope);
      const target = value.children.find((c) => c.field === 'alias');
      assignTarget(it, target ? (namedChildren(target)[0] ?? target) : null, v.kind === 'tensor' ? v : UNKNOWN, scope);
    } else evaluate(it, value, scope);
  }
  return execBlock(it, field(node, 'body'), scope);
}

export function execTry(it: Interp, node: PyNode, scope: Scope): Flow {
  it.guarded++;
  let flow: Flow;
  try {
    flow = execBlock(it, field(node, 'body'), scope);
  } finally {
    it.guarded--;
  }
  const elseClause = namedChildren(node).find((c) => c.type === 'else_clause');
  let result = flow;
  if (flow === 'normal' && elseClause) result = execBlock(it, field(elseClause, 'body'), scope);
  const fin = namedChildren(node).find((c) => c.type === 'finally_clause');
  if (fin) {
    const f = execBlock(it, namedChildren(fin).find((c) => c.type === 'block') ?? null, scope);
    if (f !== 'normal') return f;
  }
  // An exception in the body would run an except clause instead; a raise is not followed.
  return result === 'raise' ? 'normal' : result;
}
