/**
 * Protobuf text format as a small value model: a message is an ordered list of fields, each with a
 * name, a value and its source range. No Caffe knowledge here.
 *
 * tree-sitter parses; each top-level field (a `layer { … }`) is then read from its text by
 * text-reader.ts when its subtree is clean, or from the tree by tree-reader.ts when it holds a
 * syntax error, keeping what is well formed around the error. Ranges are computed from offsets
 * only when asked for (source.ts).
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Diagnostic, Position, Range } from '../analysis/types.js';
import type { FieldCache } from './field-cache.js';
import { Placement } from '../analysis/placement.js';
import { Source } from './source.js';
import { readFieldFromText, readNameFromText } from './text-reader.js';
import { readFieldFromTree } from './tree-reader.js';
import { MAX_NESTING, TooDeep } from './nesting.js';

export type Value =
  | { readonly kind: 'number'; readonly value: number; readonly range: Range }
  | { readonly kind: 'string'; readonly value: string; readonly range: Range }
  /** A bare identifier (`MAX`, `true`) or a signed one (`-inf`). */
  | { readonly kind: 'enum'; readonly value: string; readonly range: Range }
  | { readonly kind: 'message'; readonly value: Message; readonly range: Range }
  | { readonly kind: 'list'; readonly value: readonly Value[]; readonly range: Range };

export interface Field {
  readonly name: string;
  readonly value: Value;
  /** The whole field, name to value. */
  readonly range: Range;
}

export interface Message {
  readonly fields: readonly Field[];
}

/**
 * A top-level field (a `layer { … }`, a net-level `input:`): its name at once, its value when read.
 * A layer is read just before it runs, so its values die young instead of all living until the
 * end of the analysis.
 */
export interface TopLevelField {
  /** Null when the field has no readable name. */
  readonly name: string | null;
  /** The field, or null when it is too broken to read. */
  read(): Field | null;
}

export interface ProtoDocument {
  readonly fields: readonly TopLevelField[];
  /** Problems met while reading fields (nesting past MAX_NESTING), added as fields are read. */
  readonly readErrors: readonly Diagnostic[];
  /** One `syntax-error` diagnostic per ERROR or MISSING node (the parts around them are still read). */
  readonly syntaxErrors: readonly Diagnostic[];
  /** The position after the last non-blank character of a line. */
  endOfLine(line: number): Position;
}

const MAX_SYNTAX_ERRORS = 100;

/**
 * The document's top-level fields, found by walking the root's children only. With a cache, fields
 * whose text the last analysis of the document read are reused, not read again.
 */
export function readDocument(tree: Tree, cache?: FieldCache, text?: string): ProtoDocument {
  cache?.nextAnalysis();
  const root = tree.rootNode;
  // Without the document text, lines before the first token are tree-sitter's rows (a lone `\r` there is missed).
  const source = text === undefined ? new Source(root.text, root.startIndex, root.startPosition) : new Source(text, 0, { row: 0, column: 0 });
  const hasError = root.hasError;
  const fields: TopLevelField[] = [];
  const readErrors: Diagnostic[] = [];
  const cursor = tree.walk();
  if (cursor.gotoFirstChild()) {
    do {
      if (cursor.nodeType !== 'field') continue;
      // A subtree with an error is read now, while the cursor is on it; it is rarely more than one layer.
      const node = hasError ? cursor.currentNode : null;
      fields.push(node?.hasError ? new ReadField(fieldFromTree(node, source, readErrors)) : new TextField(source, cursor.startIndex, cursor.endIndex, cache, readErrors));
    } while (cursor.gotoNextSibling());
  }
  cursor.delete();
  return {
    fields,
    readErrors,
    syntaxErrors: hasError ? syntaxErrors(root, source) : [],
    endOfLine: (line) => source.endOfLine(line),
  };
}

/** A field tree-sitter parsed without error, read from its text when asked for. */
class TextField implements TopLevelField {
  readonly name: string | null;

  constructor(
    private readonly source: Source,
    private readonly start: number,
    private readonly end: number,
    private readonly cache: FieldCache | undefined,
    /** Where a field nested too deep is reported. */
    private readonly readErrors: Diagnostic[],
  ) {
    this.name = readNameFromText(source, start);
  }

  /** The field; null, and reported, when it nests too deep (a throw, so the cache keeps nothing). */
  read(): Field | null {
    const { source, start, end } = this;
    const read = (placement: Placement<Source>) => readFieldFromText(placement, end);
    try {
      return this.cache ? this.cache.field(source, start, end, read) : read(new Placement(source, start));
    } catch (e) {
      if (!(e instanceof TooDeep)) throw e;
      this.readErrors.push(nestingError(source.range(start, end)));
      return null;
    }
  }
}

/** A field already read from the tree. */
class ReadField implements TopLevelField {
  readonly name: string | null;

  constructor(private readonly field: Field | null) {
    this.name = field?.name ?? null;
  }

  read(): Field | null {
    return this.field;
  }
}

function fieldFromTree(node: Node, source: Source, readErrors: Diagnostic[]): Field | null {
  try {
    return readFieldFromTree(node, source);
  } catch (e) {
    if (!(e instanceof TooDeep)) throw e;
    readErrors.push(nestingError(source.range(node.startIndex, node.endIndex)));
    return null;
  }
}

function nestingError(range: Range): Diagnostic {
  return {
    range,
    severity: 'error',
    code: 'nesting-too-deep',
    message: `Messages or lists nest more than ${MAX_NESTING} levels deep here: no Caffe message nests more than a few, so this field is not read`,
    related: [],
    fixes: [],
  };
}

function syntaxErrors(root: Node, source: Source): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Depth first, in document order, with a stack of its own: a tree may nest deeper than the call stack.
  const todo: Node[] = [root];
  while (todo.length > 0 && out.length < MAX_SYNTAX_ERRORS) {
    const node = todo.pop()!;
    if (node.isError || node.isMissing) {
      const what = node.isMissing ? `missing ${JSON.stringify(node.type)}` : `unexpected ${excerpt(node.text)}`;
      // From the offsets, not tree-sitter's rows: those miss a lone `\r` (parsing/lines.ts).
      const range = source.range(node.startIndex, node.endIndex);
      out.push({
        range,
        severity: 'error',
        code: 'syntax-error',
        message: `Syntax error: ${what} (line ${range.start.line + 1}, column ${range.start.character + 1})`,
        related: [],
        fixes: [],
      });
    } else if (node.hasError) {
      for (let i = node.childCount - 1; i >= 0; i--) todo.push(node.child(i)!);
    }
  }
  return out;
}

function excerpt(text: string): string {
  const short = text.length > 30 ? `${text.slice(0, 30)}…` : text;
  return short.trim() === '' ? 'input' : JSON.stringify(short);
}
