/**
 * The protobuf text value model (protobuf.dev text format spec: adjacent strings concatenate, escapes,
 * hex/octal/float numbers, `<…>` messages, list syntax), ranges and layer anchors.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Tree } from 'web-tree-sitter';
import type { Range } from '../../server/src/analysis/types.js';
import { analyzePrototxt } from '../../server/src/caffe/analyze.js';
import { readDocument, type Field, type Value } from '../../server/src/caffe/message.js';
import { Source } from '../../server/src/caffe/source.js';
import { readFieldFromTree } from '../../server/src/caffe/tree-reader.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { CORPUS, corpusText } from './helpers.js';

async function parse(text: string): Promise<Tree> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  return newParser(languages.prototxt).parse(text)!;
}

/** The top-level fields as readDocument reads them: from the text of every clean field. */
function topFields(tree: Tree): Field[] {
  return readDocument(tree).fields.map((f) => f.read()!);
}

/** The same fields read node by node from the tree, as a field holding a syntax error is. */
function topFieldsFromTree(tree: Tree): Field[] {
  const root = tree.rootNode;
  const source = new Source(root.text, root.startIndex, root.startPosition);
  const out: Field[] = [];
  const cursor = tree.walk();
  cursor.gotoFirstChild();
  do if (cursor.nodeType === 'field') out.push(readFieldFromTree(cursor.currentNode, source)!);
  while (cursor.gotoNextSibling());
  cursor.delete();
  return out;
}

const at = (r: Range) => [r.start.line, r.start.character, r.end.line, r.end.character];
const plainValue = (v: Value): [Value['kind'], number[], unknown] => [v.kind, at(v.range), v.kind === 'message' ? v.value.fields.map(plainField) : v.kind === 'list' ? v.value.map(plainValue) : v.value];
const plainField = (f: Field): unknown => [f.name, at(f.range), plainValue(f.value)];

describe('readDocument', () => {
  it('reads scalars, strings, enums, messages and lists with their ranges', async () => {
    const fields = topFields(await parse('a: 0x1F b: 017 c: 1.5e2f d: -inf\ne: "x" \'y\' "\\n\\101" f < g: MAX > h: [1, 2]'));
    expect(fields.map((f) => [f.name, f.value.kind, f.value.kind === 'message' || f.value.kind === 'list' ? null : f.value.value])).toEqual([
      ['a', 'number', 31],
      ['b', 'number', 15],
      ['c', 'number', 150],
      ['d', 'enum', '-inf'],
      ['e', 'string', 'xy\nA'],
      ['f', 'message', null],
      ['h', 'list', null],
    ]);
    expect(fields[1]!.range).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 14 } });
    expect(fields[1]!.value.range).toEqual({ start: { line: 0, character: 11 }, end: { line: 0, character: 14 } });
  });
  it('reads a message the same however it is written (bracket kinds, colon, separator, comment, inside a list)', async () => {
    const fields = topFields(await parse('a { b: 1 }\nc: { d: 2 };\ne < f: 3 >\ng # note\n { h: 4 }\ni: [ { j: 5 } ]'));
    const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => [r.start.line, r.start.character, r.end.line, r.end.character];
    const inner = (v: Value): unknown => (v.kind === 'message' ? v.value.fields.map((f) => [f.name, at(f.range), inner(f.value)]) : v.kind === 'list' ? v.value.map(inner) : [v.value, at(v.range)]);
    expect(fields.map((f) => [f.name, at(f.range), f.value.kind, at(f.value.range), inner(f.value)])).toEqual([
      ['a', [0, 0, 0, 10], 'message', [0, 2, 0, 10], [['b', [0, 4, 0, 8], [1, [0, 7, 0, 8]]]]],
      ['c', [1, 0, 1, 12], 'message', [1, 3, 1, 11], [['d', [1, 5, 1, 9], [2, [1, 8, 1, 9]]]]],
      ['e', [2, 0, 2, 10], 'message', [2, 2, 2, 10], [['f', [2, 4, 2, 8], [3, [2, 7, 2, 8]]]]],
      ['g', [3, 0, 4, 9], 'message', [4, 1, 4, 9], [['h', [4, 3, 4, 7], [4, [4, 6, 4, 7]]]]],
      ['i', [5, 0, 5, 15], 'list', [5, 3, 5, 15], [[['j', [5, 7, 5, 11], [5, [5, 10, 5, 11]]]]]],
    ]);
  });
  it('reads clean text the same as the tree, token for token (corner cases of the grammar)', async () => {
    // grammars/prototxt/grammar.js: the longest number token (0178 is one decimal token), signed
    // identifiers with a blank or comment after '-', extension names, literals joined across a
    // comment holding a quote, escaped line breaks, separators after a comment, empty lists.
    const text = 'a: 0178 b: -.5e-3F c: - inf d: -# x\n nan [pkg.ext]: 1\n[x.y/Z] { e: 1 } f: "a" # "q\n \'b\\\nc\' g: 2 # c\n , h: [] i: [1, -2, "s", E, {j: 1}]; k <>';
    const tree = await parse(text);
    expect(tree.rootNode.hasError).toBe(false);
    const fields = topFields(tree);
    expect(fields.map(plainField)).toEqual(topFieldsFromTree(tree).map(plainField));
    expect(fields.map((f) => [f.name, plainValue(f.value)[2]])).toEqual([
      ['a', 178],
      ['b', -0.0005],
      ['c', '-inf'],
      ['d', '-nan'],
      ['[pkg.ext]', 1],
      ['[x.y/Z]', [['e', [2, 10, 2, 14], ['number', [2, 13, 2, 14], 1]]]],
      ['f', 'ab\nc'],
      ['g', 2],
      ['h', []],
      ['i', [1, -2, 's', 'E', [['j', expect.anything(), expect.anything()]]].map((v, i) => [['number', 'number', 'string', 'enum', 'message'][i], expect.anything(), v])],
      ['k', []],
    ]);
  });
  it('reads random documents of the grammar the same from their text and from their tree', async () => {
    // Documents drawn from grammars/prototxt/grammar.js with blanks and comments anywhere extras
    // may go, then token soup from the grammar's own characters: every one that tree-sitter parses
    // without error must read the same both ways.
    let seed = 11;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[random(xs.length)]!;
    const trivia = () => pick(['', '', ' ', '\n', '\t', ' # note "q" <x>\n', '\r\n  ']);
    const number = () => pick(['0', '7', '-1', '0x1F', '017', '0178', '1.5', '.5', '5.', '1e5', '2.5E-3', '3f', '-.25F', '089']);
    const string = () => pick(['""', '"a b"', "'c'", '"tab\\t"', '"q\\"q"', "'\\101\\x41'", '"l\\\nm"']);
    const scalar = (): string => {
      const k = random(4);
      if (k === 0) return number();
      if (k === 1) return random(3) === 0 ? `${string()}${trivia()} ${string()}` : string();
      if (k === 2) return pick(['MAX', 'true', 'inf', 'nan', 'x_1']);
      return `-${trivia()}${pick(['inf', 'nan', 'infinity'])}`;
    };
    const name = () => (random(8) === 0 ? `[${trivia()}pkg.ext${trivia()}]` : pick(['a', 'layer', 'b_2', 'Top']));
    const message = (depth: number): string => {
      const [open, close] = pick([['{', '}'], ['<', '>']] as const);
      return `${open}${fieldsOf(depth + 1, random(3))}${trivia()}${close}`;
    };
    const value = (depth: number): string => {
      const k = depth > 2 ? random(2) : random(5);
      if (k <= 1) return `:${trivia()}${scalar()}`;
      if (k === 2) return `${random(2) ? ':' : ''}${trivia()}${message(depth)}`;
      const items = Array.from({ length: random(4) }, () => (random(4) === 0 && depth < 3 ? message(depth) : scalar()));
      return `:${trivia()}[${trivia()}${items.join(`${trivia()},${trivia()}`)}${trivia()}]`;
    };
    const fieldsOf = (depth: number, n: number): string =>
      Array.from({ length: n }, () => `${trivia()}${name()}${trivia()}${value(depth)}${random(4) === 0 ? `${trivia()}${pick([',', ';'])}` : ''}`).join(random(2) ? '\n' : ' ');
    // Number-like soup: which runs the number token takes whole is tree-sitter's lexer's to say.
    const soup = () => Array.from({ length: 1 + random(6) }, () => pick([...'0123456789.eExXfF-+aA'])).join('');
    let clean = 0;
    for (let i = 0; i < 600; i++) {
      const text = i < 300 ? fieldsOf(0, 1 + random(4)) : `a: ${soup()} b: 1`;
      const tree = await parse(text);
      if (!tree.rootNode.hasError) {
        clean++;
        expect(topFields(tree).map(plainField), text).toEqual(topFieldsFromTree(tree).map(plainField));
      }
      tree.delete();
    }
    expect(clean).toBeGreaterThan(360);
  });
  it.each(readdirSync(CORPUS).filter((f) => f.endsWith('.prototxt')))('reads %s the same from its text and from its tree', async (file) => {
    const tree = await parse(corpusText(file));
    expect(topFields(tree).map(plainField)).toEqual(topFieldsFromTree(tree).map(plainField));
  });
  it('reads a layer with a syntax error from the tree, around the error, and the others from their text', async () => {
    // tree-sitter's recovery makes the stray ':' an ERROR node and keeps `type: "X"`.
    const doc = readDocument(await parse('layer { name: "a" type: "ReLU" }\nlayer { name: "b" type: : "X" bottom: "a" }\nlayer { name: "c" }'));
    expect(doc.syntaxErrors.length).toBeGreaterThan(0);
    const names = (f: Field | null) => (f?.value.kind === 'message' ? f.value.value.fields.map((g) => g.name) : null);
    expect(doc.fields.map((f) => names(f.read()))).toEqual([
      ['name', 'type'],
      ['name', 'type', 'bottom'],
      ['name'],
    ]);
  });
  it('endOfLine skips trailing blanks and works before the first token', async () => {
    const doc = readDocument(await parse('\n  name: "x"   # note  \nb: 1'));
    expect(doc.endOfLine(1)).toEqual({ line: 1, character: 20 });
    expect(doc.endOfLine(2)).toEqual({ line: 2, character: 4 });
  });
});

describe('layer anchors', () => {
  it('end of the name: line, else end of the layer { line', async () => {
    const r = analyzePrototxt(await parse('layer {\n  type: "Input" top: "d"\n  name: "in"  \n  input_param { shape { dim: 1 } } }\nlayer { type: "ReLU" bottom: "d" top: "d" }'));
    expect(r.layers.map((l) => l.anchor)).toEqual([{ line: 2, character: 12 }, { line: 4, character: 43 }]);
    expect(r.layers[0]!.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 3, character: 36 } });
  });
});
