/**
 * The document text and its line starts, and the located values of the value model: each keeps its
 * offsets and computes its line/column range only when read (most ranges never are).
 */
import type { Position, Range } from '../analysis/types.js';
import type { Placement } from '../analysis/placement.js';
import { lineIndexAt, lineStarts } from '../parsing/lines.js';
import type { Field, Value } from './message.js';

/**
 * The text of the document node with its line starts, so positions come from offsets without
 * asking tree-sitter for them. tree-sitter's document node starts at the first token (`origin`);
 * every line holding a token lies inside its text. Offsets and columns are UTF-16 units, as
 * tree-sitter's.
 */
export class Source {
  private readonly lineStarts: number[];

  constructor(
    /** The document node's text. */
    readonly body: string,
    /** The document offset of `body`'s first character. */
    readonly offset: number,
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

/**
 * The range of offsets [start, end) counted from where a top-level field sits now: a field read by
 * an earlier analysis of the document and reused (field-cache.ts) is moved, not read again.
 */
function rangeIn(placement: Placement<Source>, start: number, end: number): Range {
  return placement.source.range(placement.offset + start, placement.offset + end);
}

/** A value at offsets [start, end) from its field's placement. */
export class Located<K extends Value['kind'], V> {
  constructor(
    readonly kind: K,
    readonly value: V,
    private readonly start: number,
    private readonly end: number,
    private readonly placement: Placement<Source>,
  ) {}

  get range(): Range {
    return rangeIn(this.placement, this.start, this.end);
  }
}

/** A field at offsets [start, end) from its placement, name to value (and separator, if any). */
export class FieldAt implements Field {
  constructor(
    readonly name: string,
    readonly value: Value,
    private readonly start: number,
    private readonly end: number,
    private readonly placement: Placement<Source>,
  ) {}

  get range(): Range {
    return rangeIn(this.placement, this.start, this.end);
  }
}
