/**
 * `if` / `elif` / `else`: a known condition runs one branch; an unknown one runs both on copies of
 * the variables and joins them (equal values kept, differing ones unknown; a path that left does
 * not contribute). `joinVars` is also how loops of unknown length join their state (loops.ts).
 */
import { joinPaths, logged, undo } from './attr-joins.js';
import { invoke } from './calls.js';
import { mutates } from './size-cases.js';
import { evaluate } from './evaluate.js';
import type { Scope } from './env.js';
import type { Interp } from './interp.js';
import { execBlock, type Flow } from './statements.js';
import { field, fields, type PyNode } from './syntax.js';
import { join, truthy, UNKNOWN, type CallArgs, type EitherV, type Value } from './values.js';

/** Runs `run` on a copy of the scope's variables; returns its flow and the variables it left. */
function branch(scope: Scope, start: Map<string, Value>, run: () => Flow): { flow: Flow; vars: Map<string, Value> } {
  scope.vars = new Map(start);
  const flow = run();
  return { flow, vars: scope.vars };
}

export function joinVars(a: Map<string, Value>, b: Map<string, Value>): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const [k, v] of a) {
    const w = b.get(k);
    out.set(k, w === undefined ? UNKNOWN : join(v, w));
  }
  for (const k of b.keys()) if (!a.has(k)) out.set(k, UNKNOWN);
  return out;
}

/** Both paths of an unknown decision: a path that left (return/raise/break) does not contribute. */
function merge(scope: Scope, a: { flow: Flow; vars: Map<string, Value> }, b: { flow: Flow; vars: Map<string, Value> }): Flow {
  if (a.flow !== 'normal' && b.flow !== 'normal') {
    scope.vars = joinVars(a.vars, b.vars);
    return a.flow === b.flow ? a.flow : a.flow === 'return' || b.flow === 'return' ? 'return' : a.flow;
  }
  if (a.flow !== 'normal') {
    scope.vars = b.vars;
    return 'normal';
  }
  if (b.flow !== 'normal') {
    scope.vars = a.vars;
    return 'normal';
  }
  scope.vars = joinVars(a.vars, b.vars);
  return 'normal';
}

export function execIf(it: Interp, node: PyNode, scope: Scope): Flow {
  const alternatives = fields(node, 'alternative');
  return runConditional(it, field(node, 'condition'), field(node, 'consequence'), alternatives, scope);
}

function runConditional(it: Interp, cond: PyNode | null, body: PyNode | null, alternatives: PyNode[], scope: Scope): Flow {
  const c = truthy(evaluate(it, cond, scope));
  const rest = (): Flow => {
    const [first, ...others] = alternatives;
    if (!first) return 'normal';
    if (first.type === 'else_clause') return execBlock(it, field(first, 'body'), scope);
    return runConditional(it, field(first, 'condition'), field(first, 'consequence'), others, scope);
  };
  if (c === true) return execBlock(it, body, scope);
  if (c === false) return rest();
  const start = scope.snapshot();
  const first = logged(it, () => branch(scope, start, () => execBlock(it, body, scope)));
  const left = undo(first.log);
  const second = logged(it, () => branch(scope, start, rest));
  const [a, b] = [first.result, second.result];
  joinPaths(left, second.log, (a.flow !== 'normal') === (b.flow !== 'normal') ? 'both' : a.flow === 'normal' ? 'first' : 'second');
  return merge(scope, a, b);
}

/**
 * A call of one of a few functions (EitherV, a decision the analysis could not make): each runs on
 * the call's arguments, as both paths of an unknown `if` run, and the call gives what they agree
 * on. Attributes they write are put back and become unknown; a function whose body may change
 * other state (size-cases.ts `mutates`) is not run twice: the call is unknown.
 */
export function callEither(it: Interp, fn: EitherV, args: CallArgs, site: PyNode): Value {
  const bodies = fn.options.map((f) => field(f.node, 'body'));
  if (bodies.some((body) => !body || mutates(body))) return UNKNOWN;
  const results: Value[] = [];
  const written = fn.options.map((f) => {
    const run = logged(it, () => invoke(it, f, args, site));
    results.push(run.result);
    return undo(run.log);
  });
  for (const log of written) for (const [attrs, names] of log) for (const name of names.keys()) attrs.set(name, UNKNOWN);
  return results.reduce((a, b) => join(a, b));
}
