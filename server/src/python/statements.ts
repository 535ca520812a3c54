/**
 * Statement execution. Control flow follows the values: an `if` on a known condition runs one
 * branch; on an unknown condition both run and the variables join (equal values kept, differing
 * ones unknown). `for` unrolls known sequences up to LIMITS.unroll; other loops run the body twice
 * over joined state (first silently) so nothing a later iteration could change is presented as known.
 */
import { evaluate } from './evaluate.js';
import { dictKey, iterate } from './iterables.js';
import { binary } from './arithmetic.js';
import { defineClass, defineFunction } from './calls.js';
import { attributeSet, subscriptSet } from './builtins.js';
import { importFrom, importModule } from './imports.js';
import { isBroken, poison } from './broken.js';
import type { Scope } from './env.js';
import { LIMITS, type Interp } from './interp.js';
import { enclosingIterations, mayUnroll, unrolling } from './unroll-nest.js';
import { field, fields, namedChildren, textOf, type PyNode } from './syntax.js';
import { isSeq, join, list, listOf, tuple, truthy, UNKNOWN, type ListOfV, type SeqV, type Value } from './values.js';

export type Flow = 'normal' | 'return' | 'break' | 'continue' | 'raise';

const STATEMENT_TYPES = new Set([
  'expression_statement',
  'if_statement',
  'for_statement',
  'while_statement',
  'function_definition',
  'decorated_definition',
  'class_definition',
  'return_statement',
  'import_statement',
  'import_from_statement',
  'with_statement',
  'try_statement',
  'global_statement',
  'nonlocal_statement',
  'raise_statement',
  'delete_statement',
]);

export function execBlock(it: Interp, block: PyNode | null, scope: Scope): Flow {
  if (!block) return 'normal';
  for (const stmt of block.children) {
    if (!stmt.named) continue;
    if (it.exhausted) return 'normal';
    const flow = exec(it, stmt, scope);
    if (flow !== 'normal') return flow;
  }
  return 'normal';
}

export function exec(it: Interp, node: PyNode, scope: Scope): Flow {
  if (!it.tick()) return 'normal';
  if (node.hasError && isBroken(node)) return poison(node, scope), 'normal';
  it.statement = node;
  switch (node.type) {
    case 'expression_statement':
      for (const c of namedChildren(node)) execExpression(it, c, scope);
      return 'normal';
    case 'if_statement':
      return execIf(it, node, scope);
    case 'for_statement':
      return execFor(it, node, scope);
    case 'while_statement':
      return execWhile(it, node, scope);
    case 'function_definition':
      defineFunction(it, node, scope);
      return 'normal';
    case 'decorated_definition': {
      const def = field(node, 'definition');
      if (def) return exec(it, def, scope);
      return 'normal';
    }
    case 'class_definition':
      defineClass(it, node, scope);
      return 'normal';
    case 'return_statement': {
      const expr = namedChildren(node)[0] ?? null;
      const v = expr ? evaluate(it, expr, scope) : UNKNOWN;
      it.frame()?.returns.push(expr ? v : { kind: 'none' });
      return 'return';
    }
    case 'pass_statement':
      return 'normal';
    case 'break_statement':
      return 'break';
    case 'continue_statement':
      return 'continue';
    case 'raise_statement':
      for (const c of namedChildren(node)) evaluate(it, c, scope);
      return 'raise';
    case 'import_statement':
      importModule(it, node, scope);
      return 'normal';
    case 'import_from_statement':
      importFrom(it, node, scope);
      return 'normal';
    case 'future_import_statement':
      return 'normal';
    case 'with_statement':
      for (const item of node.children.find((c) => c.type === 'with_clause')?.children.filter((c) => c.type === 'with_item') ?? []) {
        const value = field(item, 'value');
        if (value?.type === 'as_pattern') {
          const v = evaluate(it, namedChildren(value)[0] ?? null, scope);
          const target = value.children.find((c) => c.field === 'alias');
          assignTarget(it, target ? (namedChildren(target)[0] ?? target) : null, v.kind === 'tensor' ? v : UNKNOWN, scope);
        } else evaluate(it, value, scope);
      }
      return execBlock(it, field(node, 'body'), scope);
    case 'try_statement': {
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
    case 'global_statement':
      for (const id of namedChildren(node)) scope.globals.add(textOf(id));
      return 'normal';
    case 'nonlocal_statement':
      for (const id of namedChildren(node)) scope.nonlocals.add(textOf(id));
      return 'normal';
    case 'delete_statement':
      for (const t of namedChildren(node)) {
        const targets = t.type === 'expression_list' ? namedChildren(t) : [t];
        for (const x of targets) if (x.type === 'identifier') scope.delete(textOf(x));
      }
      return 'normal';
    case 'ERROR':
      // Broken code: run the complete statements tree-sitter recovered inside it.
      for (const c of namedChildren(node)) if (STATEMENT_TYPES.has(c.type)) exec(it, c, scope);
      return 'normal';
    default:
      // assert, print (Python 2), exec, match, type aliases: evaluate nothing further.
      return 'normal';
  }
}

function execExpression(it: Interp, node: PyNode, scope: Scope): void {
  if (node.type === 'assignment') {
    assign(it, node, scope);
    return;
  }
  if (node.type === 'augmented_assignment') {
    const left = field(node, 'left');
    const op = textOf(field(node, 'operator')!).slice(0, -1);
    const current = evaluate(it, left, scope);
    const right = evaluate(it, field(node, 'right'), scope);
    // `list += …` extends in place.
    if (current.kind === 'list' && isSeq(right) && op === '+') {
      current.items.push(...right.items);
      return;
    }
    assignTarget(it, left, binary(it, node, op, current, right), scope);
    return;
  }
  evaluate(it, node, scope);
}

function assign(it: Interp, node: PyNode, scope: Scope): void {
  const right = field(node, 'right');
  if (!right) return; // annotation only: `x: int`
  const value = right.type === 'assignment' ? assignChain(it, right, scope) : evaluate(it, right, scope);
  assignTarget(it, field(node, 'left'), value, scope);
}

/** `a = b = value`: the inner assignment's value is assigned to every target. */
function assignChain(it: Interp, node: PyNode, scope: Scope): Value {
  const right = field(node, 'right');
  const value = right?.type === 'assignment' ? assignChain(it, right, scope) : evaluate(it, right, scope);
  assignTarget(it, field(node, 'left'), value, scope);
  return value;
}

/** Binds a value to an assignment target (name, attribute, subscript or unpacking pattern). */
export function assignTarget(it: Interp, target: PyNode | null, value: Value, scope: Scope): void {
  if (!target) return;
  switch (target.type) {
    case 'identifier':
      scope.assign(textOf(target), value);
      return;
    case 'attribute':
      attributeSet(it, evaluate(it, field(target, 'object'), scope), textOf(field(target, 'attribute')!), value);
      return;
    case 'subscript': {
      const objNode = field(target, 'value');
      const obj = evaluate(it, objNode, scope);
      const subs = fields(target, 'subscript');
      const key = subs.length === 1 ? evaluate(it, subs[0]!, scope) : UNKNOWN;
      // `d[k] = v` with a key we cannot know: which keys `d` holds (its len()) is unknown from here.
      if (obj.kind === 'dict' && dictKey(key) === null && objNode?.type === 'identifier') {
        scope.assign(textOf(objNode), UNKNOWN);
        return;
      }
      subscriptSet(obj, key, value);
      return;
    }
    case 'parenthesized_expression':
      assignTarget(it, namedChildren(target)[0] ?? null, value, scope);
      return;
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list': {
      const targets = namedChildren(target);
      const items = iterate(value);
      const star = targets.findIndex((t) => t.type === 'list_splat_pattern' || t.type === 'list_splat');
      if (!items || (star < 0 && items.length !== targets.length) || (star >= 0 && items.length < targets.length - 1)) {
        for (const t of targets) assignTarget(it, t.type === 'list_splat_pattern' || t.type === 'list_splat' ? (namedChildren(t)[0] ?? null) : t, UNKNOWN, scope);
        return;
      }
      if (star < 0) {
        targets.forEach((t, i) => assignTarget(it, t, items[i]!, scope));
        return;
      }
      const after = targets.length - star - 1;
      targets.forEach((t, i) => {
        if (i < star) assignTarget(it, t, items[i]!, scope);
        else if (i === star) assignTarget(it, namedChildren(t)[0] ?? null, list(items.slice(star, items.length - after)), scope);
        else assignTarget(it, t, items[items.length - (targets.length - i)]!, scope);
      });
      return;
    }
    default:
      return;
  }
}

/** Runs `run` on a copy of the scope's variables; returns its flow and the variables it left. */
function branch(scope: Scope, start: Map<string, Value>, run: () => Flow): { flow: Flow; vars: Map<string, Value> } {
  scope.vars = new Map(start);
  const flow = run();
  return { flow, vars: scope.vars };
}

function joinVars(a: Map<string, Value>, b: Map<string, Value>): Map<string, Value> {
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

function execIf(it: Interp, node: PyNode, scope: Scope): Flow {
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
  const a = branch(scope, start, () => execBlock(it, body, scope));
  const b = branch(scope, start, rest);
  return merge(scope, a, b);
}

function execFor(it: Interp, node: PyNode, scope: Scope): Flow {
  const target = field(node, 'left');
  const body = field(node, 'body');
  const elseClause = field(node, 'alternative');
  const iterable = evaluate(it, field(node, 'right'), scope);
  const items = iterate(iterable);
  if (items && items.length > LIMITS.unroll) it.budgetSpent(node, 'budget-unroll', `${items.length.toLocaleString('en-US')} iterations, more than the ${LIMITS.unroll.toLocaleString('en-US')} followed one by one: the body shows what holds on every iteration, and shapes below are incomplete`);
  else if (items && !mayUnroll(it, items.length)) {
    const total = (enclosingIterations(it) * items.length).toLocaleString('en-US');
    it.budgetSpent(node, 'budget-unroll', `${items.length.toLocaleString('en-US')} iterations inside enclosing loops make ${total}, more than the ${LIMITS.unroll.toLocaleString('en-US')} followed one by one: the body shows what holds on every iteration, and shapes below are incomplete`);
  }
  if (items && mayUnroll(it, items.length)) {
    const flow = unrolling(it, items.length, () => {
      for (const item of items) {
        if (it.exhausted) return 'normal';
        assignTarget(it, target, item, scope);
        const f = execBlock(it, body, scope);
        if (f === 'break') return 'normal';
        if (f === 'return' || f === 'raise') return f;
      }
      return null;
    });
    if (flow !== null) return flow;
    return elseClause ? execBlock(it, field(elseClause, 'body'), scope) : 'normal';
  }
  return unknownLoop(it, scope, () => {
    assignTarget(it, target, items ? join(items[0] ?? UNKNOWN, items[items.length - 1] ?? UNKNOWN) : iterable.kind === 'listof' ? iterable.item : UNKNOWN, scope);
    return execBlock(it, body, scope);
  });
}

function execWhile(it: Interp, node: PyNode, scope: Scope): Flow {
  const cond = field(node, 'condition');
  const body = field(node, 'body');
  for (let i = 0; ; i++) {
    if (it.exhausted) return 'normal';
    const c = truthy(evaluate(it, cond, scope));
    if (c === false) return 'normal';
    if (c === null) break;
    if (i === LIMITS.unroll) {
      it.budgetSpent(node, 'budget-unroll', `stopped after ${LIMITS.unroll.toLocaleString('en-US')} iterations: shapes below are incomplete`);
      break;
    }
    const flow = execBlock(it, body, scope);
    if (flow === 'break') return 'normal';
    if (flow === 'return' || flow === 'raise') return flow;
  }
  return unknownLoop(it, scope, () => {
    evaluate(it, cond, scope);
    return execBlock(it, body, scope);
  });
}

/**
 * A loop whose iterations are unknown: a silent pass finds what the body changes, the state is
 * joined with the state before the loop (changed values become unknown), and a recorded pass runs
 * over that joined state, so each layer inside shows only what holds on every iteration.
 */
function unknownLoop(it: Interp, scope: Scope, run: () => Flow): Flow {
  const before = scope.snapshot();
  const lengths = listLengths(scope);
  it.mute++;
  try {
    run();
  } finally {
    it.mute--;
  }
  grownLists(scope, lengths);
  const joined = joinVars(before, scope.vars);
  scope.vars = new Map(joined);
  const flow = run();
  scope.vars = joinVars(joined, scope.vars);
  return flow === 'return' || flow === 'raise' ? 'normal' : 'normal';
}

/** The lists bound in `scope` and the scopes it sees, with their lengths now. */
function listLengths(scope: Scope): Map<SeqV, number> {
  const out = new Map<SeqV, number>();
  for (let s: Scope | null = scope; s; s = s.parent) for (const v of s.vars.values()) if (v.kind === 'list') out.set(v, v.items.length);
  return out;
}

/**
 * A list the silent pass of a loop of unknown length grew (`outputs.append(x)`) holds an unknown
 * number of items: every name bound to it now holds a list of unknown length whose item joins
 * everything it held (ListOfV), for the recorded pass and after the loop.
 */
function grownLists(scope: Scope, lengths: ReadonlyMap<SeqV, number>): void {
  const grown = new Map<SeqV, ListOfV>();
  for (const [l, n] of lengths) if (l.items.length !== n) grown.set(l, listOf([l]));
  if (grown.size === 0) return;
  for (let s: Scope | null = scope; s; s = s.parent) {
    for (const [name, v] of s.vars) {
      const now = v.kind === 'list' ? grown.get(v) : undefined;
      if (now) s.vars.set(name, now);
    }
  }
}

export { tuple };
