/**
 * Expression evaluation over the syntax tree: the dispatch on the node's type. Every Python
 * construct the interpreter does not model evaluates to UNKNOWN (after evaluating its
 * sub-expressions, so calls inside still count). Each family of expressions lives in its own file:
 * literals.ts, arithmetic.ts, comparisons.ts, subscripts.ts, comprehensions.ts, attributes.ts.
 */
import { binary, unary } from './arithmetic.js';
import { attributeOf } from './attributes.js';
import { lookupName } from './builtins.js';
import { callValue, evalArgs } from './calls.js';
import { makeLambda } from './definitions.js';
import { boolOp, compare } from './comparisons.js';
import { comprehension } from './comprehensions.js';
import type { Scope } from './env.js';
import type { Interp } from './interp.js';
import { evalDict, evalItems, evalString, parseInteger } from './literals.js';
import { noneAttribute } from './none-access.js';
import { assignTarget } from './assignments.js';
import { subscript } from './subscripts.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import { bool, join, list, NONE, num, str, truthy, tuple, UNKNOWN, type Value } from './values.js';

// calls.ts imports dictKey from here.
export { dictKey } from './iterables.js';

export function evaluate(it: Interp, node: PyNode | null, scope: Scope): Value {
  if (!node || !it.tick()) return UNKNOWN;
  switch (node.type) {
    case 'identifier':
      return lookupName(it, textOf(node), scope);
    case 'integer':
      return parseInteger(textOf(node));
    case 'float': {
      const t = textOf(node).replace(/_/g, '');
      if (/[jJ]$/.test(t)) return UNKNOWN;
      return num(Number(t), true);
    }
    case 'true':
      return bool(true);
    case 'false':
      return bool(false);
    case 'none':
      return NONE;
    case 'string':
      return evalString(it, node, scope);
    case 'concatenated_string': {
      let s = '';
      for (const c of namedChildren(node)) {
        const v = evalString(it, c, scope);
        if (v.kind !== 'str') return UNKNOWN;
        s += v.value;
      }
      return str(s);
    }
    case 'parenthesized_expression':
      return evaluate(it, namedChildren(node)[0] ?? null, scope);
    case 'tuple':
    case 'expression_list': {
      const items = evalItems(it, node, scope);
      return items ? tuple(items) : UNKNOWN;
    }
    case 'list': {
      const items = evalItems(it, node, scope);
      return items ? list(items) : UNKNOWN;
    }
    case 'set':
      evalItems(it, node, scope);
      return UNKNOWN;
    case 'dictionary':
      return evalDict(it, node, scope);
    case 'unary_operator':
      return unary(textOf(field(node, 'operator')!), evaluate(it, field(node, 'argument'), scope));
    case 'not_operator': {
      const t = truthy(evaluate(it, field(node, 'argument'), scope));
      return t === null ? UNKNOWN : bool(!t);
    }
    case 'binary_operator':
      return binary(it, node, textOf(field(node, 'operator')!), evaluate(it, field(node, 'left'), scope), evaluate(it, field(node, 'right'), scope));
    case 'boolean_operator':
      return boolOp(it, node, scope);
    case 'comparison_operator':
      return compare(it, node, scope);
    case 'conditional_expression': {
      const parts = namedChildren(node);
      const cond = truthy(evaluate(it, parts[1] ?? null, scope));
      if (cond === true) return evaluate(it, parts[0] ?? null, scope);
      if (cond === false) return evaluate(it, parts[2] ?? null, scope);
      const a = evaluate(it, parts[0] ?? null, scope);
      const b = evaluate(it, parts[2] ?? null, scope);
      return join(a, b);
    }
    case 'attribute': {
      const obj = evaluate(it, field(node, 'object'), scope);
      if (obj.kind === 'none') noneAttribute(it, node);
      return attributeOf(it, obj, textOf(field(node, 'attribute')!), node);
    }
    case 'subscript':
      return subscript(it, node, scope);
    case 'call': {
      const fnNode = field(node, 'function');
      const fn = evaluate(it, fnNode, scope);
      const args = evalArgs(it, field(node, 'arguments'), scope);
      return callValue(it, fn, args, node, fnNode ? textOf(fnNode) : '?');
    }
    case 'lambda':
      return makeLambda(it, node, scope);
    case 'list_comprehension':
    case 'generator_expression': {
      const items = comprehension(it, node, scope);
      return items ? list(items) : UNKNOWN;
    }
    case 'named_expression': {
      const v = evaluate(it, field(node, 'value'), scope);
      assignTarget(it, field(node, 'name'), v, scope);
      return v;
    }
    case 'keyword_argument':
    case 'list_splat':
    case 'dictionary_splat':
      return evaluate(it, namedChildren(node).at(-1) ?? null, scope);
    default:
      // await, yield, set/dict comprehensions, ellipsis, ERROR, …: evaluate the parts for their effects.
      for (const c of namedChildren(node)) evaluate(it, c, scope);
      return UNKNOWN;
  }
}
