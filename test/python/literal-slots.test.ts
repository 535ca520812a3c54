// The syntax copy (python/syntax.ts) copies a top-level statement from an earlier one that differs
// only in the contents of its plain literals (python/literal-slots.ts), offsets moved, instead of
// walking it through WebAssembly. The copy must be tree-sitter's own tree, node for node: the
// expected trees here are tree-sitter-python's (its Node API, not the copy's cursor walk), and the
// literal forms follow the Python Language Reference, 2.4 Literals (string prefixes 2.4.1,
// f-strings 2.4.3, integers 2.4.5, floats 2.4.6, imaginary 2.4.7).
import type { Parser } from 'web-tree-sitter';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { movedOffset, skeleton } from '../../server/src/python/literal-slots.js';
import { buildTree } from '../../server/src/python/syntax-copy.js';
import { resnetBlocksPython, resnetHelpersPython } from '../../bench/inputs.js';
import { shape, treeShape } from './tree-shape.js';
import { suitePythonFiles } from './helpers.js';

let parser: Parser;
beforeAll(async () => {
  parser = newParser((await loadLanguages(sourceGrammarFiles(process.cwd()))).python);
});



function expectSameTree(text: string): void {
  const tree = parser.parse(text)!;
  try {
    expect(shape(buildTree(tree, text))).toEqual(treeShape(tree.rootNode, null));
  } finally {
    tree.delete();
  }
}

describe('a statement\'s skeleton: its plain literals\' contents cut out', () => {
  test('strings, integers and floats that differ give one skeleton, their contents as slots', () => {
    const a = skeleton("y = layers.Conv2D(64, 1, name='b0_1', rate=0.5)(x)")!;
    const b = skeleton("y = layers.Conv2D(256, 1, name='b10_1', rate=0.25)(x)")!;
    expect(a.key).toBe(b.key);
    expect(a.slots).toEqual([18, 20, 22, 23, 31, 35, 43, 46]);
    expect(b.slots).toEqual([18, 21, 23, 24, 32, 37, 45, 49]);
  });

  test('names, operators, whitespace, comments and prefixes stay as written', () => {
    const key = (t: string) => skeleton(t)!.key;
    expect(key('x = f(1)')).not.toBe(key('y = f(1)'));
    expect(key('x = f(1)')).not.toBe(key('x = f( 1)'));
    expect(key("x = 'a'  # one")).not.toBe(key("x = 'a'  # two"));
    expect(key("x = b'a'")).not.toBe(key("x = 'a'"));
    expect(key("x = 'a'")).not.toBe(key('x = "a"'));
    expect(key("x = '''a'''")).not.toBe(key("x = 'a'"));
  });

  test('an integer is not a float, nor an empty string a non-empty one', () => {
    expect(skeleton('x = 1')!.key).not.toBe(skeleton('x = 1.0')!.key);
    expect(skeleton("x = ''")!.key).not.toBe(skeleton("x = 'a'")!.key);
  });

  test('other literal forms are kept whole: hex, underscores, exponents, imaginary, leading dots, escapes', () => {
    for (const t of ['x = 0x1F', 'x = 1_000', 'x = 1e-5', 'x = 1.5e3', 'x = 2j', 'x = 1.5j', 'x = .5', 'x = 1.', "x = 'a\\nb'", "x = r'a\\'b'", 'x = 10L']) {
      expect(skeleton(t), t).not.toBeNull();
      expect(skeleton(t)!.slots, t).toEqual([]);
    }
  });

  test('no skeleton where the scan is unsure: an f-string with braces, a non-ASCII name, an unknown prefix, a NUL byte, an open string', () => {
    for (const t of ["x = f'{a}'", 'größe = 1', "x = z'a'", 'x = 1\u0000', "x = 'a", "x = 'a\nb'", '# \u0000']) expect(skeleton(t), t).toBeNull();
  });

  test('offsets move by how much the cut contents before them grew; none falls inside one', () => {
    const from = [4, 6, 10, 11];
    const to = [4, 9, 13, 16];
    expect([0, 4, 6, 7, 10, 11, 12].map((at) => movedOffset(at, from, to))).toEqual([0, 4, 9, 10, 13, 16, 17]);
    expect(movedOffset(5, from, to)).toBe(-1);
  });
});

describe('statements copied from one of their skeleton are tree-sitter\'s tree, node for node', () => {
  test('the generated 2,000-line model and helper-built ResNets', () => {
    expectSameTree(resnetBlocksPython(2000));
    expectSameTree(resnetHelpersPython([3, 4, 6, 3], 'resnet50'));
  });

  test('literals of every kind, each statement written again with other contents', () => {
    const pairs: [string, string][] = [
      [`x = layers.Conv2D(64, (3, 3), strides=2, name='conv1', padding="same")(x)`, `x = layers.Conv2D(128, (5, 5), strides=1, name='conv2_b', padding="valid")(x)`],
      [`s = b'ab' rb'c' u'd' F'e' Rb'f'`, `s = b'abc' rb'cd' u'de' F'ef' Rb'fg'`],
      [`s = """a\nb'''c"""`, `s = """aa\n\nb''c"""`],
      [`s = '''it's'''`, `s = '''it's not'''`],
      [`d = {'a': 1, 'b': [2.5, 3.25], 'c': (4,)}`, `d = {'aa': 10, 'bb': [20.5, 3.0], 'cc': (400,)}`],
      ['x = y[1:2, ::3] + 4.0 * 5 - 6 // 7 % 8 ** 9', 'x = y[10:20, ::30] + 40.0 * 50 - 60 // 70 % 80 ** 90'],
      [`x = f'k=' if k else f'none'`, `x = f'key=' if k else f'nothing'`],
      [`x = 'a\\tb' + 'c'`, `x = 'a\\tb' + 'cde'`],
      [`print('n', 1)`, `print('number', 12)`],
      [`def f(a=1, b='x'):\n    return g(a, b, 2.5, 'y')`, `def f(a=10, b='xy'):\n    return g(a, b, 20.5, 'yz')`],
      [`class C:\n    size = 3\n    name = 'c'`, `class C:\n    size = 30\n    name = 'cc'`],
      [`for i in range(10):\n    x = layers.Dense(32, name='d%d' % i)(x)`, `for i in range(5):\n    x = layers.Dense(512, name='dense_%d' % i)(x)`],
    ];
    for (const [a, b] of pairs) {
      expect(skeleton(a), a).not.toBeNull();
      expect(skeleton(b)!.key, a).toBe(skeleton(a)!.key);
    }
    expectSameTree(pairs.flat().join('\n') + '\n');
  });

  test.each(suitePythonFiles())('%s, its statements then the same with other numbers and names', (_path, text) => {
    expectSameTree(`${text}\n${text.replace(/\b\d+\b/g, (d) => String(Number(d) + 1)).replace(/'([a-z_]+)'/g, "'$1_2'")}`);
  });
});
