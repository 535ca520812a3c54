/**
 * The syntax copy's tree as tree-sitter's own nodes give it (its Node API, not the copy's cursor
 * walk), for tests that compare the two node for node: the copy's meaning of `hasError` (an ERROR
 * or MISSING node, or one holding either; tree-sitter's own `hasError` is false on a lone ERROR
 * leaf), and without the tokens the copy leaves out (python/syntax-copy.ts · isPunctuation):
 * anonymous ones other than `:` and a string's quotes, in no field, not MISSING, outside ERROR nodes.
 */
import type { Node as TreeNode } from 'web-tree-sitter';
import type { PyNode } from '../../server/src/python/syntax.js';

export type Shape = [type: string, named: boolean, field: string | null, start: number, end: number, error: boolean, children: unknown[]];

/** Everything a copied node says about itself, its subtree included. */
export function shape(n: PyNode): unknown {
  return [n.type, n.named, n.field, n.startIndex, n.endIndex, n.hasError, n.children.map(shape)];
}

export function treeShape(n: TreeNode, field: string | null): Shape {
  const children: Shape[] = [];
  n.children.forEach((c, i) => {
    const f = n.fieldNameForChild(i);
    const token = c.type === 'string_start' || c.type === 'string_end' || (!c.isNamed && c.type !== ':');
    if (n.type !== 'ERROR' && token && f === null && !c.isMissing) return;
    children.push(treeShape(c, f));
  });
  const error = n.type === 'ERROR' || n.isMissing || children.some((c) => c[5]);
  return [n.type, n.isNamed, field, n.startIndex, n.endIndex, error, children];
}
