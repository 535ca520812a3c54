/**
 * `and` / `or` (short-circuit on known truth values), comparison chains (`a < b <= c`, `==`, `is`,
 * `in`), and element-wise `<`/`>` on tensors through the arithmetic operators. Separate from
 * arithmetic.ts because these evaluate their operands themselves (short-circuit, chains).
 */
import { binary } from './arithmetic.js';
import { evaluate } from './evaluate.js';
import type { Scope } from './env.js';
import type { Interp } from './interp.js';
import { dictKey } from './iterables.js';
import { sizeComparison } from './size-cases.js';
import { field, fields, textOf, type PyNode } from './syntax.js';
import { bool, equals, identical, isSeq, truthy, UNKNOWN, type Value } from './values.js';

export function boolOp(it: Interp, node: PyNode, scope: Scope): Value {
  const op = textOf(field(node, 'operator')!);
  const left = evaluate(it, field(node, 'left'), scope);
  const lt = truthy(left);
  if (op === 'and') {
    if (lt === false) return left;
    const right = evaluate(it, field(node, 'right'), scope);
    return lt === true ? right : truthy(right) === false ? bool(false) : UNKNOWN;
  }
  if (lt === true) return left;
  const right = evaluate(it, field(node, 'right'), scope);
  return lt === false ? right : truthy(right) === true && right.kind === 'bool' ? right : UNKNOWN;
}

export function compare(it: Interp, node: PyNode, scope: Scope): Value {
  const operands = node.children.filter((c) => c.named && c.field !== 'operators' && c.type !== 'comment');
  const ops = fields(node, 'operators').map((o) => textOf(o).replace(/\s+/g, ' '));
  const values = operands.map((o) => evaluate(it, o, scope));
  const decided = sizeComparison(it, ops, values);
  if (decided !== null) return bool(decided);
  // `x > 0` on a tensor is element-wise (Tensor/ndarray __gt__ & co broadcast, bool result); `==` is
  // left out: a TF 1 tf.Tensor compares by identity.
  if (ops.length === 1 && ['<', '<=', '>', '>='].includes(ops[0]!) && values.some((v) => v.kind === 'tensor')) return binary(it, node, ops[0]!, values[0] ?? UNKNOWN, values[1] ?? UNKNOWN);
  let result: boolean | null = true;
  for (let i = 0; i < ops.length; i++) {
    const r = compareOne(ops[i]!, values[i] ?? UNKNOWN, values[i + 1] ?? UNKNOWN);
    if (r === false) return bool(false);
    if (r === null) result = null;
  }
  return result === null ? UNKNOWN : bool(result);
}

function compareOne(op: string, a: Value, b: Value): boolean | null {
  switch (op) {
    case '==':
      return equals(a, b);
    case '!=': {
      const e = equals(a, b);
      return e === null ? null : !e;
    }
    case 'is':
      return identical(a, b);
    case 'is not': {
      const e = identical(a, b);
      return e === null ? null : !e;
    }
    case 'in':
    case 'not in': {
      const r = contains(b, a);
      return r === null ? null : op === 'in' ? r : !r;
    }
    default: {
      const x = a.kind === 'num' || a.kind === 'bool' ? Number(a.value) : null;
      const y = b.kind === 'num' || b.kind === 'bool' ? Number(b.value) : null;
      if (x === null || y === null) {
        if (a.kind === 'str' && b.kind === 'str') return cmp(op, a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
        return null;
      }
      return cmp(op, x - y);
    }
  }
}

function cmp(op: string, d: number): boolean | null {
  switch (op) {
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    default:
      return null;
  }
}

function contains(container: Value, item: Value): boolean | null {
  if (container.kind === 'str' && item.kind === 'str') return container.value.includes(item.value);
  if (isSeq(container)) {
    let unknown = false;
    for (const x of container.items) {
      const e = equals(x, item);
      if (e === true) return true;
      if (e === null) unknown = true;
    }
    return unknown ? null : false;
  }
  if (container.kind === 'dict') {
    const k = dictKey(item);
    return k === null ? null : container.entries.has(k);
  }
  return null;
}
