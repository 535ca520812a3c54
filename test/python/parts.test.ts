// A big Python module parsed in parts (issue 11 §4): python/parts.ts cuts the text before lines that
// start top-level statements, python/parse.ts parses each part on its own and copies it. Where the
// cuts may go is Python's own rule (The Python Language Reference, 2. Lexical analysis, "Line
// structure": a logical line ends at a NEWLINE token, not inside brackets (2.1.6 implicit line
// joining), after a `\` (2.1.5 explicit line joining) or inside a triple-quoted string; comments and
// blank lines make no logical line (2.1.3, 2.1.7); and 8. Compound statements: `else`, `elif`,
// `except`, `finally` clauses and decorators belong to the statement around them). The copy of a
// module parsed in parts must equal the copy of the module parsed whole, node for node.
import type { Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, test } from 'vitest';
import { analyzeText } from '../../server/src/analyzer/analyze.js';
import { loadLanguages, newParser, sourceGrammarFiles, type Languages } from '../../server/src/parsing/languages.js';
import { analyzePython, analyzePythonText } from '../../server/src/python/analyze.js';
import { PART_CHARS, parseInParts, parseModule } from '../../server/src/python/parse.js';
import { closedPart, partStarts } from '../../server/src/python/parts.js';
import type { PyNode } from '../../server/src/python/syntax.js';
import { buildTree } from '../../server/src/python/syntax-copy.js';
import { resnetBlocksPython } from '../../bench/inputs.js';
import { shape, treeShape } from './tree-shape.js';
import { suitePythonFiles as suiteFiles } from './helpers.js';

let languages: Languages;
let parser: Parser;
beforeAll(async () => {
  languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  parser = newParser(languages.python);
});

/** The lines (1-based) each part after the first starts on, cutting wherever a cut may go. */
function cutLines(text: string): number[] {
  return partStarts(text, 1)
    .slice(1)
    .map((at) => text.slice(0, at).split('\n').length);
}

describe('where a module may be cut', () => {
  test('before each top-level statement', () => {
    expect(cutLines('import keras\nx = 1\n\n\ny = 2\n')).toEqual([2, 5]);
  });

  test('not before a comment or blank line at column 0, nor inside an indented block (2.1.3, 2.1.7)', () => {
    // The comment at column 0 sits inside the body; the body goes on after it.
    expect(cutLines('def f(x):\n    y = x\n# a note\n\n    return y\nz = 3\n')).toEqual([6]);
  });

  test('not inside brackets (2.1.6), after a backslash (2.1.5) or inside a triple-quoted string', () => {
    expect(cutLines('x = f(\n1,\ny=2)\nw = 1 + \\\n2\nz = 3\n')).toEqual([4, 6]);
    expect(cutLines('s = """\nx = 1\n"""\nt = 2\n')).toEqual([4]);
    expect(cutLines("s = '''it's\n(x = 1\n'''\nt = 2\n")).toEqual([4]);
    // A bracket inside a string or a comment opens nothing.
    expect(cutLines("s = '('  # (\nt = 2\n")).toEqual([2]);
    expect(cutLines('x = f(\r\n1)\r\ny = 2\r\n')).toEqual([3]);
  });

  test("not before the clauses that continue a compound statement (8.1 if, 8.3 while, 8.4 try)", () => {
    const text = ['if a:', '    x = 1', 'elif b:', '    x = 2', 'else:', '    x = 3', 'try:', '    pass', 'except ValueError:', '    pass', 'else:', '    pass', 'finally:', '    pass', 'elsewhere = 1', ''].join('\n');
    expect(cutLines(text)).toEqual([7, 15]);
  });

  test('not between a decorator and what it decorates (8.7, 8.8), however it is written', () => {
    const text = ['@tf.function(', '    jit_compile=True)', '# why', '@other', 'def f(x):', '    return x', 'y = f(1)', ''].join('\n');
    expect(cutLines(text)).toEqual([7]);
  });

  test('each part at least as long as asked, the last taking what is left', () => {
    const text = 'a = 1\nb = 2\nc = 3\nd = 4\n';
    expect(partStarts(text, 7)).toEqual([0, 12]);
    expect(partStarts(text, 100)).toEqual([0]);
    expect(partStarts('', 1)).toEqual([0]);
  });
});

function wholeCopy(text: string): PyNode {
  const tree = parser.parse(text)!;
  try {
    return buildTree(tree, text);
  } finally {
    tree.delete();
  }
}



describe('the copy is tree-sitter\'s tree, node for node', () => {
  test.each(suiteFiles())('%s', (_path, text) => {
    const tree = parser.parse(text)!;
    try {
      expect(shape(buildTree(tree, text))).toEqual(treeShape(tree.rootNode, null));
    } finally {
      tree.delete();
    }
  });

  test.each([
    ['an open call and a NUL byte between two models', `${resnetBlocksPython(60)}x = layers.Conv2D(8, 3)(x\ny = layers.BatchNormalization()(x)\n\x00\n${resnetBlocksPython(60)}`],
    // Error recovery makes the same text different trees here: no statement is copied from another.
    ['a stray `(` opening every seventh line', resnetBlocksPython(200).split('\n').map((l, i) => (i % 7 === 0 && l ? `(${l}` : l)).join('\n')],
  ])('with statements written again and syntax errors: %s', (_name, text) => {
    const tree = parser.parse(text)!;
    try {
      const copy = buildTree(tree, text);
      expect(copy.hasError).toBe(true);
      expect(shape(copy)).toEqual(treeShape(tree.rootNode, null));
    } finally {
      tree.delete();
    }
  });
});

describe('a module parsed in parts is copied as the whole module is', () => {
  // Those of more than one statement (lib/nets/__init__.py holds one).
  test.each(suiteFiles().filter(([, text]) => partStarts(text, 1).length > 1))('%s, cut before every top-level statement', (_path, text) => {
    const starts = partStarts(text, 1);
    const whole = wholeCopy(text);
    expect(whole.hasError).toBe(false);
    expect(shape(parseInParts(parser, text, starts)!)).toEqual(shape(whole));
  });

  test('all of them in one module, in parts of PART_CHARS', () => {
    const text = suiteFiles()
      .map(([, t]) => t)
      .join('\n')
      .repeat(8);
    expect(partStarts(text, PART_CHARS).length).toBeGreaterThan(1);
    expect(shape(parseModule(parser, text)!)).toEqual(shape(wholeCopy(text)));
  });

  test('with a syntax error in one part, the whole text is parsed in one piece (its error recovery, its diagnostics)', () => {
    const text = 'x = 1\ny = = 2\nz = 3\n';
    expect(cutLines(text)).toEqual([2, 3]);
    const whole = wholeCopy(text);
    expect(whole.hasError).toBe(true);
    expect(shape(parseInParts(parser, text, partStarts(text, 1))!)).toEqual(shape(whole));
  });

  test('the analysis of a text parsed in parts equals that of its whole tree', () => {
    const text = resnetBlocksPython(3000);
    expect(partStarts(text, PART_CHARS).length).toBeGreaterThan(1);
    const tree = parser.parse(text)!;
    try {
      expect(analyzeText(languages, 'python', text)).toEqual(analyzePython(tree, { text }));
    } finally {
      tree.delete();
    }
  });
});

describe('cancel reaches the parse and the copy (issue 11 §4)', () => {
  const text = resnetBlocksPython(3000);

  test('a cancelled parse gives no tree, and the parser then parses the next text afresh', () => {
    expect(parseModule(parser, text, { cancelled: () => true })).toBeNull();
    expect(analyzePythonText(parser, text, { cancelled: () => true })).toEqual({ language: 'python', layers: [], diagnostics: [] });
    expect(shape(parseModule(parser, 'x = 1\n')!)).toEqual(shape(wholeCopy('x = 1\n')));
  });

  test('a cancelled copy stops at its next check', () => {
    const tree = parser.parse(text)!;
    try {
      const whole = buildTree(tree, text);
      const cut = buildTree(tree, text, { cancelled: () => true });
      expect(cut.children.length).toBeGreaterThan(0);
      expect(cut.children.length).toBeLessThan(whole.children.length / 2);
    } finally {
      tree.delete();
    }
  });
});

// Python's tokenizer ends a single-quoted string at its line end with an error ("unterminated
// string literal", Lib/tokenize.py · ContStr) and a triple-quoted one only at its closing quotes.
describe('a closed part: no string or bracket of it reaches past its end', () => {
  test.each([
    ['From tensorflow import keras\n', true],
    ["x = f('a(', [1, 2])  # (\n", true],
    ['x = """a\n(b"""\n', true],
    ["x = 'a\n", false],
    ['x = """a\n', false],
    ['x = foo(1,\n', false],
    ['x = foo)\n', false],
  ])('%j: %s', (part, closed) => expect(closedPart(part)).toBe(closed));
});
