/**
 * Protobuf text format as a small value model: a message is an ordered list of fields, each with a
 * name, a value and its source range. No Caffe knowledge here.
 *
 * Speed: a field like `kernel_size: 3` is read from its text with one regular expression instead of
 * visiting its three child nodes (each tree-sitter cursor step crosses into WebAssembly); anything
 * else (messages, lists, comments inside a field, broken input) is read node by node.
 */
import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import type { Diagnostic, Position, Range } from '../analysis/types.js';

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
/** `name: scalar` on one line, optionally followed by `,` or `;` — groups: name, separator, value. */
const SCALAR_FIELD = new RegExp(String.raw`^([A-Za-z_][A-Za-z0-9_]*)([ \t]*:[ \t]*)(${NUMBER}|${STRING}|${IDENT})[ \t]*[,;]?$`);
const NUMBER_TOKEN = new RegExp(`^${NUMBER}$`);

export function readDocument(tree: Tree): ProtoDocument {
  const root = tree.rootNode;
  const source = new Source(root.text, root.startIndex, root.startPosition);
  const cursor = tree.walk();
  const fields: Field[] = [];
  if (cursor.gotoFirstChild()) readFields(cursor, source, fields);
  return {
    root: { fields },
    syntaxErrors: root.hasError ? syntaxErrors(root) : [],
    endOfLine: (line) => source.endOfLine(line),
  };
}

/** Reads the `field` nodes among the cursor's current node and its following siblings. */
function readFields(c: TreeCursor, source: Source, out: Field[]): void {
  do {
    if (c.nodeType === 'field') {
      const f = readField(c, source);
      if (f) out.push(f);
    }
  } while (c.gotoNextSibling());
}

function readField(c: TreeCursor, source: Source): Field | null {
  const start = c.startIndex;
  const end = c.endIndex;
  const range = source.range(start, end);
  const m = SCALAR_FIELD.exec(source.text(start, end));
  if (m) {
    const from = start + m[1]!.length + m[2]!.length;
    return { name: m[1]!, value: scalar(m[3]!, source.range(from, from + m[3]!.length)), range };
  }
  let name: string | null = null;
  let value: Value | null = null;
  if (c.gotoFirstChild()) {
    do {
      const role = c.currentFieldName;
      if (role === 'name') name = source.text(c.startIndex, c.endIndex);
      else if (role === 'value') value = readValue(c, source);
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  return name !== null && value !== null ? { name, value, range } : null;
}

/** The value at the cursor, or null for punctuation, comments and broken nodes. */
function readValue(c: TreeCursor, source: Source): Value | null {
  if (c.nodeIsMissing) return null;
  const type = c.nodeType;
  const start = c.startIndex;
  const end = c.endIndex;
  const range = source.range(start, end);
  switch (type) {
    case 'number':
    case 'string':
    case 'identifier':
    case 'signed_identifier':
      return scalar(source.text(start, end), range);
    case 'message': {
      const fields: Field[] = [];
      if (c.gotoFirstChild()) {
        readFields(c, source, fields);
        c.gotoParent();
      }
      return { kind: 'message', value: { fields }, range };
    }
    case 'list': {
      const items: Value[] = [];
      if (c.gotoFirstChild()) {
        do {
          const v = readValue(c, source);
          if (v) items.push(v);
        } while (c.gotoNextSibling());
        c.gotoParent();
      }
      return { kind: 'list', value: items, range };
    }
    default:
      return null;
  }
}

/** A scalar token as written: a number, one or more string literals, or an identifier. */
function scalar(text: string, range: Range): Value {
  const first = text.charAt(0);
  if (first === '"' || first === "'") return { kind: 'string', value: decodeStrings(text), range };
  if (NUMBER_TOKEN.test(text)) return { kind: 'number', value: parseNumber(text), range };
  return { kind: 'enum', value: text.replace(/\s+/g, ''), range };
}

function parseNumber(text: string): number {
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
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly body: string,
    private readonly offset: number,
    private readonly origin: { row: number; column: number },
  ) {
    for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  text(start: number, end: number): string {
    return this.body.slice(start - this.offset, end - this.offset);
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  position(index: number): Position {
    const at = index - this.offset;
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: this.origin.row + lo, character: (lo === 0 ? this.origin.column : 0) + at - starts[lo]! };
  }

  /** The position after the last non-blank character of a line. */
  endOfLine(line: number): Position {
    const i = line - this.origin.row;
    const starts = this.lineStarts;
    if (i < 0 || i >= starts.length) return { line, character: 0 };
    const end = i + 1 < starts.length ? starts[i + 1]! - 1 : this.body.length;
    const content = this.body.slice(starts[i], end).replace(/\s+$/, '');
    return { line, character: (i === 0 ? this.origin.column : 0) + content.length };
  }
}

function toRange(a: { row: number; column: number }, b: { row: number; column: number }): Range {
  return { start: { line: a.row, character: a.column }, end: { line: b.row, character: b.column } };
}
