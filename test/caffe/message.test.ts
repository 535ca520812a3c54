/**
 * The protobuf text value model (protobuf.dev text format spec: adjacent strings concatenate, escapes,
 * hex/octal/float numbers, `<…>` messages, list syntax), ranges and layer anchors.
 */
import { describe, expect, it } from 'vitest';
import type { Tree } from 'web-tree-sitter';
import { analyzePrototxt } from '../../server/src/caffe/analyze.js';
import { readDocument } from '../../server/src/caffe/message.js';
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
