/**
 * A plain-JS copy of the tree-sitter syntax tree, built once per analysis with a cursor walk.
 * The interpreter re-walks function bodies at every call site; reading this copy avoids a WASM
 * round trip per node access, which keeps a 2,000-line model file well under 100 ms.
 *
 * With a SyntaxCache (an editor keeps one per document), a top-level statement whose text the
 * last analysis copied, without error, is reused and moved to where it now sits: its nodes keep
 * offsets from a Placement shared by the statement.
 */
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';
import { Generations } from '../analysis/generations.js';
import { Placement } from '../analysis/placement.js';
import type { Position, Range } from '../analysis/types.js';
import { lineEndAt, lineIndexAt, lineStarts } from '../parsing/lines.js';
import { movedOffset, skeleton } from './literal-slots.js';
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
const MAX_DEPTH = 1000;

/** Ids unique in the process, so nodes reused from an earlier tree never share one with new ones. */
let nextId = 0;

/**
 * The ids given so far: only definitions are asked for one (the interpreter's tables of functions
 * and classes), so a node holds none of its own (a file holds millions of nodes).
 */
const ids = new WeakMap<Node, number>();

/** Nodes made in the process (the copy's cancel check counts them). */
let made = 0;

/**
 * What a node is apart from its place: its type as the grammar names it, its field in its parent,
 * and whether it holds an error. One object for every node alike (a few hundred in a file).
 */
interface NodeKind {
  readonly type: string;
  readonly named: boolean;
  readonly field: string | null;
  readonly hasError: boolean;
}

/** The children of every leaf (most nodes): one shared array, never added to. */
const NO_CHILDREN: PyNode[] = [];

/**
 * Lean, as a file may hold millions of nodes (about 22 per line of Keras): positions are computed
 * from offsets when read (only reported ranges need one), type, field and error are one shared
 * object, and children arrays are exactly as long as needed. Built children first, so a node is
 * made knowing whether it holds an error; the copy then sets its children's parent.
 */
class Node implements PyNode {
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
  /** The same subtree, new nodes, placed by `placement` (a statement written again: see buildModule). */
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
function withChildren(n: Node): Node {
  for (const c of n.children) c.parent = n;
  return n;
}

function isNamedChild(c: PyNode): boolean {
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
    const starts = this.lineStarts;
    const line = lineIndexAt(starts, offset);
    return { line, character: offset - starts[line]! };
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
  readonly statements = new Generations<string, PyNode>();
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

/** What a copy may be handed: the editor's cache, and the check that the result is still wanted. */
export interface CopyOptions {
  readonly cache?: SyntaxCache;
  /** True once the result is no longer wanted: the copy stops at its next check, keeping what it copied. */
  readonly cancelled?: () => boolean;
}

/**
 * `text` is the parsed source when the caller has it. Otherwise it is rebuilt from the root node,
 * whose text starts at the first token: the skipped leading whitespace is restored so that
 * offsets stay valid. With a cache, unchanged error-free top-level statements are reused.
 */
export function buildTree(tree: Tree, text?: string, options: CopyOptions = {}): PyNode {
  const rootNode = tree.rootNode;
  const { row, column } = rootNode.startPosition;
  const source = text ?? ' '.repeat(Math.max(0, rootNode.startIndex - row - column)) + '\n'.repeat(row) + ' '.repeat(column) + rootNode.text;
  return buildModule(source, [{ tree, offset: 0 }], options);
}

/** A tree of part of a module's text, parsed on its own: its offsets count from `offset`. */
export interface TreePart {
  readonly tree: Tree;
  readonly offset: number;
}

/**
 * Top-level statements of the cache's last copy whose text an edit left alone (./edit-parse.ts),
 * by where each now sits: taken from the cache as a walk over their tree would take them.
 */
export interface KeptPart {
  readonly kept: readonly (readonly [start: number, end: number])[];
  /** Where the part ends (the module ends where its last part does). */
  readonly end: number;
}

export type ModulePart = TreePart | KeptPart;

/** How many nodes are made between two checks of `cancelled`. */
const CANCEL_CHECK_NODES = 4096;

/**
 * One module copied from the trees of its parts, in order (./parse.ts parses a big module in parts
 * that end where top-level statements start, each tree deleted once copied): the root spans them
 * all and holds their top-level statements. With one part, the copy of that tree.
 */
export function buildModule(source: string, parts: Iterable<ModulePart>, options: CopyOptions = {}): PyNode {
  const { cache, cancelled } = options;
  cache?.statements.next();
  // Set again once the copy is whole: a copy stopped half way is no base for the next one.
  if (cache) cache.root = null;
  const src = cache ? cache.sourceOf(source) : new SourceText(source);
  /** The kinds met so far, by type, field and error (`kindKey`). */
  const kinds = new Map<number, NodeKind>();
  const statements: PyNode[] = [];
  let first: { language: Language; typeId: number } | null = null;
  let start: number | null = null;
  let end = 0;
  let hasError = false;
  /** Statements met and nodes made (walked or copied) since the last check of `cancelled`. */
  let statementsSinceCheck = 0;
  let madeAtCheck = made;
  let stopped = false;
  const kindOf = (language: Language, typeId: number, fieldId: number, error: boolean): NodeKind => {
    const key = (typeId * 1024 + fieldId) * 2 + (error ? 1 : 0);
    let k = kinds.get(key);
    if (!k) {
      const type = typeName(language, typeId);
      k = { type, named: type === 'ERROR' || language.nodeTypeIsNamed(typeId), field: fieldId ? (language.fields[fieldId] ?? null) : null, hasError: error };
      kinds.set(key, k);
    }
    return k;
  };
  /** Made once its children are: each child's parent is set here. */
  const node = (kind: NodeKind, from: number, to: number, placement: Placement<SourceText>, children: PyNode[]): Node => withChildren(new Node(kind, from, to, placement, children, children.every(isNamedChild)));
  /**
   * The top-level statements of error-free trees copied so far, by their text: one written again
   * (generated files repeat `x = layers.BatchNormalization()(x)` thousands of times) is copied
   * from the first in JavaScript, without the WebAssembly walk. A top-level statement parses the
   * same wherever it sits in a tree without errors (./parts.ts), so the copies are the nodes the
   * walk would make; where error recovery ran, the same text may not be the same tree. One that
   * differs from a walked one only in its literals' contents (`name='b7_1'`, ./literal-slots.ts)
   * is copied from it too, offsets moved.
   */
  const written = new Map<string, Node>();
  /** The same for statements that differ only in their literals: walked ones, by skeleton. */
  const shaped = new Map<string, { node: Node; slots: readonly number[] }>();
  for (const part of parts) {
    if (stopped) break;
    if ('kept' in part) {
      for (const [from, to] of part.kept) {
        const reused = cache?.statements.take(source.slice(from, to));
        if (!(reused instanceof Node)) throw new Error(`no copy of the kept statement at ${from} to reuse`);
        reused.moveTo(src, from);
        statements.push(reused);
      }
      start ??= part.kept[0]?.[0] ?? part.end;
      end = part.end;
      continue;
    }
    const { tree, offset } = part;
    const language = tree.language;
    const broken = tree.rootNode.hasError;
    const cursor: TreeCursor = tree.walk();
    /** The children found so far of the nodes being copied, innermost last (see `childrenFrom`). */
    const found: PyNode[] = [];
    /** The children pushed on `found` since `mark`, as an array of their own, exactly that long. */
    const childrenFrom = (mark: number): PyNode[] => (found.length > mark ? found.splice(mark) : NO_CHILDREN);
    // Four WASM reads per node (type, field, start, end); positions come from the offsets.
    const visit = (placement: Placement<SourceText>, depth: number): Node => {
      const typeId = cursor.nodeTypeId;
      const fieldId = cursor.currentFieldId;
      const startIndex = offset + cursor.startIndex;
      const endIndex = offset + cursor.endIndex;
      let error = typeName(language, typeId) === 'ERROR' || (startIndex === endIndex && cursor.nodeIsMissing);
      let children = NO_CHILDREN;
      if (depth >= MAX_DEPTH) error = true;
      else if (cursor.gotoFirstChild()) {
        const mark = found.length;
        do {
          const child = visit(placement, depth + 1);
          found.push(child);
          if (child.hasError) error = true;
        } while (cursor.gotoNextSibling());
        cursor.gotoParent();
        children = childrenFrom(mark);
      }
      return node(kindOf(language, typeId, fieldId, error), startIndex - placement.offset, endIndex - placement.offset, placement, children);
    };
    /** A statement of an error-free tree that is not the text of one copied before: from one of its skeleton, else walked. */
    const copyOrWalk = (key: string, start: number): Node => {
      const placement = new Placement(src, start);
      const shape = skeleton(key);
      const like = shape && shaped.get(shape.key);
      const copy = like ? like.node.copyMoved(placement, like.slots, shape.slots) : null;
      if (copy) return copy;
      const walked = visit(placement, 1);
      if (shape && !like) shaped.set(shape.key, { node: walked, slots: shape.slots });
      return walked;
    };
    /** The top-level node at the cursor: reused from the cache when its text was copied last time. */
    const statement = (): PyNode => {
      const start = offset + cursor.startIndex;
      const key = source.slice(start, offset + cursor.endIndex);
      const reused = cache?.statements.take(key);
      if (reused instanceof Node) {
        reused.moveTo(src, start);
        return reused;
      }
      const before = broken ? undefined : written.get(key);
      const copy = before ? before.copyAt(new Placement(src, start)) : broken ? visit(new Placement(src, start), 1) : copyOrWalk(key, start);
      if (!copy.hasError) cache?.statements.put(key, copy);
      if (!broken && !before) written.set(key, copy);
      return copy;
    };
    first ??= { language, typeId: cursor.nodeTypeId };
    start ??= offset + cursor.startIndex;
    end = offset + cursor.endIndex;
    if (broken) hasError = true;
    try {
      if (cursor.gotoFirstChild()) {
        do {
          // A statement counts as a node: one reused from the cache makes none.
          if (cancelled && ++statementsSinceCheck + made - madeAtCheck >= CANCEL_CHECK_NODES) {
            statementsSinceCheck = 0;
            madeAtCheck = made;
            if ((stopped = cancelled())) break;
          }
          const child = statement();
          statements.push(child);
          if (child.hasError) hasError = true;
        } while (cursor.gotoNextSibling());
      }
    } finally {
      cursor.delete();
    }
  }
  const kind: NodeKind = first ? kindOf(first.language, first.typeId, 0, hasError) : { type: 'module', named: true, field: null, hasError };
  const root = node(kind, start ?? 0, end, new Placement(src, 0), statements.length > 0 ? statements : NO_CHILDREN);
  if (cache && !stopped) cache.root = root;
  return root;
}

/** The grammar's name of a node type; tree-sitter's error type has none. */
function typeName(language: Language, typeId: number): string {
  return language.types[typeId] || 'ERROR';
}
