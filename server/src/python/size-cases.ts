/**
 * A stride known only by name, tested against 1 (issue 8 §1): tensorflow/models
 * official/resnet/resnet_model.py · conv2d_fixed_padding pads explicitly `if strides > 1:` and
 * then convolves with `padding=('SAME' if strides == 1 else 'VALID')`. Joined statement by statement
 * the two tests lose everything (the padded and the unpadded input differ, and so do the two
 * paddings); run once per case, each case sees one consistent path, and both give ⌈H/s⌉.
 *
 * So where a function nobody calls (an entry point's run: Interp.speculative) gets a size `s` known
 * only by name for a parameter its body compares with 1, the body runs twice: with `s = 1`
 * (muted: no rows, no diagnostics) and with `s ≥ 2` (recorded), and it returns the join of what
 * both return. `s` itself stays symbolic in both: the facts only decide comparisons with numbers
 * (`sizeComparison`). A body that assigns attributes or items, or grows a list, is never run
 * twice (its effects would be doubled).
 */
import type { Interp } from './interp.js';
import type { Scope } from './env.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import { symName } from '../engine/dim.js';
import { toDim, type FuncV, type Value } from './values.js';

/** What a case knows of a size: lo ≤ s ≤ hi. */
export interface SizeFact {
  readonly lo: number;
  readonly hi: number;
}

const CASES: readonly SizeFact[] = [
  { lo: 1, hi: 1 },
  { lo: 2, hi: Number.POSITIVE_INFINITY },
];

const MUTATORS = new Set(['append', 'extend', 'insert', 'update', 'add', 'pop', 'remove', 'setdefault', 'clear']);

/** Runs a user function's body once per case of a stride compared with 1, or once. */
export function withSizeCases<F extends string>(it: Interp, fn: FuncV, scope: Scope, run: () => F): F {
  const body = field(fn.node, 'body');
  if (it.speculative === 0 || !body) return run();
  const name = comparedSize(it, body, scope);
  if (name === null || mutates(body)) return run();
  const start = scope.snapshot();
  let flow: F | null = null;
  CASES.forEach((fact, i) => {
    scope.vars = new Map(start);
    it.sizeFacts.set(name, fact);
    const last = i === CASES.length - 1;
    if (!last) it.mute++;
    try {
      const f = run();
      // A case that falls through makes the function's end reachable (it returns None there).
      flow = flow === null || flow === f ? f : f === 'normal' || flow === 'normal' ? ('normal' as F) : f;
    } finally {
      if (!last) it.mute--;
      it.sizeFacts.delete(name);
    }
  });
  return flow ?? run();
}

/** The symbol of a parameter the body compares with the literal 1 (`strides > 1`), when it has no fact yet. */
function comparedSize(it: Interp, body: PyNode, scope: Scope): string | null {
  for (const cmp of nodesOf(body, 'comparison_operator')) {
    const operands = namedChildren(cmp).filter((c) => c.field !== 'operators');
    if (operands.length !== 2) continue;
    const [a, b] = operands as [PyNode, PyNode];
    const id = a.type === 'identifier' && b.type === 'integer' && textOf(b) === '1' ? a : b.type === 'identifier' && a.type === 'integer' && textOf(a) === '1' ? b : null;
    if (!id) continue;
    const v = scope.lookup(textOf(id));
    const d = v === undefined ? undefined : toDim(v);
    const name = d === undefined ? null : symName(d);
    if (name !== null && !it.sizeFacts.has(name)) return name;
  }
  return null;
}

/**
 * Whether a function body may change state other than its own locals (attributes, items, a list or
 * dict method, `global`/`nonlocal` names): such a body is never run more than once per call.
 */
export function mutates(body: PyNode): boolean {
  if (nodesOf(body, 'global_statement').length > 0 || nodesOf(body, 'nonlocal_statement').length > 0) return true;
  for (const a of [...nodesOf(body, 'assignment'), ...nodesOf(body, 'augmented_assignment')]) {
    const left = field(a, 'left');
    if (left && (left.type === 'attribute' || left.type === 'subscript')) return true;
  }
  return nodesOf(body, 'call').some((c) => {
    const f = field(c, 'function');
    const attr = f?.type === 'attribute' ? field(f, 'attribute') : null;
    return attr !== null && MUTATORS.has(textOf(attr));
  });
}

/** Nodes of a type in a function body, not inside nested functions or classes (they run on their own). */
function nodesOf(root: PyNode, type: string): PyNode[] {
  const out: PyNode[] = [];
  const todo = [...root.children];
  while (todo.length > 0) {
    const n = todo.pop()!;
    if (n.type === type) out.push(n);
    if (n.type !== 'function_definition' && n.type !== 'class_definition' && n.type !== 'lambda') todo.push(...n.children);
  }
  return out;
}

/**
 * `s OP c` for a symbolic size `s` under a case's fact (above) and an int `c`: true or false when the
 * fact decides it, else null. Only one comparison operator, as in `strides > 1`.
 */
export function sizeComparison(it: Interp, ops: readonly string[], values: readonly Value[]): boolean | null {
  if (ops.length !== 1 || values.length !== 2 || it.sizeFacts.size === 0) return null;
  const [a, b] = values as [Value, Value];
  const factOf = (v: Value) => {
    const d = toDim(v);
    const n = d === undefined ? null : symName(d);
    return n === null ? undefined : it.sizeFacts.get(n);
  };
  const intOf = (v: Value) => (v.kind === 'num' && Number.isInteger(v.value) && !v.float ? v.value : null);
  const left = factOf(a);
  const right = factOf(b);
  if (left && intOf(b) !== null) return decide(ops[0]!, left, intOf(b)!);
  if (right && intOf(a) !== null) return decide(flip(ops[0]!), right, intOf(a)!);
  return null;
}

function flip(op: string): string {
  return op === '<' ? '>' : op === '>' ? '<' : op === '<=' ? '>=' : op === '>=' ? '<=' : op;
}

/** `s OP c` for every s in [lo, hi], or null when it differs within the range. */
function decide(op: string, f: SizeFact, c: number): boolean | null {
  const all = (p: (s: number) => boolean) => {
    const ends = [p(f.lo), p(f.hi === Number.POSITIVE_INFINITY ? Math.max(f.lo, c) + 1 : f.hi)];
    // Monotone tests (<, >, …) agree on the whole range when they agree at both ends, and == / !=
    // when c is outside the range or the range is one value.
    return ends[0] === ends[1] && (op !== '==' && op !== '!=' ? true : f.lo === f.hi || c < f.lo || c > f.hi) ? ends[0]! : null;
  };
  switch (op) {
    case '==':
      return all((s) => s === c);
    case '!=':
      return all((s) => s !== c);
    case '<':
      return all((s) => s < c);
    case '<=':
      return all((s) => s <= c);
    case '>':
      return all((s) => s > c);
    case '>=':
      return all((s) => s >= c);
    default:
      return null;
  }
}
