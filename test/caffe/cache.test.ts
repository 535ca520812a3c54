/**
 * Reusing the fields and layer runs of an earlier analysis of the same document (what the editor
 * does on every edit) gives exactly the analysis a fresh one gives: shapes, ranges, anchors and
 * diagnostics. The expected results are the uncached analyses of the same texts.
 */
import { describe, expect, it } from 'vitest';
import type { Tree } from 'web-tree-sitter';
import { analyzePrototxt } from '../../server/src/caffe/analyze.js';
import { PrototxtCache } from '../../server/src/caffe/cache.js';
import { FieldCache } from '../../server/src/caffe/field-cache.js';
import { readDocument } from '../../server/src/caffe/message.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { corpusText } from './helpers.js';

async function parse(text: string): Promise<Tree> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  return newParser(languages.prototxt).parse(text)!;
}

const RELU = 'layer { name: "r" type: "ReLU" bottom: "d" top: "d" }';

describe('FieldCache', () => {
  it('hands back an unchanged layer, placed where it now is, and reads a changed one', async () => {
    const cache = new FieldCache();
    const before = readDocument(await parse(`layer { name: "a" }\n${RELU}`), cache);
    const a = before.fields[0]!.read();
    const relu = before.fields[1]!.read();
    const after = readDocument(await parse(`# moved down\n\nlayer { name: "b" }\n${RELU}`), cache);
    expect(after.fields[0]!.read()).not.toBe(a);
    expect(after.fields[1]!.read()).toBe(relu);
    expect(relu!.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: RELU.length } });
  });

  it('reads each copy of a text that occurs twice for its own place', async () => {
    const cache = new FieldCache();
    const text = `${RELU}\n${RELU}`;
    readDocument(await parse(text), cache).fields.forEach((f) => f.read());
    const doc = readDocument(await parse(text), cache);
    const [first, second] = doc.fields.map((f) => f.read()!);
    expect([first!.range.start.line, second!.range.start.line]).toEqual([0, 1]);
  });

});

describe('PrototxtCache', () => {
  it('runs again a layer that reported something, so its report is made every time', async () => {
    // An LMDB Data layer cannot state its shape: it informs (layers/sources.ts) and is not kept.
    const tree = await parse('layer { name: "d" type: "Data" top: "data" data_param { source: "x" batch_size: 1 } }');
    const cache = new PrototxtCache();
    const codes = () => analyzePrototxt(tree, { cache }).diagnostics.map((d) => d.code);
    expect(codes()).toEqual(['input-shape-unknown']);
    expect(codes()).toEqual(['input-shape-unknown']);
  });

  it('runs again the layers fed by an input whose default shape changed', async () => {
    const tree = await parse(corpusText('lenet_train_test.prototxt'));
    const cache = new PrototxtCache();
    for (const data of [[100, 1, 28, 28], [64, 1, 28, 28], [64, 1, 28, 28], [100, 1, 28, 28]]) {
      const options = { defaultInputs: { data } };
      expect(analyzePrototxt(tree, { ...options, cache })).toEqual(analyzePrototxt(tree, options));
    }
  });

  it('reads again a layer whose fields were reported, so the report is made every time', async () => {
    // net.ts: a bottom must be a quoted blob name.
    const tree = await parse('input: "d" input_dim: 1 input_dim: 3\nlayer { name: "r" type: "ReLU" bottom: d top: "r" }');
    const cache = new PrototxtCache();
    const codes = () => analyzePrototxt(tree, { cache }).diagnostics.map((d) => d.code);
    expect(codes()).toContain('invalid-parameter');
    expect(codes()).toContain('invalid-parameter');
  });

  it('over a run of random edits of ResNet-50, gives what a fresh analysis gives', async () => {
    let text = corpusText('resnet50.prototxt');
    const cache = new PrototxtCache();
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const layerStarts = () => [...text.matchAll(/^layer \{/gm)].map((m) => m.index);
    const edits: ((at: number) => void)[] = [
      (at) => (text = `${text.slice(0, at)}\n${text.slice(at)}`), // lines below move
      (at) => (text = text.slice(0, at) + text.slice(at).replace(/num_output: \d+/, (m) => `${m}7`)), // shapes below change
      (at) => (text = text.slice(0, at) + text.slice(at).replace(/bottom: "/, 'bottom: "x')), // an unknown bottom
      (at) => {
        const end = text.indexOf('\n}', at) + 2;
        text = text.slice(0, at) + text.slice(end); // a layer goes: a forward reference or an unknown bottom
      },
      (at) => {
        const end = text.indexOf('\n}', at) + 2;
        text = text.slice(0, end) + '\n' + text.slice(at, end) + text.slice(end); // the same text twice
      },
      (at) => (text = `${text.slice(0, at)}{${text.slice(at)}`), // a syntax error
      (at) => (text = text.slice(0, at) + text.slice(at).replace(/kernel_size: \d+/, 'kernel_size: 0')), // an error in a layer run
    ];
    for (let step = 0; step < 60; step++) {
      const starts = layerStarts();
      edits[random(edits.length)]!(starts[random(starts.length)]!);
      const tree = await parse(text);
      expect(analyzePrototxt(tree, { cache })).toEqual(analyzePrototxt(tree));
      tree.delete();
    }
  });
});
