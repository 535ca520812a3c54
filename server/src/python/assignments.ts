/**
 * Assignments: expression statements (`x = …`, `a = b = …`, `x += …`), binding a value to any
 * target (names, attributes, subscripts, unpacking with `*rest`), the attribute and item stores
 * they make, and `del` of an item. Used by statements, loops, comprehensions and `:=`, so it is
 * its own file.
 */
import { noteAttrWrite } from './attr-joins.js';
import { binary } from './arithmetic.js';
import { addVariable } from './custom-layers.js';
import { evaluate } from './evaluate.js';
import type { Scope } from './env.js';
import type { Interp } from './interp.js';
import { dictKey, itemIndex, iterate } from './iterables.js';
import { field, fields, namedChildren, textOf, type PyNode } from './syntax.js';
import { intOf, isSeq, list, UNKNOWN, type Value } from './values.js';

export function execExpression(it: Interp, node: PyNode, scope: Scope): void {
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
  const left = field(node, 'left');
  assignTarget(it, left, value, scope);
  // `self.w = tf.Variable(…)`: Keras tracks a variable set on a layer as one of its weights.
  const owner = left?.type === 'attribute' ? field(left, 'object') : null;
  if (owner?.type === 'identifier' && isVariableCall(right)) {
    const obj = scope.lookup(textOf(owner));
    if (obj?.kind === 'instance') addVariable(obj, value);
  }
}

/** `tf.Variable(…)`, `keras.Variable(…)` (Keras 3), `K.variable(…)`, `tf.compat.v1.Variable(…)`. */
function isVariableCall(node: PyNode): boolean {
  const callee = node.type === 'call' ? field(node, 'function') : null;
  return callee !== null && /(^|\.)(Variable|variable)$/.test(textOf(callee));
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
      // `d[k] = v` with a key we cannot know: which keys `d` holds (its len()) is unknown from here;
      // so is how many items a list holds after `xs[a:b] = ys`.
      const lengthUnknown = (obj.kind === 'dict' && dictKey(key) === null) || (obj.kind === 'list' && subs[0]?.type === 'slice');
      if (lengthUnknown && objNode?.type === 'identifier') {
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

/** `obj.name = value`: instance and class attributes; anything else is ignored. */
export function attributeSet(it: Interp, obj: Value, name: string, value: Value): void {
  if (obj.kind !== 'instance' && obj.kind !== 'class') return;
  noteAttrWrite(it, obj.attrs, name);
  obj.attrs.set(name, value);
}

/** `obj[key] = value` on lists and dicts the interpreter knows. */
export function subscriptSet(obj: Value, key: Value, value: Value): void {
  if (obj.kind === 'list') {
    const i = intOf(key);
    if (i === null) {
      obj.items.splice(0, obj.items.length, ...obj.items.map(() => UNKNOWN));
      return;
    }
    const j = itemIndex(i, obj.items.length);
    if (j !== null) obj.items[j] = value;
  } else if (obj.kind === 'dict') {
    const k = dictKey(key);
    if (k !== null) obj.entries.set(k, { key, value });
  }
}

/** `del xs[i]`, `del d[k]`: the item goes; where which one is unknown, so is what the name holds. */
export function deleteItem(it: Interp, target: PyNode, scope: Scope): void {
  const objNode = field(target, 'value');
  const obj = evaluate(it, objNode, scope);
  const subs = fields(target, 'subscript');
  const key = subs.length === 1 ? evaluate(it, subs[0]!, scope) : UNKNOWN;
  if (obj.kind === 'list') {
    const i = intOf(key);
    const j = i === null ? null : itemIndex(i, obj.items.length);
    if (j !== null) {
      obj.items.splice(j, 1);
      return;
    }
  } else if (obj.kind === 'dict') {
    const k = dictKey(key);
    if (k !== null) {
      obj.entries.delete(k);
      return;
    }
  } else return;
  if (objNode?.type === 'identifier') scope.assign(textOf(objNode), UNKNOWN);
}
