/**
 * The copy of tree-sitter trees into the plain-JS syntax tree (./syntax.ts): a cursor walk per
 * statement, statements written again copied in JavaScript, statements an edit left alone taken
 * from the editor's SyntaxCache, and a module built from the trees of its parts (./parse.ts).
 */
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';
import { Placement } from '../analysis/placement.js';
import { skeleton } from './literal-slots.js';
import { isNamedChild, MAX_DEPTH, NO_CHILDREN, Node, nodesMade, SourceText, withChildren, type NodeKind, type PyNode, type SyntaxCache } from './syntax.js';

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
  let madeAtCheck = nodesMade();
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
    const visit = (placement: Placement<SourceText>, depth: number, typeId = cursor.nodeTypeId): Node => {
      const fieldId = cursor.currentFieldId;
      const startIndex = offset + cursor.startIndex;
      const endIndex = offset + cursor.endIndex;
      const isError = typeName(language, typeId) === 'ERROR';
      let error = isError || (startIndex === endIndex && cursor.nodeIsMissing);
      let children = NO_CHILDREN;
      if (depth >= MAX_DEPTH) error = true;
      else if (cursor.gotoFirstChild()) {
        const mark = found.length;
        do {
          // The child's type is read once, for both.
          const childType = cursor.nodeTypeId;
          if (!isError && isPunctuation(language, cursor, childType, broken)) continue;
          const child = visit(placement, depth + 1, childType);
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
    /**
     * The top-level node at the cursor: reused from the cache when its text was copied last time.
     * In a tree with errors the same text may be another node (a bare token where error recovery
     * ran, under a root that is itself an ERROR): there the cache gives and takes only statements
     * (named nodes) without errors of a module, of the type the tree has.
     */
    const statement = (): PyNode => {
      const start = offset + cursor.startIndex;
      const key = source.slice(start, offset + cursor.endIndex);
      const sure = !broken || (inModule && cursor.nodeIsNamed && !cursor.currentNode.hasError);
      const reused = sure ? cache?.statements.take(key) : undefined;
      if (reused instanceof Node && (!broken || reused.type === typeName(language, cursor.nodeTypeId))) {
        reused.moveTo(src, start);
        return reused;
      }
      const before = broken ? undefined : written.get(key);
      const copy = before ? before.copyAt(new Placement(src, start)) : broken ? visit(new Placement(src, start), 1) : copyOrWalk(key, start);
      if (sure && !copy.hasError) cache?.statements.put(key, copy);
      if (!broken && !before) written.set(key, copy);
      return copy;
    };
    const inModule = typeName(language, cursor.nodeTypeId) === 'module';
    first ??= { language, typeId: cursor.nodeTypeId };
    start ??= offset + cursor.startIndex;
    end = offset + cursor.endIndex;
    if (broken) hasError = true;
    try {
      if (cursor.gotoFirstChild()) {
        do {
          // A statement counts as a node: one reused from the cache makes none.
          if (cancelled && ++statementsSinceCheck + nodesMade() - madeAtCheck >= CANCEL_CHECK_NODES) {
            statementsSinceCheck = 0;
            madeAtCheck = nodesMade();
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

/** Per grammar, by type id: whether a node of that type is a token the copy may leave out (see isPunctuation). */
const punctuationTypes = new WeakMap<Language, boolean[]>();

/**
 * Whether the node at the cursor (of type `typeId`, in a tree with an error if `broken`) is a token nothing reads: anonymous (`(`, `,`, `=`, `.`, `return`)
 * or a string's quotes (`string_start`, `string_end`: ./literals.ts reads a prefix from the text),
 * in no field, not MISSING. The copy leaves it out: 40% of a Keras file's nodes. Kept: `:` (it
 * tells a slice's parts apart: ./subscripts.ts), tokens in a field (operators), and every child of
 * an ERROR node (./broken.ts reads an assignment's `=` there). tree-sitter-python's anonymous nodes
 * with children (`is not`, `not in`) are in a field.
 */
function isPunctuation(language: Language, cursor: TreeCursor, typeId: number, broken: boolean): boolean {
  let types = punctuationTypes.get(language);
  if (!types) punctuationTypes.set(language, (types = []));
  let anonymous = types[typeId];
  if (anonymous === undefined) {
    const type = typeName(language, typeId);
    anonymous = types[typeId] = type === 'string_start' || type === 'string_end' || (type !== 'ERROR' && type !== ':' && !language.nodeTypeIsNamed(typeId));
  }
  // Only a tree with an error holds MISSING nodes.
  return anonymous && cursor.currentFieldId === 0 && !(broken && cursor.nodeIsMissing);
}

/** The grammar's name of a node type; tree-sitter's error type has none. */
function typeName(language: Language, typeId: number): string {
  return language.types[typeId] || 'ERROR';
}
