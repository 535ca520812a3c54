/**
 * Reads fields node by node from a subtree holding ERROR or MISSING nodes, keeping what is well
 * formed around them. One cursor, never materialised nodes: each cursor call crosses into
 * WebAssembly, so clean text is read by text-reader.ts instead.
 */
import type { TreeCursor } from 'web-tree-sitter';
import type { Field, Value } from './message.js';
import { decodeStrings, parseNumber } from './scalars.js';
import { Placement } from '../analysis/placement.js';
import { FieldAt, Located, type Source } from './source.js';

/** The `field` node at the cursor; null when its name or value is broken. */
export function readFieldFromTree(c: TreeCursor, source: Source): Field | null {
  return field(c, source, new Placement(source, 0));
}

/** The `field` nodes among the cursor's current node and its following siblings. */
function fields(c: TreeCursor, source: Source, placement: Placement<Source>, out: Field[]): void {
  do {
    if (c.nodeType === 'field') {
      const f = field(c, source, placement);
      if (f) out.push(f);
    }
  } while (c.gotoNextSibling());
}

/** Offsets here are the document's: the placement is at 0. */
function field(c: TreeCursor, source: Source, placement: Placement<Source>): Field | null {
  const start = c.startIndex;
  const end = c.endIndex;
  let name: string | null = null;
  let value: Value | null = null;
  if (c.gotoFirstChild()) {
    do {
      const role = c.currentFieldName;
      if (role === 'name') name = source.text(c.startIndex, c.endIndex);
      else if (role === 'value') value = valueAt(c, source, placement);
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  return name !== null && value !== null ? new FieldAt(name, value, start, end, placement) : null;
}

/** The value at the cursor, or null for punctuation, comments and broken nodes. */
function valueAt(c: TreeCursor, source: Source, placement: Placement<Source>): Value | null {
  if (c.nodeIsMissing) return null;
  const start = c.startIndex;
  const end = c.endIndex;
  const at = <K extends Value['kind'], V>(kind: K, value: V) => new Located(kind, value, start, end, placement);
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
    case 'message': {
      const inner: Field[] = [];
      if (c.gotoFirstChild()) {
        fields(c, source, placement, inner);
        c.gotoParent();
      }
      return at('message', { fields: inner });
    }
    case 'list': {
      const items: Value[] = [];
      if (c.gotoFirstChild()) {
        do {
          const v = valueAt(c, source, placement);
          if (v) items.push(v);
        } while (c.gotoNextSibling());
        c.gotoParent();
      }
      return at('list', items);
    }
    default:
      return null;
  }
}
