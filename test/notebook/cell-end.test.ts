// What a cell leaves open at its end (a bracket, a triple-quoted string, a `\`), which would run on
// into the next cell if the cells were one text. Jupyter compiles each cell on its own
// (ipython/ipython IPython/core/interactiveshell.py run_cell_async: `compiler.ast_parse(cell)`, a
// SyntaxError returns before any of the cell runs), so such a cell is a syntax error of its own;
// the messages and positions are CPython 3.11's `compile()` on the same texts: the innermost
// bracket still open at the end ("'[' was never closed" at the `[` of "f([1,"), the opening quotes
// ("unterminated triple-quoted string literal"), a `\` at the end ("unexpected EOF while parsing").
import { describe, expect, test } from 'vitest';
import { closeOff, openAtEnd } from '../../server/src/notebook/cell-end.js';

describe('openAtEnd', () => {
  test('nothing open: complete statements, strings and comments holding brackets, closed continuations', () => {
    expect(openAtEnd('x = f(a,\n      b)\ny = "("  # [\n')).toBeNull();
    expect(openAtEnd('s = """(\n"""\nt = 1 + \\\n    2')).toBeNull();
    expect(openAtEnd('')).toBeNull();
  });

  test('an open bracket: the innermost, and the logical line it is on', () => {
    const text = 'a = 1\nx = layers.Conv2D(32, 3)(inputs';
    expect(openAtEnd(text)).toEqual({ lineStart: 6, at: text.lastIndexOf('('), opener: '(', message: "'(' was never closed" });
    const nested = 'model = keras.Sequential([\n    layers.Dense(3),\n    layers.Dense(';
    expect(openAtEnd(nested)).toMatchObject({ lineStart: 0, at: nested.lastIndexOf('('), opener: '(' });
    expect(openAtEnd('y = [1,\n  2,')).toMatchObject({ lineStart: 0, at: 4, opener: '[' });
  });

  test('a triple-quoted string and a backslash at the end', () => {
    expect(openAtEnd('x = 1\ns = """abc\n')).toEqual({ lineStart: 6, at: 10, opener: '"""', message: 'unterminated triple-quoted string literal' });
    expect(openAtEnd("t = 1 + \\")).toEqual({ lineStart: 0, at: 8, opener: '\\', message: 'unexpected EOF while parsing' });
    expect(openAtEnd('t = 1 + \\\r')).toMatchObject({ at: 8, opener: '\\' });
    // A continuation in CRLF text is one too: the statement starts on its first line.
    expect(openAtEnd('x = 2\r\nt = 1 + \\\r\n  f(')).toMatchObject({ lineStart: 7, opener: '(' });
    expect(openAtEnd('t = 1 + \\\n')).toMatchObject({ at: 8, opener: '\\' });
  });
});

describe('closeOff', () => {
  test("the open statement is not run: its targets become unknown (`x = ...`), in place, the text's length and lines kept", () => {
    const text = 'a = 1\nx = layers.Conv2D(32, 3)(inputs\n  '; // the user is typing
    const closed = closeOff(text, openAtEnd(text)!);
    expect(closed).toBe(`a = 1\n${'x = ...'.padEnd('x = layers.Conv2D(32, 3)(inputs'.length)}\n  `);
    expect(closed.length).toBe(text.length);
  });

  test('a statement whose first line is short gets the compact form, a nested one keeps its indent, a def binds its name', () => {
    const paren = 'x = (\n    1,';
    expect(closeOff(paren, openAtEnd(paren)!)).toBe('x=...\n      ');
    const nested = 'if ok:\n    a, b = f(1,';
    expect(closeOff(nested, openAtEnd(nested)!)).toBe('if ok:\n    a, b = ... ');
    const def = 'def block(x,\n          y';
    expect(closeOff(def, openAtEnd(def)!)).toBe('block = ... \n           ');
  });

  test('a statement that assigns nothing becomes `...`; one too short for that is blanked', () => {
    const call = 'model.add(layers.Dense(3)';
    expect(closeOff(call, openAtEnd(call)!)).toBe('...'.padEnd(call.length));
    expect(closeOff('f(', openAtEnd('f(')!)).toBe('  ');
  });
});
