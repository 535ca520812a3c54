/**
 * The model summary the webview shows: rows, the graph's edges, totals, and the Markdown/CSV copies,
 * from real analyses of real files.
 *
 * examples/resnet50.prototxt (KaimingHe/deep-residual-networks, ResNet-50-deploy.prototxt): Caffe runs
 * layers in file order and a bottom reads the blob the latest top of that name made
 * (caffe/src/caffe/net.cpp · Net::Init / AppendBottom), so the in-place bn_conv1 → scale_conv1 →
 * conv1_relu chain feeds pool1, and the Eltwise res2a reads res2a_branch1 (after scale2a_branch1)
 * and res2a_branch2c (after scale2a_branch2c). Shapes: He et al. 2016 Table 1 (conv1 112, pool1 56).
 * examples/official_resnet_stem.py (tensorflow/models official/r1/resnet/resnet_model.py):
 * fixed_padding's tf.pad feeds the helper's conv, whose 112 output feeds max_pooling2d.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeText } from '../../server/src/analyzer/analyze.js';
import { shapeFormat } from '../../server/src/analysis/format.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { loadLanguages, sourceGrammarFiles, type Languages } from '../../server/src/parsing/languages.js';
import { modelTables, type ModelTable } from '../../server/src/lsp/summary-view.js';
import { tableCsv, tableMarkdown } from '../../server/src/lsp/summary-text.js';
import { ROOT } from './support/harness.js';

let languages: Languages;
beforeAll(async () => {
  languages = await loadLanguages(sourceGrammarFiles(ROOT));
});

function analyse(file: string): { text: string; result: AnalysisResult } {
  const text = readFileSync(path.join(ROOT, 'examples', file), 'utf8');
  return { text, result: analyzeText(languages, file.endsWith('.py') ? 'python' : 'prototxt', text) };
}

function edgesByName(t: ModelTable): string[] {
  const label = (i: number) => t.rows[i]!.name ?? `${t.rows[i]!.type}@${t.rows[i]!.range.start.line + 1}`;
  return t.edges.map((e) => `${label(e.from)} → ${label(e.to)}: ${e.label}`);
}

describe('model summary: Caffe', () => {
  it('links each bottom to the latest layer that wrote that blob, in-place layers included', () => {
    const { result } = analyse('resnet50.prototxt');
    const [table] = modelTables(result, 'resnet50.prototxt', shapeFormat('prototxt'));
    const edges = edgesByName(table!);
    expect(edges).toContain('conv1 → bn_conv1: (1, 64, 112, 112)');
    expect(edges).toContain('scale_conv1 → conv1_relu: (1, 64, 112, 112)');
    expect(edges).toContain('conv1_relu → pool1: (1, 64, 112, 112)');
    expect(edges).toContain('pool1 → res2a_branch1: (1, 64, 56, 56)');
    expect(edges).toContain('pool1 → res2a_branch2a: (1, 64, 56, 56)');
    expect(edges).toContain('scale2a_branch1 → res2a: (1, 256, 56, 56)');
    expect(edges).toContain('scale2a_branch2c → res2a: (1, 256, 56, 56)');
    // conv1 is read by bn_conv1 only: the later in-place layers read their predecessor.
    expect(edges.filter((e) => e.startsWith('conv1 → '))).toEqual(['conv1 → bn_conv1: (1, 64, 112, 112)']);
    const conv1 = table!.rows.find((r) => r.name === 'conv1')!;
    // 7·7·3·64 weights + 64 biases (this deploy file's conv1 keeps its bias term).
    expect(conv1).toMatchObject({ type: 'Convolution', output: '(1, 64, 112, 112)', params: 9472, composite: false, error: null });
    expect(table!.totals.unknownParams).toBe(0);
    expect(table!.totals.params).toBe(result.layers.reduce((s, l) => s + (l.params ?? 0), 0));
  });
});

describe('model summary: Python', () => {
  it('follows each input to the application that made it, and leaves calls of helpers out of the graph', () => {
    const { text, result } = analyse('official_resnet_stem.py');
    const [table] = modelTables(result, 'official_resnet_stem.py', shapeFormat('python'));
    const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const edges = edgesByName(table!);
    // The channels_last branch's tf.pad (the file's data_format), applied by both helper calls.
    const pad = line('[[0, 0], [pad_beg, pad_end], [pad_beg, pad_end], [0, 0]]');
    expect(edges).toContain(`tf.placeholder@${line('images = tf.placeholder')} → tf.pad@${pad}: (None, 224, 224, 3)`);
    expect(edges).toContain(`tf.pad@${pad} → tf.layers.conv2d@${line('return tf.layers.conv2d(')}: (None, 230, 230, 3)`);
    expect(edges).toContain(`tf.pad@${pad} → tf.layers.conv2d@${line('return tf.layers.conv2d(')}: (None, 58, 58, 64)`);
    expect(edges).toContain(`tf.layers.conv2d@${line('return tf.layers.conv2d(')} → tf.layers.max_pooling2d@${line('net = tf.layers.max_pooling2d')}: (None, 112, 112, 64)`);
    // The helper's call sites (composite) are rows that count nothing, and no graph nodes.
    const composite = table!.rows.map((r, i) => [r, i] as const).filter(([r]) => r.composite);
    expect(composite.length).toBeGreaterThan(0);
    for (const [r, i] of composite) {
      expect([r.params, r.macs]).toEqual([null, null]);
      expect(table!.edges.some((e) => e.from === i || e.to === i)).toBe(false);
    }
  });

  it('marks the row of a layer with an error', () => {
    const { result } = analyse('deconv_seed.py');
    const [table] = modelTables(result, 'deconv_seed.py', shapeFormat('python'));
    const deconv = table!.rows.find((r) => r.type === 'Deconvolution2D')!;
    expect(deconv.error).toContain('output_shape');
    expect(table!.rows.filter((r) => r.error !== null)).toHaveLength(1);
  });
  it('shows one table per model, as the CLI does, with the rows a model call applied under that call', () => {
    // Keras' print_summary(expand_nested=True) (keras/src/utils/summary_utils.py) prints a nested
    // model's row, then its layers indented under it; the Sequential `head` has its own table too.
    const text = 'from tensorflow import keras\nfrom tensorflow.keras import layers\nhead = keras.Sequential([layers.Dense(10)], name="head")\na = keras.Input(shape=(16,))\nout = head(a)\nmodel = keras.Model(a, out)\n';
    const tables = modelTables(analyzeText(languages, 'python', text), 'm.py', shapeFormat('python'));
    expect(tables.map((t) => [t.title, t.rows.map((r) => [r.type, r.depth ?? 0])])).toEqual([
      ['m.py: head', [['layers.Dense', 0]]],
      [
        'm.py: model',
        [
          ['keras.Input', 0],
          ['head', 0],
          ['layers.Dense', 1],
        ],
      ],
    ]);
  });

  it('labels an edge with the same shape as the table, unknown leading dims included: (…, 64)', () => {
    // keras_cv's RandAugment is unknown to Shape Lens; Dense(64) after it still makes the last dim 64
    // (Keras' Dense.build reads only input_shape[-1]), and the table writes that (…, 64).
    const text = 'import keras_cv\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\ninputs = keras.Input(shape=(224, 224, 3))\nx = keras_cv.layers.RandAugment(value_range=(0, 255))(inputs)\nx = layers.Dense(64)(x)\nx = layers.Dropout(0.1)(x)\n';
    const [table] = modelTables(analyzeText(languages, 'python', text), 'm.py', shapeFormat('python'));
    expect(table!.rows.find((r) => r.type === 'layers.Dense')!.output).toBe('(…, 64)');
    expect(edgesByName(table!)).toContain('dense → dropout: (…, 64)');
  });
});

describe('model summary copies', () => {
  const table: ModelTable = {
    title: 'net',
    rows: [
      { name: 'a|b', type: 'Convolution', output: '(1, 64, 112, 112)', params: 9408, macs: 118013952, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, composite: false, error: null },
      { name: null, type: 'helper', output: '(None, 10)', params: null, macs: null, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } }, composite: true, error: null },
      { name: 'x,"y"', type: 'Mystery', output: '?', params: null, macs: null, range: { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } }, composite: false, error: null },
    ],
    edges: [],
    totals: { params: 9408, macs: 118013952, unknownParams: 1, unknownMacs: 1 },
  };

  it('writes a Markdown table with escaped pipes and totals', () => {
    expect(tableMarkdown(table).split('\n')).toEqual([
      '**net**',
      '',
      '| Layer | Type | Output shape | Params | MACs |',
      '| --- | --- | --- | ---: | ---: |',
      '| a\\|b | Convolution | (1, 64, 112, 112) | 9,408 | 118,013,952 |',
      '|  | helper | (None, 10) |  |  |',
      '| x,"y" | Mystery | ? | ? | ? |',
      '| **Total** |  |  | 9,408 (+1 unknown) | 118,013,952 (+1 unknown) |',
      '',
    ]);
  });

  it('indents a nested row under the call that applied it, which shows its params', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } };
    const nested: ModelTable = {
      title: 'model',
      rows: [
        { name: 'head', type: 'Sequential', output: '(None, 10)', params: 650, macs: null, range, composite: true, error: null },
        { name: 'dense', type: 'layers.Dense', output: '(None, 10)', params: 650, macs: 640, range, composite: false, depth: 1, error: null },
      ],
      edges: [],
      totals: { params: 650, macs: 640, unknownParams: 0, unknownMacs: 0 },
    };
    expect(tableMarkdown(nested).split('\n').slice(4, 6)).toEqual(['| head | Sequential | (None, 10) | 650 |  |', '|   dense | layers.Dense | (None, 10) | 650 | 640 |']);
    expect(tableCsv(nested).split('\r\n').slice(1, 3)).toEqual(['head,Sequential,"(None, 10)",650,', '  dense,layers.Dense,"(None, 10)",650,640']);
  });

  it('writes RFC 4180 CSV with raw counts', () => {
    expect(tableCsv(table)).toBe('Layer,Type,Output shape,Params,MACs\r\na|b,Convolution,"(1, 64, 112, 112)",9408,118013952\r\n,helper,"(None, 10)",,\r\n"x,""y""",Mystery,?,,\r\n');
  });
});
