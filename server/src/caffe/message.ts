/**
 * Protobuf text format as a small value model: a message is an ordered list of fields, each with a
 * name, a value and its source range. No Caffe knowledge here.
 *
 * Speed: the tree is walked with one cursor, visiting only fields (each cursor call crosses into
 * WebAssembly; nodes are never materialised as objects). A field like `kernel_size: 3` is read
 * from its text with one regular expression instead of visiting its children. In a tree without
 * syntax errors, a message field written `name {` … `}` (or `name: <` … `>`) is entered straight
 * through its last child, the message. Anything else (lists, comments or line breaks before a
 * value, separators, broken input) is read node by node. Ranges are computed from offsets only when
 * asked for.
 */
import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import type { Diagnostic, Position, Range } from '../analysis/types.js';
import { lineIndexAt, lineStarts } from '../parsing/lines.js';

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

export interface ProtoDocument {
  readonly root: Message;
  /** One `syntax-error` diagnostic per ERROR or MISSING node (the parts around them are still read). */
  readonly syntaxErrors: readonly Diagnostic[];
  /** The position after the last non-blank character of a line. */
  endOfLine(line: number): Position;
}

const MAX_SYNTAX_ERRORS = 100;

const NUMBER = String.raw`-?(?:0[xX][0-9a-fA-F]+|0[0-7]+|[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?[fF]?|\.[0-9]+(?:[eE][+-]?[0-9]+)?[fF]?)`;
const STRING = String.raw`"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'`;
const IDENT = String.raw`-?[A-Za-z_][A-Za-z0-9_]*`;
/** A scalar value token, whole: what `name: value` may hold on one line (see readScalarField). */
const SCALAR_TOKEN = new RegExp(`^(?:${NUMBER}|${STRING}|${IDENT})$`);
const NUMBER_TOKEN = new RegExp(`^${NUMBER}$`);
/** The common number, `64` or `-1`: no hex, octal, fraction, exponent or `f` to handle. */
const DECIMAL_INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

export function readDocument(tree: Tree): ProtoDocument {
  const root = tree.rootNode;
  const source = new Source(root.text, root.startIndex, root.startPosition);
  const hasError = root.hasError;
  const fields: Field[] = [];
  const cursor = tree.walk();
  if (cursor.gotoFirstChild()) new Reader(source, !hasError).fields(cursor, fields);
  cursor.delete();
  return {
    root: { fields },
    syntaxErrors: hasError ? syntaxErrors(root) : [],
    endOfLine: (line) => source.endOfLine(line),
  };
}

class Reader {
  constructor(
    private readonly source: Source,
    /** No ERROR or MISSING node anywhere: a field's text alone tells its shape. */
    private readonly errorFree: boolean,
  ) {}

  /** Reads the `field` nodes among the cursor's current node and its following siblings. */
  fields(c: TreeCursor, out: Field[]): void {
    do {
      if (c.nodeType === 'field') {
        const f = this.field(c);
        if (f) out.push(f);
      }
    } while (c.gotoNextSibling());
  }

  private field(c: TreeCursor): Field | null {
    const { source } = this;
    const start = c.startIndex;
    const end = c.endIndex;
    const text = source.text(start, end);
    const scalarField = readScalarField(text, start, end, source);
    if (scalarField) return scalarField;
    const headEnd = this.errorFree ? messageHeadEnd(text) : 0;
    if (headEnd > 0 && text.charCodeAt(text.length - 1) === (text.charCodeAt(headEnd - 1) === 0x7b /* { */ ? 0x7d /* } */ : 0x3e) /* > */) {
      // No separator follows the closing bracket, so the field's last child is its message.
      const fields: Field[] = [];
      c.gotoLastChild();
      c.gotoFirstChild(); // the opening bracket
      if (c.gotoNextSibling()) this.fields(c, fields);
      c.gotoParent();
      c.gotoParent();
      return new FieldAt(text.slice(0, nameEnd(text)), new Located('message', { fields }, start + headEnd - 1, end, source), start, end, source);
    }
    let name: string | null = null;
    let value: Value | null = null;
    if (c.gotoFirstChild()) {
      do {
        const role = c.currentFieldName;
        if (role === 'name') name = source.text(c.startIndex, c.endIndex);
        else if (role === 'value') value = this.value(c);
      } while (c.gotoNextSibling());
      c.gotoParent();
    }
    return name !== null && value !== null ? new FieldAt(name, value, start, end, source) : null;
  }

  /** The value at the cursor, or null for punctuation, comments and broken nodes. */
  private value(c: TreeCursor): Value | null {
    if (c.nodeIsMissing) return null;
    const { source } = this;
    const type = c.nodeType;
    const start = c.startIndex;
    const end = c.endIndex;
    switch (type) {
      case 'number':
      case 'string':
      case 'identifier':
      case 'signed_identifier':
        return scalar(source.text(start, end), start, end, source);
      case 'message': {
        const fields: Field[] = [];
        if (c.gotoFirstChild()) {
          this.fields(c, fields);
          c.gotoParent();
        }
        return new Located('message', { fields }, start, end, source);
      }
      case 'list': {
        const items: Value[] = [];
        if (c.gotoFirstChild()) {
          do {
            const v = this.value(c);
            if (v) items.push(v);
          } while (c.gotoNextSibling());
          c.gotoParent();
        }
        return new Located('list', items, start, end, source);
      }
      default:
        return null;
    }
  }
}

/**
 * The field when its text is `name: scalar` on one line, optionally followed by `,` or `;` (as
 * `^name[ \t]*:[ \t]*(number|string|identifier)[ \t]*[,;]?$`), else null. Scanned by hand: a
 * regular expression's match array and groups, built for nearly every field, were the largest
 * share of the garbage an analysis makes. The same split as the expression's, since a value token
 * neither starts with a blank nor ends with a blank, `,` or `;`.
 */
function readScalarField(text: string, start: number, end: number, source: Source): Field | null {
  const n = text.length;
  const nameLength = nameEnd(text);
  if (nameLength === 0) return null;
  let i = nameLength;
  while (i < n && isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 0x3a /* : */) return null;
  i++;
  while (i < n && isBlank(text.charCodeAt(i))) i++;
  let j = n;
  const last = text.charCodeAt(j - 1);
  if (last === 0x2c /* , */ || last === 0x3b /* ; */) j--;
  while (j > i && isBlank(text.charCodeAt(j - 1))) j--;
  if (j <= i) return null;
  const token = text.slice(i, j);
  if (!SCALAR_TOKEN.test(token)) return null;
  return new FieldAt(text.slice(0, nameLength), scalar(token, start + i, start + j, source), start, end, source);
}

/** The length of the name at the start of `text` (0: none). */
function nameEnd(text: string): number {
  if (text.length === 0 || !isNameStart(text.charCodeAt(0))) return 0;
  let i = 1;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  return i;
}

/**
 * The offset just past the bracket when `text` starts `name {`, `name: {` or `name <` (as
 * `^name[ \t]*:?[ \t]*[{<]`), else 0. Scanned by hand, without a match array per field.
 */
function messageHeadEnd(text: string): number {
  const n = text.length;
  let i = nameEnd(text);
  if (i === 0) return 0;
  while (i < n && isBlank(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) === 0x3a /* : */) {
    i++;
    while (i < n && isBlank(text.charCodeAt(i))) i++;
  }
  const c = text.charCodeAt(i);
  return c === 0x7b /* { */ || c === 0x3c /* < */ ? i + 1 : 0;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** A scalar token as written: a number, one or more string literals, or an identifier. */
function scalar(text: string, start: number, end: number, source: Source): Value {
  const first = text.charAt(0);
  if (first === '"' || first === "'") return new Located('string', decodeStrings(text), start, end, source);
  if (NUMBER_TOKEN.test(text)) return new Located('number', parseNumber(text), start, end, source);
  return new Located('enum', text.replace(/\s+/g, ''), start, end, source);
}

/** A value at offsets [start, end) of the document; its line/column range is computed when read. */
class Located<K extends Value['kind'], V> {
  constructor(
    readonly kind: K,
    readonly value: V,
    private readonly start: number,
    private readonly end: number,
    private readonly source: Source,
  ) {}

  get range(): Range {
    return this.source.range(this.start, this.end);
  }
}

/** A field at offsets [start, end) of the document; its line/column range is computed when read. */
class FieldAt implements Field {
  constructor(
    readonly name: string,
    readonly value: Value,
    private readonly start: number,
    private readonly end: number,
    private readonly source: Source,
  ) {}

  get range(): Range {
    return this.source.range(this.start, this.end);
  }
}

function parseNumber(text: string): number {
  if (DECIMAL_INTEGER.test(text)) return Number(text);
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let n: number;
  if (/^0[xX]/.test(body)) n = parseInt(body.slice(2), 16);
  else if (/^0[0-7]+$/.test(body)) n = parseInt(body, 8);
  else n = Number(body.replace(/[fF]$/, ''));
  return negative ? -n : n;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Concatenates adjacent literals (`"a" 'b'` → `ab`) and resolves C-style escapes. */
function decodeStrings(text: string): string {
  // One literal without escapes (nearly every string): its inside, without building it char by char.
  const q = text.charAt(0);
  if (text.indexOf(q, 1) === text.length - 1 && !text.includes('\\')) return text.slice(1, -1);
  let out = '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!quote) {
      if (ch === '"' || ch === "'") quote = ch;
    } else if (ch === quote) {
      quote = '';
    } else if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i]!;
      const octal = /^[0-7]{1,3}/.exec(text.slice(i, i + 3));
      const hex = next === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1, i + 3)) : null;
      if (octal) {
        out += String.fromCharCode(parseInt(octal[0], 8));
        i += octal[0].length - 1;
      } else if (hex) {
        out += String.fromCharCode(parseInt(hex[0], 16));
        i += hex[0].length;
      } else {
        out += ESCAPES[next] ?? next;
      }
    } else {
      out += ch;
    }
  }
  return out;
}

function syntaxErrors(root: Node): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (node: Node): void => {
    if (out.length >= MAX_SYNTAX_ERRORS) return;
    if (node.isError || node.isMissing) {
      const what = node.isMissing ? `missing ${JSON.stringify(node.type)}` : `unexpected ${excerpt(node.text)}`;
      out.push({
        range: toRange(node.startPosition, node.endPosition),
        severity: 'error',
        code: 'syntax-error',
        message: `Syntax error at line ${node.startPosition.row + 1}, column ${node.startPosition.column + 1}: ${what}`,
        related: [],
        fixes: [],
      });
      return;
    }
    if (!node.hasError) return;
    for (let i = 0; i < node.childCount; i++) visit(node.child(i)!);
  };
  visit(root);
  return out;
}

function excerpt(text: string): string {
  const short = text.length > 30 ? `${text.slice(0, 30)}…` : text;
  return short.trim() === '' ? 'input' : JSON.stringify(short);
}

/**
 * The document text with its line starts, so positions come from node offsets without asking
 * tree-sitter for them. tree-sitter's document node starts at the first token (`origin`); every
 * line holding a token lies inside its text. Offsets and columns are UTF-16 units, as tree-sitter's.
 */
class Source {
  private readonly lineStarts: number[];

  constructor(
    private readonly body: string,
    private readonly offset: number,
    private readonly origin: { row: number; column: number },
  ) {
    this.lineStarts = lineStarts(body);
  }

  text(start: number, end: number): string {
    return this.body.slice(start - this.offset, end - this.offset);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  position(index: number): Position {
    const at = index - this.offset;
    const lo = lineIndexAt(this.lineStarts, at);
    return { line: this.origin.row + lo, character: (lo === 0 ? this.origin.column : 0) + at - this.lineStarts[lo]! };
  }

  /** The position after the last non-blank character of a line. */
  endOfLine(line: number): Position {
    const i = line - this.origin.row;
    const starts = this.lineStarts;
    if (i < 0 || i >= starts.length) return { line, character: 0 };
    const from = starts[i]!;
    let end = i + 1 < starts.length ? starts[i + 1]! - 1 : this.body.length;
    while (end > from && /\s/.test(this.body.charAt(end - 1))) end--;
    return { line, character: (i === 0 ? this.origin.column : 0) + end - from };
  }
}

function toRange(a: { row: number; column: number }, b: { row: number; column: number }): Range {
  return { start: { line: a.row, character: a.column }, end: { line: b.row, character: b.column } };
}
