/**
 * Reads fields node by node from a subtree holding ERROR or MISSING nodes, keeping what is well
 * formed around them. One cursor, never materialised nodes: each cursor call crosses into
 * WebAssembly, so clean text is read by text-reader.ts instead.
 */
import type { Node, TreeCursor } from 'web-tree-sitter';
import { Placement } from '../analysis/placement.js';
import type { Field, Value } from './message.js';
import { MAX_NESTING, TooDeep } from './nesting.js';
import { decodeStrings, parseNumber } from './scalars.js';
import { FieldAt, Located, type Source } from './source.js';

/**
 * The `field` node `node`; null when its name or value is broken. Throws TooDeep past MAX_NESTING.
 * Offsets are the document's: the placement is at 0.
 */
export function readFieldFromTree(node: Node, source: Source): Field | null {
  const cursor = node.walk();
  try {
    return new TreeReader(cursor, source).field();
  } finally {
    cursor.delete();
  }
}

class TreeReader {
  private readonly placement: Placement<Source>;
  /** Messages and lists entered. */
  private depth = 0;

  constructor(
    private readonly c: TreeCursor,
    private readonly source: Source,
  ) {
    this.placement = new Placement(source, 0);
  }

  /** The `field` node at the cursor. */
  field(): Field | null {
    const { c, source } = this;
    const start = c.startIndex;
    const end = c.endIndex;
    let name: string | null = null;
    let value: Value | null = null;
    if (c.gotoFirstChild()) {
      do {
        const role = c.currentFieldName;
        if (role === 'name') name = source.text(c.startIndex, c.endIndex);
        else if (role === 'value') value = this.value();
      } while (c.gotoNextSibling());
      c.gotoParent();
    }
    return name !== null && value !== null ? new FieldAt(name, value, start, end, this.placement) : null;
  }

  /** The value at the cursor, or null for punctuation, comments and broken nodes. */
  private value(): Value | null {
    const { c, source } = this;
    if (c.nodeIsMissing) return null;
    const start = c.startIndex;
    const end = c.endIndex;
    const at = <K extends Value['kind'], V>(kind: K, value: V) => new Located(kind, value, start, end, this.placement);
    switch (c.nodeType) {
      case 'number':
        return at('number', parseNumber(source.text(start, end)));
      case 'string':
        return at('string', decodeStrings(source.text(start, end)));
      case 'identifier':
        return at('enum', source.text(start, end));
      case 'signed_identifier': {
        // `-` and the identifier, maybe with blanks or a comment between them.
        c.gotoLastChild();
        const id = source.text(c.startIndex, c.endIndex);
        c.gotoParent();
        return at('enum', `-${id}`);
      }
      case 'message':
        return at('message', { fields: this.inside(() => this.fields()) });
      case 'list':
        return at('list', this.inside(() => this.items()));
      default:
        return null;
    }
  }

  /** Reads the children of the node at the cursor, one level deeper. */
  private inside<T>(read: () => T[]): T[] {
    if (++this.depth > MAX_NESTING) throw new TooDeep();
    let out: T[] = [];
    if (this.c.gotoFirstChild()) {
      out = read();
      this.c.gotoParent();
    }
    this.depth--;
    return out;
  }

  /** The `field` nodes among the cursor's node and its following siblings. */
  private fields(): Field[] {
    const out: Field[] = [];
    do {
      if (this.c.nodeType !== 'field') continue;
      const f = this.field();
      if (f) out.push(f);
    } while (this.c.gotoNextSibling());
    return out;
  }

  /** The values among the cursor's node and its following siblings. */
  private items(): Value[] {
    const out: Value[] = [];
    do {
      const v = this.value();
      if (v) out.push(v);
    } while (this.c.gotoNextSibling());
    return out;
  }
}
