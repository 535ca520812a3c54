/**
 * Code with syntax errors (issue 11 §1: every user is in this state while typing). Tree-sitter's
 * ERROR and MISSING nodes become `syntax-error` diagnostics, as in the prototxt front end; the
 * statements tree-sitter recovered still run, but a statement that is itself broken does not: the
 * names it could bind, and the mutable values it touches, become unknown, so nothing after it is
 * computed from the tensor it was about to replace.
 */
import type { Report } from './catalog/types.js';
import type { Scope } from './env.js';
import { field, textOf, type PyNode } from './syntax.js';
import { UNKNOWN } from './values.js';

/** More syntax errors than this in one file are not listed (the first ones say what is wrong). */
const MAX_SYNTAX_ERRORS = 100;

/** An ERROR node, or a MISSING one (zero-width, childless, flagged). */
function ownError(n: PyNode): boolean {
  return n.type === 'ERROR' || (n.hasError && n.children.length === 0 && n.startIndex === n.endIndex);
}

/** One report per ERROR/MISSING node, in document order (outermost only). */
export function syntaxErrors(root: PyNode): Report[] {
  const out: Report[] = [];
  // A lone `\r` ends a line for Python but not for tree-sitter-python (issue 11 §5): its ERROR
  // would be a false alarm, so such texts get no syntax diagnostics until the parser is given `\n`.
  if (/\r(?!\n)/.test(root.src.text)) return out;
  const todo: PyNode[] = [root];
  while (todo.length > 0 && out.length < MAX_SYNTAX_ERRORS) {
    const node = todo.pop()!;
    if (ownError(node)) {
      const { line, character } = node.start;
      const what = node.type === 'ERROR' ? `unexpected ${excerpt(textOf(node))}` : `missing ${JSON.stringify(node.type)}`;
      out.push({ severity: 'error', code: 'syntax-error', message: `Syntax error: ${what}; what depends on this statement is unknown (line ${line + 1}, column ${character + 1})`, node });
    } else if (node.hasError) {
      for (let i = node.children.length - 1; i >= 0; i--) todo.push(node.children[i]!);
    }
  }
  return out;
}

function excerpt(text: string): string {
  const line = text.split('\n')[0]!;
  const short = line.length > 30 || line.length < text.length ? `${line.slice(0, 30)}…` : line;
  return short.trim() === '' ? 'input' : JSON.stringify(short);
}

/** Whether the statement's own syntax is broken (an error only inside a nested block is that block's). */
export function isBroken(stmt: PyNode): boolean {
  const todo: PyNode[] = [stmt];
  while (todo.length > 0) {
    const n = todo.pop()!;
    if (ownError(n)) return true;
    for (const c of n.children) if (c.hasError && c.type !== 'block') todo.push(c);
  }
  return false;
}

/** Values a statement can change without assigning them (`model.add(…)`, `xs.append(…)`, `self.x = …`). */
const MUTABLE = new Set(['model', 'list', 'listof', 'dict', 'instance']);

/**
 * A broken statement is not run: every name it may bind (assignment and loop targets, `def` and
 * `class` names, imports, names before an `=` inside an ERROR node) and every mutable value it
 * mentions become unknown. Modules, classes, functions and immutable values it only reads stay.
 */
export function poison(stmt: PyNode, scope: Scope): void {
  const todo: PyNode[] = [stmt];
  while (todo.length > 0) {
    const n = todo.pop()!;
    todo.push(...n.children);
    if (n.type !== 'identifier') continue;
    const name = textOf(n);
    if (isTarget(n)) scope.assign(name, UNKNOWN);
    else {
      const v = scope.lookup(name);
      if (v !== undefined && MUTABLE.has(v.kind)) scope.assign(name, UNKNOWN);
    }
  }
}

const TARGET_PARENTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'as_pattern_target', 'dotted_name', 'aliased_import']);

function isTarget(id: PyNode): boolean {
  let n = id;
  while (n.parent && TARGET_PARENTS.has(n.parent.type)) n = n.parent;
  const p = n.parent;
  if (!p) return false;
  if (n.field === 'left' && (p.type === 'assignment' || p.type === 'augmented_assignment' || p.type === 'for_statement' || p.type === 'named_expression')) return true;
  if (n.field === 'name' && (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'named_expression')) return true;
  if (n.field === 'alias' || p.type === 'import_statement' || p.type === 'import_from_statement' || n.type === 'as_pattern_target') return true;
  // Inside an ERROR node: a name followed, among its siblings, by an assignment operator.
  if (p.type === 'ERROR') {
    const i = p.children.indexOf(n);
    return p.children.slice(i + 1).some((c) => !c.named && /^([-+*/%@&|^]|\/\/|\*\*|<<|>>)?=$/.test(c.type));
  }
  return field(p, 'left') === n;
}
