/**
 * Statement execution: the dispatch on the statement's type, and blocks. Control flow follows the
 * values; each family of statements lives in its own file: assignments.ts (and unpacking),
 * conditionals.ts (`if`: known conditions pick a branch, unknown ones run both and join),
 * loops.ts (`for`, `while`), with-try.ts; definitions and imports are calls.ts's and imports.ts's.
 */
import { deleteItem, execExpression } from './assignments.js';
import { isBroken, poison } from './broken.js';
import { defineClass, defineFunction } from './definitions.js';
import { execIf } from './conditionals.js';
import type { Scope } from './env.js';
import { evaluate } from './evaluate.js';
import { importFrom, importModule } from './imports.js';
import type { Interp } from './interp.js';
import { execFor, execWhile } from './loops.js';
import { field, namedChildren, textOf, type PyNode } from './syntax.js';
import { UNKNOWN } from './values.js';
import { execTry, execWith } from './with-try.js';

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
      return execWith(it, node, scope);
    case 'try_statement':
      return execTry(it, node, scope);
    case 'global_statement':
      for (const id of namedChildren(node)) scope.globals.add(textOf(id));
      return 'normal';
    case 'nonlocal_statement':
      for (const id of namedChildren(node)) scope.nonlocals.add(textOf(id));
      return 'normal';
    case 'delete_statement':
      for (const t of namedChildren(node)) {
        const targets = t.type === 'expression_list' ? namedChildren(t) : [t];
        for (const x of targets) {
          if (x.type === 'identifier') scope.delete(textOf(x));
          else if (x.type === 'subscript') deleteItem(it, x, scope);
        }
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
