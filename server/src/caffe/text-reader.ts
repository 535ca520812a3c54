/**
 * Reads the fields of text that tree-sitter parsed without error (grammars/prototxt/grammar.js),
 * straight from the characters: a token is read in JavaScript faster than a tree cursor can cross
 * into WebAssembly to visit its node, and this reading is most of an analysis. tree-sitter still
 * decides what is well formed: text with an ERROR or MISSING node is read from the tree
 * (tree-reader.ts). The two readers give the same value model (test/caffe/message.test.ts).
 */
import type { Field, Value } from './message.js';
import { MAX_NESTING, TooDeep } from './nesting.js';
import { decodeStrings, parseNumber } from './scalars.js';
import { Placement } from '../analysis/placement.js';
import { FieldAt, Located, type Source } from './source.js';

/**
 * grammar.js's `number` token, from `lastIndex`. Its alternatives are ordered so that the first
 * match is the longest, as tree-sitter's lexer takes it (a decimal match covers every octal one).
 */
const NUMBER = /-?(?:0[xX][0-9a-fA-F]+|[0-9]+\.?[0-9]*(?:[eE][+-]?[0-9]+)?[fF]?|\.[0-9]+(?:[eE][+-]?[0-9]+)?[fF]?)/y;

const enum Char {
  Tab = 0x09,
  Newline = 0x0a,
  CarriageReturn = 0x0d,
  Space = 0x20,
  DoubleQuote = 0x22,
  Hash = 0x23,
  SingleQuote = 0x27,
  Comma = 0x2c,
  Minus = 0x2d,
  Dot = 0x2e,
  Zero = 0x30,
  Nine = 0x39,
  Colon = 0x3a,
  Semicolon = 0x3b,
  Less = 0x3c,
  Greater = 0x3e,
  OpenBracket = 0x5b,
  Backslash = 0x5c,
  CloseBracket = 0x5d,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
}

/**
 * The field from where `placement` is to document offset `end`, a `field` node tree-sitter parsed
 * without error; its values' offsets count from the placement.
 */
export function readFieldFromText(placement: Placement<Source>, end: number): Field | null {
  const { source, offset } = placement;
  return new TextReader(source, offset - source.offset, end - source.offset, placement).field();
}

/** The name of the field starting at document offset `start` (asked of every top-level field). */
export function readNameFromText(source: Source, start: number): string | null {
  const at = start - source.offset;
  const text = source.body;
  if (text.charCodeAt(at) !== Char.OpenBracket) {
    const end = identifierEnd(text, at, text.length);
    return end === at ? null : text.slice(at, end);
  }
  return new TextReader(source, at, text.length, new Placement(source, start)).name();
}

/** The end of the identifier at `start` (`start` itself when there is none). */
function identifierEnd(text: string, start: number, limit: number): number {
  if (start >= limit || !isNameStart(text.charCodeAt(start))) return start;
  let i = start + 1;
  while (i < limit && isNameChar(text.charCodeAt(i))) i++;
  return i;
}

class TextReader {
  private readonly text: string;
  /** The body index of the placement. */
  private readonly base: number;
  /** Messages and lists entered. */
  private depth = 0;

  constructor(
    source: Source,
    /** Index into the source body. */
    private pos: number,
    private readonly limit: number,
    private readonly placement: Placement<Source>,
  ) {
    this.text = source.body;
    this.base = pos;
  }

  /** The fields up to `close` (a closing bracket, left unread). */
  private fields(close: number): Field[] {
    const out: Field[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.limit || this.code() === close) return out;
      const f = this.field();
      if (f) out.push(f);
    }
  }

  /** `name`, an optional `:`, the value and an optional `,` or `;`. Null (having moved on) if malformed. */
  field(): Field | null {
    const start = this.pos;
    const name = this.name();
    this.skipTrivia();
    if (this.code() === Char.Colon) {
      this.pos++;
      this.skipTrivia();
    }
    const value = name === null ? null : this.value();
    let end = this.pos;
    this.skipTrivia();
    const c = this.code();
    if (c === Char.Comma || c === Char.Semicolon) end = ++this.pos;
    if (end === start) this.pos++; // no token read: step over the character so reading always ends
    return name !== null && value !== null ? new FieldAt(name, value, start - this.base, end - this.base, this.placement) : null;
  }

  /** An identifier, or an extension name as written (`[pkg.ext]`). */
  name(): string | null {
    const start = this.pos;
    if (this.code() !== Char.OpenBracket) return this.identifier();
    this.pos++;
    while (this.pos < this.limit && this.code() !== Char.CloseBracket) {
      this.pos++;
      this.skipTrivia();
    }
    this.pos++;
    return this.text.slice(start, this.pos);
  }

  private value(): Value | null {
    const c = this.code();
    const start = this.pos;
    if (c === Char.OpenBrace || c === Char.Less) {
      this.pos++;
      const fields = this.nested(() => this.fields(c === Char.OpenBrace ? Char.CloseBrace : Char.Greater));
      this.pos++;
      return this.located('message', { fields }, start);
    }
    if (c === Char.OpenBracket) return this.nested(() => this.list());
    if (c === Char.DoubleQuote || c === Char.SingleQuote) return this.string();
    const next = this.text.charCodeAt(this.pos + 1);
    if (isDigit(c) || c === Char.Dot || (c === Char.Minus && (isDigit(next) || next === Char.Dot))) {
      NUMBER.lastIndex = this.pos;
      if (!NUMBER.test(this.text)) return null;
      this.pos = NUMBER.lastIndex;
      return this.located('number', parseNumber(this.text.slice(start, this.pos)), start);
    }
    if (c === Char.Minus) {
      this.pos++;
      this.skipTrivia();
      const id = this.identifier();
      return id === null ? null : this.located('enum', `-${id}`, start);
    }
    const id = this.identifier();
    return id === null ? null : this.located('enum', id, start);
  }

  /** `[` values separated by `,` `]`. */
  private list(): Value | null {
    const start = this.pos++;
    const items: Value[] = [];
    for (;;) {
      this.skipTrivia();
      const c = this.code();
      if (this.pos >= this.limit) return null;
      if (c === Char.CloseBracket) break;
      if (c === Char.Comma) {
        this.pos++;
        continue;
      }
      const item = this.value();
      if (!item) return null;
      items.push(item);
    }
    this.pos++;
    return this.located('list', items, start);
  }

  /** Reads one level deeper; past MAX_NESTING the field is not read. */
  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_NESTING) throw new TooDeep();
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  /** Adjacent string literals, blanks and comments between them. */
  private string(): Value {
    const start = this.pos;
    let end: number;
    do {
      this.literal();
      end = this.pos;
      this.skipTrivia();
    } while (this.code() === Char.DoubleQuote || this.code() === Char.SingleQuote);
    this.pos = end;
    return this.located('string', decodeStrings(this.text.slice(start, end)), start);
  }

  /** One quoted literal; a backslash escapes the next character, line breaks included. */
  private literal(): void {
    const quote = this.code();
    const { text, limit } = this;
    let i = this.pos + 1;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === quote) break;
      i += c === Char.Backslash ? 2 : 1;
    }
    this.pos = Math.min(i + 1, limit);
  }

  private identifier(): string | null {
    const start = this.pos;
    const end = identifierEnd(this.text, start, this.limit);
    if (end === start) return null;
    this.pos = end;
    return this.text.slice(start, end);
  }

  /** Blanks, line breaks and `#` comments (grammar.js `extras`). */
  private skipTrivia(): void {
    const { text, limit } = this;
    let i = this.pos;
    while (i < limit) {
      const c = text.charCodeAt(i);
      if (c === Char.Space || c === Char.Newline || c === Char.Tab || c === Char.CarriageReturn) i++;
      else if (c === Char.Hash) {
        const eol = text.indexOf('\n', i);
        i = eol === -1 || eol > limit ? limit : eol;
      } else if ((c > 0x7f || c === 0x0b || c === 0x0c) && /\s/.test(text.charAt(i))) i++;
      else break;
    }
    this.pos = i;
  }

  private code(): number {
    return this.pos < this.limit ? this.text.charCodeAt(this.pos) : -1;
  }

  private located<K extends Value['kind'], V>(kind: K, value: V, start: number): Located<K, V> {
    return new Located(kind, value, start - this.base, this.pos - this.base, this.placement);
  }
}

function isDigit(c: number): boolean {
  return c >= Char.Zero && c <= Char.Nine;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || isDigit(c);
}
