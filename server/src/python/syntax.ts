/**
 * A plain-JS copy of the tree-sitter syntax tree, built once per analysis with a cursor walk.
 * The interpreter re-walks function bodies at every call site; reading this copy avoids a WASM
 * round trip per node access, which keeps a 2,000-line model file well under 100 ms.
 */
import type { Tree, TreeCursor } from 'web-tree-sitter';
import type { Position, Range } from '../analysis/types.js';

export interface PyNode {
  /** Stable per-tree id (pre-order index). */
  readonly id: number;
  readonly type: string;
  readonly named: boolean;
  /** The field name this node has in its parent (`left`, `function`, …), or null. */
  readonly field: string | null;
  readonly start: Position;
  readonly end: Position;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly children: PyNode[];
  parent: PyNode | null;
  /** An ERROR node, a MISSING node, or one containing either. */
  hasError: boolean;
  readonly src: SourceText;
}

export class SourceText {
  private lineEnds: number[] | null = null;
  constructor(readonly text: string) {}

  /** The UTF-16 length of line `line` without its line terminator. */
  lineLength(line: number): number {
    if (!this.lineEnds) {
      const lines = this.text.split('\n');
      this.lineEnds = lines.map((l) => (l.endsWith('\r') ? l.length - 1 : l.length));
    }
    return this.lineEnds[line] ?? 0;
  }
}

export function textOf(n: PyNode): string {
  return n.src.text.slice(n.startIndex, n.endIndex);
}

export function rangeOf(n: PyNode): Range {
  return { start: n.start, end: n.end };
}

/** The end of the line `n` starts on (where an inlay hint for a call goes). */
export function lineEndOf(n: PyNode): Position {
  return { line: n.start.line, character: n.src.lineLength(n.start.line) };
}

export function field(n: PyNode, name: string): PyNode | null {
  for (const c of n.children) if (c.field === name) return c;
  return null;
}

export function fields(n: PyNode, name: string): PyNode[] {
  return n.children.filter((c) => c.field === name);
}

export function namedChildren(n: PyNode): PyNode[] {
  return n.children.filter((c) => c.named && c.type !== 'comment');
}

/**
 * `text` is the parsed source when the caller has it. Otherwise it is rebuilt from the root node,
 * whose text starts at the first token: the skipped leading whitespace is restored so that
 * offsets stay valid.
 */
export function buildTree(tree: Tree, text?: string): PyNode {
  const rootNode = tree.rootNode;
  let source = text;
  if (source === undefined) {
    const { row, column } = rootNode.startPosition;
    const skipped = rootNode.startIndex;
    source = ' '.repeat(Math.max(0, skipped - row - column)) + '\n'.repeat(row) + ' '.repeat(column) + rootNode.text;
  }
  const src = new SourceText(source);
  const cursor: TreeCursor = tree.walk();
  let next = 0;
  const visit = (parent: PyNode | null): PyNode => {
    const sp = cursor.startPosition;
    const ep = cursor.endPosition;
    const type = cursor.nodeType;
    const node: PyNode = {
      id: next++,
      type,
      named: cursor.nodeIsNamed,
      field: cursor.currentFieldName,
      start: { line: sp.row, character: sp.column },
      end: { line: ep.row, character: ep.column },
      startIndex: cursor.startIndex,
      endIndex: cursor.endIndex,
      children: [],
      parent,
      hasError: type === 'ERROR' || cursor.nodeIsMissing,
      src,
    };
    if (cursor.gotoFirstChild()) {
      do {
        const child = visit(node);
        node.children.push(child);
        if (child.hasError) node.hasError = true;
      } while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
    return node;
  };
  const root = visit(null);
  cursor.delete();
  return root;
}
