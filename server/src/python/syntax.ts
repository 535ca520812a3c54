/**
 * A plain-JS copy of the tree-sitter syntax tree, built once per analysis with a cursor walk.
 * The interpreter re-walks function bodies at every call site; reading this copy avoids a WASM
 * round trip per node access, which keeps a 2,000-line model file well under 100 ms.
 *
 * With a SyntaxCache (an editor keeps one per document), a top-level statement whose text the
 * last analysis copied, without error, is reused and moved to where it now sits: its nodes keep
 * offsets from a Placement shared by the statement.
 */
import { Generations } from '../analysis/generations.js';
import { Placement } from '../analysis/placement.js';
import type { Position, Range } from '../analysis/types.js';
import { lineEndAt, lineIndexAt, lineStarts } from '../parsing/lines.js';
import { movedOffset } from './literal-slots.js';
import { StatementRuns } from './statement-cache.js';

export interface PyNode {
  /** Unique in the process (so per analysis too, reused statements included). */
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
  readonly hasError: boolean;
  readonly src: SourceText;
}

/**
 * How deep the copy goes: deeper nodes are left out and their parent marked as an error, so the
 * statement is read as broken. CPython stops far sooner (200 nested brackets, 100 indented blocks),
 * and copying deeper by recursion would exhaust the stack.
 */
export const MAX_DEPTH = 1000;

/** Ids unique in the process, so nodes reused from an earlier tree never share one with new ones. */
let nextId = 0;

/**
 * The ids given so far: only definitions are asked for one (the interpreter's tables of functions
 * and classes), so a node holds none of its own (a file holds millions of nodes).
 */
const ids = new WeakMap<Node, number>();

/** Nodes made in the process (the copy's cancel check counts them). */
let made = 0;

export function nodesMade(): number {
  return made;
}

/**
 * What a node is apart from its place: its type as the grammar names it, its field in its parent,
 * and whether it holds an error. One object for every node alike (a few hundred in a file).
 */
export interface NodeKind {
  readonly type: string;
  readonly named: boolean;
  readonly field: string | null;
  readonly hasError: boolean;
}

/** The children of every leaf (most nodes): one shared array, never added to. */
export const NO_CHILDREN: PyNode[] = [];

/**
 * Lean, as a file may hold millions of nodes (about 22 per line of Keras): positions are computed
 * from offsets when read (only reported ranges need one), type, field and error are one shared
 * object, and children arrays are exactly as long as needed. Built children first, so a node is
 * made knowing whether it holds an error; the copy then sets its children's parent.
 */
export class Node implements PyNode {
  parent: PyNode | null = null;
  /** The named, non-comment children: `children` itself when all are (known when the node is made), else filtered when first asked. */
  private named_: PyNode[] | null;
  constructor(
    private readonly kind: NodeKind,
    private readonly from: number,
    private readonly to: number,
    private readonly placement: Placement<SourceText>,
    readonly children: PyNode[],
    allNamed: boolean,
  ) {
    this.named_ = allNamed ? children : null;
    made++;
  }
  get id(): number {
    let id = ids.get(this);
    if (id === undefined) ids.set(this, (id = nextId++));
    return id;
  }
  get type(): string {
    return this.kind.type;
  }
  get named(): boolean {
    return this.kind.named;
  }
  get field(): string | null {
    return this.kind.field;
  }
  get hasError(): boolean {
    return this.kind.hasError;
  }
  get startIndex(): number {
    return this.placement.offset + this.from;
  }
  get endIndex(): number {
    return this.placement.offset + this.to;
  }
  get src(): SourceText {
    return this.placement.source;
  }
  get start(): Position {
    return this.src.positionAt(this.startIndex);
  }
  get end(): Position {
    return this.src.positionAt(this.endIndex);
  }
  /** A reused top-level statement: its subtree now sits at `offset` of `src` (its parent is set by the copy). */
  moveTo(src: SourceText, offset: number): void {
    this.placement.moveTo(src, offset);
  }
  /** The same subtree, new nodes, placed by `placement` (a statement written again: see syntax-copy.ts · buildModule). */
  copyAt(placement: Placement<SourceText>): Node {
    const children = this.children === NO_CHILDREN ? NO_CHILDREN : this.children.map((c) => (c as Node).copyAt(placement));
    return withChildren(new Node(this.kind, this.from, this.to, placement, children, this.named_ === this.children));
  }
  /**
   * The same subtree for a statement of the same skeleton (./literal-slots.ts): this statement's
   * cut contents at `from`, the other's at `to`. Null if a node starts or ends inside a cut content.
   */
  copyMoved(placement: Placement<SourceText>, from: readonly number[], to: readonly number[]): Node | null {
    const start = movedOffset(this.from, from, to);
    const end = movedOffset(this.to, from, to);
    if (start < 0 || end < 0) return null;
    let children = NO_CHILDREN;
    if (this.children !== NO_CHILDREN) {
      children = new Array<PyNode>(this.children.length);
      for (let i = 0; i < children.length; i++) {
        const copy = (this.children[i] as Node).copyMoved(placement, from, to);
        if (!copy) return null;
        children[i] = copy;
      }
    }
    return withChildren(new Node(this.kind, start, end, placement, children, this.named_ === this.children));
  }
  /** Named, non-comment children (cached: the interpreter asks for them on every visit; a leaf's and an all-named list are no new array). */
  namedList(): PyNode[] {
    return (this.named_ ??= this.children.filter(isNamedChild));
  }
}

/** `n`, made the parent of its children. */
export function withChildren(n: Node): Node {
  for (const c of n.children) c.parent = n;
  return n;
}

export function isNamedChild(c: PyNode): boolean {
  return c.named && c.type !== 'comment';
}

export class SourceText {
  private starts: number[] | null = null;
  constructor(private text_: string) {}

  get text(): string {
    return this.text_;
  }

  /**
   * The document's next text. An editor's cache keeps one SourceText per document, so values an
   * earlier analysis made (tensor origins) and reused ones name the same text as new ones.
   */
  replace(text: string): void {
    this.text_ = text;
    this.starts = null;
  }

  /** Where each line starts, by LSP's line ends (parsing/lines.ts). */
  private get lineStarts(): number[] {
    return (this.starts ??= lineStarts(this.text));
  }

  /** Line and UTF-16 column of an offset. */
  positionAt(offset: number): Position {
    const line = this.lineAt(offset);
    return { line, character: offset - this.lineStarts[line]! };
  }

  /** The line an offset is on. */
  lineAt(offset: number): number {
    return lineIndexAt(this.lineStarts, offset);
  }

  /** How many lines the text has (an empty last line counts). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The offset line `line` starts at. */
  lineStart(line: number): number {
    return this.lineStarts[line]!;
  }

  /** The UTF-16 length of line `line` without its line terminator. */
  lineLength(line: number): number {
    const starts = this.lineStarts;
    return line < starts.length ? lineEndAt(this.text, starts, line) - starts[line]! : 0;
  }
}

export function textOf(n: PyNode): string {
  return n.src.text.slice(n.startIndex, n.endIndex);
}

export function rangeOf(n: PyNode): Range {
  return { start: n.start, end: n.end };
}

/**
 * The end of the line `n` ends on, where an inlay hint for a call goes: after the whole of a
 * multi-line call, not after its first line, where it would read as a parameter hint.
 */
export function lineEndOf(n: PyNode): Position {
  const { line } = n.end;
  return { line, character: n.src.lineLength(line) };
}

export function field(n: PyNode, name: string): PyNode | null {
  for (const c of n.children) if (c.field === name) return c;
  return null;
}

export function fields(n: PyNode, name: string): PyNode[] {
  return n.children.filter((c) => c.field === name);
}

export function namedChildren(n: PyNode): PyNode[] {
  return n instanceof Node ? n.namedList() : n.children.filter(isNamedChild);
}

/** The top-level statements the last analysis of a document copied, by their text. */
export class SyntaxCache {
  /** Kept two analyses: an edit undone gets the statement's node back, and with it its runs (./statement-cache.ts · KeptRuns). */
  readonly statements = new Generations<string, PyNode>(2);
  /** What each top-level statement did in the last analysis (./statement-cache.ts). */
  readonly runs = new StatementRuns();
  /** The module the last copy made (./edit-parse.ts re-parses only what an edit changed in it). */
  root: PyNode | null = null;
  private source: SourceText | null = null;

  /** The document's one SourceText, now holding `text`. */
  sourceOf(text: string): SourceText {
    if (this.source) this.source.replace(text);
    else this.source = new SourceText(text);
    return this.source;
  }
}
