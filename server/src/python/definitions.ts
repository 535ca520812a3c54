/**
 * `def`, `lambda` and `class` statements: the function and class values they bind. A class is a
 * Keras one when a base is a Keras layer or model (its instances are called as layers), and its
 * body runs once, in a scope of its own whose names become its attributes.
 */
import type { Interp } from './interp.js';
import { evaluate } from './evaluate.js';
import { Scope } from './env.js';
import { execBlock } from './statements.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import type { ClassV, FuncV, Value } from './values.js';

export function defineFunction(it: Interp, node: PyNode, scope: Scope): FuncV {
  const name = textOf(field(node, 'name')!);
  const fn: FuncV = { kind: 'function', node, closure: scope.closureScope(), name, self: null };
  if (!it.functions.has(node.id)) it.functions.set(node.id, fn);
  scope.assign(name, fn);
  return fn;
}

export function makeLambda(_it: Interp, node: PyNode, scope: Scope): FuncV {
  return { kind: 'function', node, closure: scope.closureScope(), name: '<lambda>', self: null };
}

export function defineClass(it: Interp, node: PyNode, scope: Scope): ClassV {
  const name = textOf(field(node, 'name')!);
  const supers = field(node, 'superclasses');
  const bases: Value[] = supers ? namedChildren(supers).filter((c) => c.type !== 'keyword_argument').map((c) => evaluate(it, c, scope)) : [];
  const keras = bases.some((b) => (b.kind === 'opref' && (b.entry.kind === 'model' || b.entry.kind === 'sequential' || b.entry.kind === 'layer' || b.entry.names.includes('Layer'))) || b.kind === 'layer' || (b.kind === 'class' && b.keras));
  const body = new Scope('class', scope);
  const cls: ClassV = { kind: 'class', node, name, attrs: body.vars, bases, keras };
  it.classes.set(node.id, cls);
  // Methods defined in the body know their class (for super() and speculative runs).
  for (const stmt of field(node, 'body')?.children ?? []) {
    const def = stmt.type === 'decorated_definition' ? field(stmt, 'definition') : stmt;
    if (def?.type === 'function_definition') it.methodOf.set(def.id, cls);
  }
  execBlock(it, field(node, 'body'), body);
  scope.assign(name, cls);
  return cls;
}
