/**
 * The line table (server/src/parsing/lines.ts) follows LSP 3.17 "Text Documents" · Position: "the
 * following end-of-line sequences: `\n`, `\r\n` and `\r`". Python's parser input turns each lone
 * `\r` into `\n` (CPython Parser/tokenizer.c · translate_newlines does the same), same length.
 */
import { describe, expect, it } from 'vitest';
import { lineEndAt, lineIndexAt, lineStarts, withLoneCrAsLf } from '../../server/src/parsing/lines.js';

describe('line table', () => {
  it('starts a line after \\n, after \\r\\n and after a lone \\r', () => {
    const text = 'a\nbb\r\nccc\rd\r\r\ne';
    expect(lineStarts(text)).toEqual([0, 2, 6, 10, 12, 14]);
    expect([0, 1, 2, 5, 6, 9, 10, 11, 12, 14].map((o) => lineIndexAt(lineStarts(text), o))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 5]);
  });

  it('ends a line before its terminator, whichever it is', () => {
    const text = 'a\nbb\r\nccc\rd\r\r\ne';
    const starts = lineStarts(text);
    expect(starts.map((_, i) => text.slice(starts[i], lineEndAt(text, starts, i)))).toEqual(['a', 'bb', 'ccc', 'd', '', 'e']);
  });

  it('gives Python a lone \\r as \\n, keeping \\r\\n and every offset', () => {
    const text = 'x = 1\ry = 2\r\nz = 3\n\r';
    const out = withLoneCrAsLf(text);
    expect(out).toBe('x = 1\ny = 2\r\nz = 3\n\n');
    expect(out.length).toBe(text.length);
    expect(lineStarts(out)).toEqual(lineStarts(text));
  });
});
