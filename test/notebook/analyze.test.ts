// A notebook's code cells analysed as one module, positions mapped back to cells.
// Expected shapes: keras-io examples/vision/md/mnist_convnet.md (its model.summary() output:
// conv2d (None, 26, 26, 32), max_pooling2d (None, 13, 13, 32), conv2d_1 (None, 11, 11, 64),
// max_pooling2d_1 (None, 5, 5, 64), flatten (None, 1600), dense (None, 10), 34,826 params);
// functional_cells.ipynb: Conv2D 'same' keeps 32×32, MaxPooling2D's default pool 2 halves it
// (keras-team/keras keras/src/ops/operation_utils.py compute_conv_output_shape /
// compute_pooling_output_shape), Flatten 16·16·16 = 4096.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadLanguages, sourceGrammarFiles, type Languages } from '../../server/src/parsing/languages.js';
import { analyzeNotebook, analyzeNotebookText } from '../../server/src/notebook/analyze.js';
import { CellCache, NotebookProgram } from '../../server/src/notebook/program.js';
import type { NotebookCell } from '../../server/src/notebook/nbformat.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { cellResults } from '../../server/src/notebook/cells.js';
import { shapeOf } from '../python/helpers.js';

let languages: Languages;
beforeAll(async () => {
  languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
});

const notebook = (name: string) => readFileSync(`test/data/notebook/${name}`, 'utf8');
/** One cell's view of a notebook's analysis. */
const cellResult = (result: AnalysisResult, program: NotebookProgram, cell: number, uriOf: (cell: number) => string) => cellResults(result, program, uriOf).get(cell);
/** Cell documents as VS Code names them. */
const uriOf = (cell: number) => `vscode-notebook-cell:/nb.ipynb#cell${cell}`;

describe('NotebookProgram', () => {
  const program = NotebookProgram.of({
    cells: [
      { kind: 'markdown', source: '# x', language: null },
      { kind: 'code', source: 'a = 1\nb = 2', language: null },
      { kind: 'code', source: '%%bash\nls', language: null },
      { kind: 'code', source: '\n%time c = a\n', language: null },
      { kind: 'code', source: 'SELECT 1', language: 'sql' },
      { kind: 'code', source: 'd = c', language: 'python' },
    ],
  });

  test('the analysed cells one after the other, each on lines of its own', () => {
    expect(program.text).toBe('a = 1\nb = 2\n\n           \n\nd = c\n');
    expect(program.cells).toEqual([1, 3, 5]);
    expect(program.skipped).toEqual([
      { cell: 2, reason: 'its %%bash cell magic makes it another language' },
      { cell: 4, reason: 'a sql cell' },
    ]);
  });

  test('module positions map to (cell, line, column) and back', () => {
    expect(program.toCell({ line: 1, character: 4 })).toEqual({ cell: 1, position: { line: 1, character: 4 } });
    expect(program.toCell({ line: 4, character: 0 })).toEqual({ cell: 3, position: { line: 2, character: 0 } });
    expect(program.toCell({ line: 5, character: 4 })).toEqual({ cell: 5, position: { line: 0, character: 4 } });
    expect(program.toModule(3, { line: 1, character: 6 })).toEqual({ line: 3, character: 6 });
    expect(program.toModule(5, { line: 0, character: 0 })).toEqual({ line: 5, character: 0 });
    expect(program.toModule(2, { line: 0, character: 0 })).toBeNull();
    expect(program.toModule(1, { line: 2, character: 0 })).toBeNull();
  });

  test('a range running on into the next cell is cut at the end of its own', () => {
    expect(program.toCellRange({ start: { line: 1, character: 0 }, end: { line: 3, character: 2 } })).toEqual({ cell: 1, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } } });
  });
});

describe('CellCache', () => {
  test('a program built with the cache an editor keeps equals one built without it, over edits, copies, moves and deletions of cells', () => {
    const code = (source: string): NotebookCell => ({ kind: 'code', source, language: null });
    const states: NotebookCell[][] = [
      [code('import keras'), code('x = keras.Input((8,))'), code('    y = f(x,'), code('%%bash\nls')],
      [code('import keras'), code('x = keras.Input((8,))'), code('    y = f(x, 2)'), code('%%bash\nls')],
      [code('import keras'), code('    y = f(x, 2)'), code('x = keras.Input((8,))'), code('x = keras.Input((8,))')],
      [code('x = keras.Input((8,))'), { kind: 'markdown', source: '# x', language: null }, code('s = """'), code('import keras')],
      [code('SELECT 1'), { kind: 'code', source: 'SELECT 1', language: 'sql' }, code('x = keras.Input((8,))')],
    ];
    const cache = new CellCache();
    for (const cells of states) expect(NotebookProgram.of({ cells }, cache)).toEqual(NotebookProgram.of({ cells }));
  });
});

describe('analyzeNotebookText', () => {
  test("keras-io's MNIST convnet split over cells, with shell, magic, help and %%bash cells", () => {
    const { program, result } = analyzeNotebookText(languages, notebook('mnist_convnet.ipynb'));
    expect(result.diagnostics).toEqual([]);
    expect(result.layers.map((l) => [l.type, shapeOf(l), program.toCell(l.range.start)?.cell])).toEqual([
      ['keras.Input', [null, 28, 28, 1], 5],
      ['layers.Conv2D', [null, 26, 26, 32], 5],
      ['layers.MaxPooling2D', [null, 13, 13, 32], 5],
      ['layers.Conv2D', [null, 11, 11, 64], 5],
      ['layers.MaxPooling2D', [null, 5, 5, 64], 5],
      ['layers.Flatten', [null, 1600], 5],
      ['layers.Dropout', [null, 1600], 5],
      ['layers.Dense', [null, 10], 5],
    ]);
    const counted = result.layers.filter((l) => !l.composite).reduce((n, l) => n + (l.params ?? 0), 0);
    expect(counted).toBe(34826);
    // layers.Conv2D(32, …) is on line 3 of cell 5.
    expect(program.toCell(result.layers[1]!.range.start)).toEqual({ cell: 5, position: { line: 3, character: 8 } });
  });

  test('a functional model split across cells: a tensor from one cell flows into the next', () => {
    const { program, result } = analyzeNotebookText(languages, notebook('functional_cells.ipynb'));
    const byName = (n: string) => result.layers.find((l) => l.name === n)!;
    expect(shapeOf(byName('conv'))).toEqual([null, 32, 32, 16]);
    expect(shapeOf(byName('pool'))).toEqual([null, 16, 16, 16]);
    expect(shapeOf(byName('flat'))).toEqual([null, 4096]);
    expect(shapeOf(byName('head'))).toEqual([null, 10]);
    expect(program.toCell(byName('conv').range.start)?.cell).toBe(3);
    expect(program.toCell(byName('head').range.start)?.cell).toBe(4);
  });

  test('each cell is its own parse unit: a statement left open at the end of a cell is its error, and the next cell is read on its own', () => {
    // Jupyter compiles each cell alone (IPython interactiveshell.py run_cell_async): cell 1 is a
    // SyntaxError ("'(' was never closed" at its last `(`, CPython 3.11's compile()), and so is
    // cell 3 on its own (")" unmatched), though the two texts would join into one valid call.
    const cells = [
      'from tensorflow import keras\nfrom tensorflow.keras import layers\nx = keras.Input(shape=(28, 28, 1))',
      'x = layers.Conv2D(32, 3)(x',
      'flat = layers.Flatten()(x)\ny = layers.Flatten()(',
      'x)',
    ];
    const { program, result } = analyzeNotebook(languages, { language: 'python', cells: cells.map((source) => ({ kind: 'code', source, language: null })) });
    expect(result.diagnostics.map((d) => [d.code, program.toCellRange(d.range), d.message])).toEqual([
      ['syntax-error', { cell: 1, range: { start: { line: 0, character: 24 }, end: { line: 0, character: 25 } } }, expect.stringMatching(/^Syntax error: '\(' was never closed in this cell .*\(line 1, column 25\)$/)],
      ['syntax-error', { cell: 2, range: { start: { line: 1, character: 20 }, end: { line: 1, character: 21 } } }, expect.stringMatching(/^Syntax error: '\(' was never closed in this cell .*\(line 2, column 21\)$/)],
      ['syntax-error', { cell: 3, range: expect.anything() }, expect.stringMatching(/\(line 1, column \d+\)$/)],
    ]);
    // The conv is not run: `x` is unknown in cell 2, not cell 0's Input (which would flatten to 784).
    const flat = result.layers.find((l) => l.type === 'layers.Flatten' && program.toCell(l.range.start)?.cell === 2);
    expect(flat).toBeDefined();
    expect(shapeOf(flat)).toBeNull();
    expect(result.layers.some((l) => l.type === 'layers.Conv2D')).toBe(false);
  });

  test("a cell that sets Keras' image data format changes the layers of later cells only", () => {
    // Conv2D's data_format defaults to image_data_format() when the layer is made (keras-team/keras
    // keras/src/backend/config.py standardize_data_format, called by BaseConv): 3×3 'valid' with 8
    // filters on (3, 32, 32) is (1, 30, 8) channels-last, 3·3·32·8 + 8 = 2,312 weights, and
    // (8, 30, 30) channels-first, 3·3·3·8 + 8 = 224.
    const cells = [
      'from tensorflow import keras\nfrom tensorflow.keras import layers\nfrom tensorflow.keras import backend as K',
      'inputs = keras.Input(shape=(3, 32, 32))\na = layers.Conv2D(8, 3)(inputs)',
      "K.set_image_data_format('channels_first')",
      'b = layers.Conv2D(8, 3)(inputs)',
    ];
    const { program, result } = analyzeNotebook(languages, { language: 'python', cells: cells.map((source) => ({ kind: 'code', source, language: null })) });
    expect(result.layers.filter((l) => l.type === 'layers.Conv2D').map((l) => [program.toCell(l.range.start)?.cell, shapeOf(l), l.params])).toEqual([
      [1, [null, 1, 30, 8], 2312],
      [3, [null, 8, 30, 30], 224],
    ]);
  });

  test('an indented cell is dedented as IPython does: its statements are top-level, not part of the block the cell before ends with', () => {
    // IPython's leading_indent (inputtransformer2.py): `    x = …` runs at the top level. Conv2D
    // 'same' keeps 32×32 (compute_conv_output_shape), Flatten 32·32·8 = 8192.
    const cells = [
      'from tensorflow import keras\nfrom tensorflow.keras import layers\ninputs = keras.Input(shape=(32, 32, 3))\ndef block(t):\n    return t',
      '    x = layers.Conv2D(8, 3, padding="same")(inputs)\n    x = layers.Flatten()(x)',
      'y = layers.Dense(4)(x)',
    ];
    const { program, result } = analyzeNotebook(languages, { language: 'python', cells: cells.map((source) => ({ kind: 'code', source, language: null })) });
    expect(result.diagnostics).toEqual([]);
    expect(result.layers.filter((l) => l.type !== 'keras.Input').map((l) => [l.type, shapeOf(l), program.toCellRange(l.range)])).toEqual([
      ['layers.Conv2D', [null, 32, 32, 8], { cell: 1, range: { start: { line: 0, character: 8 }, end: { line: 0, character: 51 } } }],
      ['layers.Flatten', [null, 8192], { cell: 1, range: { start: { line: 1, character: 8 }, end: { line: 1, character: 27 } } }],
      ['layers.Dense', [null, 4], { cell: 2, range: { start: { line: 0, character: 4 }, end: { line: 0, character: 22 } } }],
    ]);
    expect(program.toModule(1, { line: 1, character: 8 })).toEqual({ line: 6, character: 4 });
  });

  test('a non-Python notebook and malformed files are refused with a message', () => {
    expect(() => analyzeNotebookText(languages, notebook('r_kernel.ipynb'))).toThrow('its metadata gives the language R: Shape Lens reads Python notebooks');
    expect(() => analyzeNotebookText(languages, notebook('nbformat3.ipynb'))).toThrow(/^nbformat 3 notebook/);
    expect(() => analyzeNotebookText(languages, notebook('truncated.ipynb'))).toThrow(/^not valid JSON/);
  });
});

describe('cellResult', () => {
  test("one cell's layers and diagnostics, fixes included, in the cell's positions (the Keras 1 seed, SHAPE_SEMANTICS §2.4.1)", () => {
    const { program, result } = analyzeNotebookText(languages, notebook('keras1_deconv.ipynb'));
    const cell3 = cellResult(result, program, 3, uriOf);
    expect(cell3.layers.map((l) => [l.type, l.range.start.line])).toEqual([
      ['Input', 1],
      ['Deconvolution2D', 2],
    ]);
    const line = 'y = Deconvolution2D(256, 4, 4, border_mode=\'same\', output_shape=(None, 3, 14, 14), subsample=(2, 2), dim_ordering=\'th\')(d)';
    const start = line.indexOf('(None, 3, 14, 14)');
    const range = { start: { line: 2, character: start }, end: { line: 2, character: start + '(None, 3, 14, 14)'.length } };
    expect(cell3.diagnostics.map((d) => [d.code, d.range])).toEqual([['deconv-output-shape', range]]);
    expect(cell3.diagnostics[0]!.fixes[0]!.edits).toEqual([{ range, newText: '(None, 256, 56, 56)' }]);
    const cell2 = cellResult(result, program, 2, uriOf);
    expect(cell2.layers.map((l) => [l.type, shapeOf(l), l.anchor.line])).toEqual([
      ['Input', [null, 3, 224, 224], 0],
      ['Convolution2D', [null, 64, 112, 112], 1],
    ]);
    expect(cell2.diagnostics).toEqual([]);
    expect(cellResult(result, program, 0, uriOf)).toEqual({ language: 'python', layers: [], diagnostics: [] });
  });

  test('a diagnostic whose operands were made in other cells names them: in its message and as related places in their cells', () => {
    // tf.matmul needs the inner dimensions equal (tensorflow/tensorflow math_ops.py matmul; the
    // MatMul kernel's "Matrix size-incompatible"): 3 columns against 5 rows.
    const cells = ['import tensorflow as tf\na = tf.zeros([4, 3])', 'b = tf.zeros([5, 2])', 'c = tf.matmul(a, b)'];
    const { program, result } = analyzeNotebook(languages, { language: 'python', cells: cells.map((source) => ({ kind: 'code', source, language: null })) });
    const [d] = cellResult(result, program, 2, uriOf).diagnostics;
    expect(d?.code).toBe('matmul-mismatch');
    expect(d?.message).toMatch(/ \(see cell 0, line 2; cell 1, line 1\)$/);
    expect(d?.related.map((r) => [r.uri, r.range.start])).toEqual([
      [uriOf(0), { line: 1, character: 4 }],
      [uriOf(1), { line: 0, character: 4 }],
    ]);
  });

  test('a fix whose edits land in several cells keeps them, each edit naming the cell it is in', () => {
    // Conv2D 7×7 stride 2 'same' on 224: TF pads 2 before and 3 after (kernel_shape_util.cc
    // GetWindowedOutputSizeVerbose; SHAPE_SEMANTICS §1.1), so the conv offers the rewrite to Caffe's
    // symmetric pad 3 and 'valid' (floor((224 + 6 − 7) / 2) + 1 = 112, conv_layer.cpp), which also
    // adds ZeroPadding2D to the import in the first cell.
    const cells = ['from tensorflow.keras.layers import Input, Conv2D', 'inputs = Input(shape=(224, 224, 3))', 'x = Conv2D(64, 7, strides=2, padding="same")(inputs)'];
    const { program, result } = analyzeNotebook(languages, { language: 'python', cells: cells.map((source) => ({ kind: 'code', source, language: null })) });
    const conv = cellResult(result, program, 2, uriOf).layers.find((l) => l.type === 'Conv2D')!;
    const pad = conv.actions.find((a) => a.title.startsWith('Pad explicitly like Caffe'))!;
    const at = (line: number, character: number) => ({ line, character });
    const same = cells[2]!.indexOf('"same"');
    const input = cells[2]!.indexOf('(inputs)') + 1;
    expect(pad.edits).toEqual([
      { range: { start: at(0, cells[0]!.length), end: at(0, cells[0]!.length) }, newText: ', ZeroPadding2D', uri: uriOf(0) },
      { range: { start: at(0, same), end: at(0, same + 6) }, newText: '"valid"' },
      { range: { start: at(0, 0), end: at(0, 0) }, newText: 'x = ZeroPadding2D(((3, 3), (3, 3)))(inputs)\n' },
      { range: { start: at(0, input), end: at(0, input + 6) }, newText: 'x' },
    ]);
  });
});
