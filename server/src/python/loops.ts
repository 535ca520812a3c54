/**
 * `for` and `while`: a known sequence unrolls up to LIMITS.unroll (nested known loops share one
 * limit, unroll-nest.ts); any other loop runs its body twice over joined state, the first pass
 * silent, so nothing a later iteration could change is presented as known, and a list it grows
 * becomes a list of unknown length (ListOfV).
 */
import { assignTarget } from './assignments.js';
import { joinWithBefore, logged } from './attr-joins.js';
import { joinVars } from './conditionals.js';
import { evaluate } from './evaluate.js';
import type { Scope } from './env.js';
import { LIMITS, type Interp } from './interp.js';
import { iterate, parameterItem } from './iterables.js';
import { execBlock, type Flow } from './statements.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import { enclosingIterations, mayUnroll, unrolling } from './unroll-nest.js';
import { join, listOf, num, truthy, tuple, UNKNOWN, type ListOfV, type SeqV, type Value } from './values.js';

export function execFor(it: Interp, node: PyNode, scope: Scope): Flow {
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
  const rest = () =>
    unknownLoop(it, scope, () => {
      assignTarget(it, target, items ? join(items[0] ?? UNKNOWN, items[items.length - 1] ?? UNKNOWN) : iterable.kind === 'listof' ? iterable.item : UNKNOWN, scope);
      return execBlock(it, body, scope);
    });
  const first = items || elseClause ? null : firstItem(it, field(node, 'right'), scope);
  if (!first) return rest();
  const message = `${first.sequence} comes from a parameter with no default, and nothing in this file calls this code, so how many items it has is unknown: the first iteration is followed with ${first.named}, the later ones show only what holds on every iteration`;
  it.report({ severity: 'information', code: 'loop-length-unknown', message }, field(node, 'right')!);
  return peeled(it, scope, () => {
    assignTarget(it, target, first.item, scope);
    return execBlock(it, body, scope);
  }, rest);
}

/**
 * The first item of a loop over an uncalled entry point's parameter (`for n in block_sizes`, or
 * `enumerate(self.block_sizes)`), whose length is unknown but whose first item can be named
 * (iterables.ts parameterItem): that item, and how the note names it; null for any other loop.
 */
function firstItem(it: Interp, right: PyNode | null, scope: Scope): { item: Value; sequence: string; named: string } | null {
  if (!right) return null;
  const args = right.type === 'call' && textOf(field(right, 'function')!) === 'enumerate' ? namedChildren(field(right, 'arguments')!) : null;
  const seq = args ? (args.length === 1 ? args[0]! : null) : right;
  // Only a name or attribute chain is evaluated again (nothing it runs could be doubled).
  if (!seq || !isNameChain(seq) || (args && scope.lookup('enumerate') !== undefined)) return null;
  const item = parameterItem(evaluate(it, seq, scope), 0);
  if (!item) return null;
  const name = textOf(seq);
  return args ? { item: tuple([num(0), item]), sequence: name, named: `(0, ${name}[0])` } : { item, sequence: name, named: `${name}[0]` };
}

function isNameChain(n: PyNode): boolean {
  return n.type === 'identifier' || (n.type === 'attribute' && isNameChain(field(n, 'object')!));
}

/**
 * A loop whose first iteration is known and whose length is not: the first iteration runs (it is
 * what a non-empty sequence does first), then the rest as a loop of unknown length; the state
 * after it joins the one before (the sequence may be empty).
 */
function peeled(it: Interp, scope: Scope, first: () => Flow, rest: () => Flow): Flow {
  const before = scope.snapshot();
  const { log } = logged(it, () => {
    const f = first();
    // A first iteration that returns or raises leaves the loop: only the empty sequence goes on.
    if (f === 'return' || f === 'raise') scope.vars = new Map(before);
    else if (f !== 'break') rest();
  });
  joinWithBefore(log);
  scope.vars = joinVars(before, scope.vars);
  return 'normal';
}

export function execWhile(it: Interp, node: PyNode, scope: Scope): Flow {
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
 * joined with the state before the loop (changed values become unknown; attributes too, ./attr-joins.ts), and a recorded pass runs
 * over that joined state, so each layer inside shows only what holds on every iteration.
 */
function unknownLoop(it: Interp, scope: Scope, run: () => Flow): Flow {
  const before = scope.snapshot();
  const lengths = listLengths(scope);
  it.mute++;
  try {
    joinWithBefore(logged(it, run).log);
  } finally {
    it.mute--;
  }
  grownLists(scope, lengths);
  const joined = joinVars(before, scope.vars);
  scope.vars = new Map(joined);
  // Whether an iteration returns, raises or breaks is unknown: the code after the loop runs.
  joinWithBefore(logged(it, run).log);
  scope.vars = joinVars(joined, scope.vars);
  return 'normal';
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
  // A list `extend` made unsized in place (container-methods.ts) is already one every name sees.
  for (const [l, n] of lengths) if (l.kind === 'list' && l.items.length !== n) grown.set(l, listOf([l]));
  if (grown.size === 0) return;
  for (let s: Scope | null = scope; s; s = s.parent) {
    for (const [name, v] of s.vars) {
      const now = v.kind === 'list' ? grown.get(v) : undefined;
      if (now) s.vars.set(name, now);
    }
  }
}
