/**
 * The protobuf text value model (protobuf.dev text format spec: adjacent strings concatenate, escapes,
 * hex/octal/float numbers, `<…>` messages, list syntax), ranges and layer anchors.
 */
import { describe, expect, it } from 'vitest';
import type { Tree } from 'web-tree-sitter';
import { analyzePrototxt } from '../../server/src/caffe/analyze.js';
import { readDocument, type Value } from '../../server/src/caffe/message.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';

async function parse(text: string): Promise<Tree> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  return newParser(languages.prototxt).parse(text)!;
}

describe('readDocument', () => {
  it('reads scalars, strings, enums, messages and lists with their ranges', async () => {
    const doc = readDocument(await parse('a: 0x1F b: 017 c: 1.5e2f d: -inf\ne: "x" \'y\' "\\n\\101" f < g: MAX > h: [1, 2]'));
    expect(doc.root.fields.map((f) => [f.name, f.value.kind, f.value.kind === 'message' || f.value.kind === 'list' ? null : f.value.value])).toEqual([
      ['a', 'number', 31],
      ['b', 'number', 15],
      ['c', 'number', 150],
      ['d', 'enum', '-inf'],
      ['e', 'string', 'xy\nA'],
      ['f', 'message', null],
      ['h', 'list', null],
    ]);
    expect(doc.root.fields[1]!.range).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 14 } });
    expect(doc.root.fields[1]!.value.range).toEqual({ start: { line: 0, character: 11 }, end: { line: 0, character: 14 } });
    expect(doc.syntaxErrors).toEqual([]);
  });
  it('reads a message the same however it is written (bracket kinds, colon, separator, comment, inside a list)', async () => {
    const doc = readDocument(await parse('a { b: 1 }\nc: { d: 2 };\ne < f: 3 >\ng # note\n { h: 4 }\ni: [ { j: 5 } ]'));
    const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => [r.start.line, r.start.character, r.end.line, r.end.character];
    const inner = (v: Value): unknown => (v.kind === 'message' ? v.value.fields.map((f) => [f.name, at(f.range), inner(f.value)]) : v.kind === 'list' ? v.value.map(inner) : [v.value, at(v.range)]);
    expect(doc.root.fields.map((f) => [f.name, at(f.range), f.value.kind, at(f.value.range), inner(f.value)])).toEqual([
      ['a', [0, 0, 0, 10], 'message', [0, 2, 0, 10], [['b', [0, 4, 0, 8], [1, [0, 7, 0, 8]]]]],
      ['c', [1, 0, 1, 12], 'message', [1, 3, 1, 11], [['d', [1, 5, 1, 9], [2, [1, 8, 1, 9]]]]],
      ['e', [2, 0, 2, 10], 'message', [2, 2, 2, 10], [['f', [2, 4, 2, 8], [3, [2, 7, 2, 8]]]]],
      ['g', [3, 0, 4, 9], 'message', [4, 1, 4, 9], [['h', [4, 3, 4, 7], [4, [4, 6, 4, 7]]]]],
      ['i', [5, 0, 5, 15], 'list', [5, 3, 5, 15], [[['j', [5, 7, 5, 11], [5, [5, 10, 5, 11]]]]]],
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
