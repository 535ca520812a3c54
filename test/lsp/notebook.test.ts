/**
 * The real server over LSP 3.17 notebook sync ("Notebook Document Synchronization": didOpen with the
 * cells' text documents, didChange with `cells.structure` and `cells.textContent`, didClose), the
 * cells as VS Code names them (`vscode-notebook-cell:` URIs) and a notebook with Python metadata.
 * Expected shapes: Conv2D 'same' keeps the size, Conv2DTranspose 'same' stride 2 doubles it, and
 * output_padding must be smaller than strides (keras-team/keras keras/src/ops/operation_utils.py
 * compute_conv_output_shape, keras/src/utils/... compute_conv_transpose_output_shape;
 * SHAPE_SEMANTICS §3.3, as test/python/diagnostics.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { ModelSummary } from '../../server/src/lsp/summary-view.js';
import { TestClient } from './support/harness.js';
import { serverForSuite } from './support/suite.js';

const startClient = serverForSuite();

const NOTEBOOK = 'file:///work/nb/model.ipynb';
const cellUri = (id: string) => `vscode-notebook-cell:/work/nb/model.ipynb#${id}`;
const METADATA = { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } };

const CELLS: [string, 1 | 2, string][] = [
  ['imports', 2, 'import keras\nfrom keras import layers'],
  ['prose', 1, '# The model'],
  ['input', 2, 'inputs = keras.Input(shape=(32, 32, 3))'],
  ['conv', 2, 'x = layers.Conv2D(16, 3, padding="same")(inputs)'],
  ['up', 2, "y = layers.Conv2DTranspose(8, 3, strides=2, padding='same', output_padding=2)(x)"],
];

async function openNotebook(cells = CELLS, options: { documentChanges?: boolean } = {}): Promise<TestClient> {
  const c = await startClient({ env: { SHAPELENS_CHECK_INCREMENTAL: '1' }, ...options });
  expect(c.initializeResult?.capabilities.notebookDocumentSync).toEqual({ notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }] });
  await c.connection.sendNotification('notebookDocument/didOpen', {
    notebookDocument: { uri: NOTEBOOK, notebookType: 'jupyter-notebook', version: 0, metadata: METADATA, cells: cells.map(([id, kind]) => ({ kind, document: cellUri(id) })) },
    cellTextDocuments: cells.map(([id, kind, text]) => ({ uri: cellUri(id), languageId: kind === 2 ? 'python' : 'markdown', version: 1, text })),
  });
  return c;
}

/** The hint labels of a cell, joined. */
async function hints(c: TestClient, id: string): Promise<string[]> {
  const hs = (await c.hints(cellUri(id), { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } })) ?? [];
  return hs.map((h) => `${h.position.line}:${typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')}`);
}

/** Waits until the diagnostics published for `uri` satisfy `ok` (the server pushes them after a debounce). */
async function diagnosticsWhere(c: TestClient, uri: string, ok: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
  for (let i = 0; i < 200; i++) {
    const p = c.diagnostics.get(uri);
    if (p && ok(p)) return p;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`diagnostics of ${uri}: ${JSON.stringify(c.diagnostics.get(uri))}`);
}

describe('notebook sync', () => {
  it('hints per cell in cell positions; a tensor of one cell flows into the next', async () => {
    const c = await openNotebook();
    expect(await hints(c, 'input')).toEqual(['0:→ (None, 32, 32, 3)']);
    expect(await hints(c, 'conv')).toEqual(['0:→ (None, 32, 32, 16)']);
    // output_padding 2 ≥ strides 2 is rejected (the error below): the sizes are not guessed, and
    // the hint is marked as a layer with an error is.
    expect(await hints(c, 'up')).toEqual(['0:→ (None, None, None, 8) ✗']);
    expect(await hints(c, 'prose')).toEqual([]);
    // The hover on the conv cell's call, asked at that cell's own position.
    const hover = await c.hover(cellUri('conv'), { line: 0, character: CELLS[3]![2].indexOf('Conv2D') + 2 });
    // 448 = 3·3·3·16 + 16 weights; SAME with kernel 3, stride 1 pads 1 before and 1 after.
    const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    expect(value).toContain('`inputs: (None, 32, 32, 3)` → `x: (None, 32, 32, 16)`');
    expect(value).toContain('Params: 448');
    expect(value).toContain('pad 1 before, 1 after');
  });

  it("diagnostics go to the cell they are in, with the cell's positions, and its quick fix edits the cell", async () => {
    const c = await openNotebook();
    const up = await diagnosticsWhere(c, cellUri('up'), (p) => p.diagnostics.length > 0);
    const text = CELLS[4]![2];
    const at = text.indexOf('output_padding=2') + 'output_padding='.length;
    expect(up.diagnostics.map((d) => [d.code, d.range.start])).toEqual([['output-padding-too-large', { line: 0, character: expect.any(Number) }]]);
    expect((await diagnosticsWhere(c, cellUri('conv'), () => true)).diagnostics).toEqual([]);
    const actions = (await c.codeActions(cellUri('up'), up.diagnostics[0]!.range)) ?? [];
    const fix = actions.find((a) => a.kind === 'quickfix')!;
    const edits = fix.edit?.changes?.[cellUri('up')] ?? fix.edit?.documentChanges?.flatMap((d) => ('edits' in d ? d.edits : [])) ?? [];
    expect(edits).toEqual([{ range: { start: { line: 0, character: at }, end: { line: 0, character: at + 1 } }, newText: '1' }]);
  });

  it('a code action whose edits land in several cells: one list of edits per cell document', async () => {
    // The ZeroPadding2D rewrite of a 7×7 stride-2 'same' conv on 224 (TF pads 2 and 3,
    // kernel_shape_util.cc GetWindowedOutputSizeVerbose) adds ZeroPadding2D to the import in the
    // first cell and rewrites the conv in the third, as test/notebook/analyze.test.ts.
    const cells: [string, 1 | 2, string][] = [
      ['imports', 2, 'from tensorflow.keras.layers import Input, Conv2D'],
      ['input', 2, 'inputs = Input(shape=(224, 224, 3))'],
      ['conv', 2, 'x = Conv2D(64, 7, strides=2, padding="same")(inputs)'],
    ];
    const importEnd = { line: 0, character: cells[0]![2].length };
    const rewrite = async (c: TestClient) => {
      const actions = (await c.codeActions(cellUri('conv'), { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } })) ?? [];
      return actions.find((a) => a.title.startsWith('Pad explicitly like Caffe'))?.edit;
    };
    const plain = await rewrite(await openNotebook(cells));
    expect(Object.keys(plain?.changes ?? {})).toEqual([cellUri('conv'), cellUri('imports')]);
    expect(plain?.changes?.[cellUri('imports')]).toEqual([{ range: { start: importEnd, end: importEnd }, newText: ', ZeroPadding2D' }]);
    expect(plain?.changes?.[cellUri('conv')]).toHaveLength(3);
    const versioned = await rewrite(await openNotebook(cells, { documentChanges: true }));
    expect(versioned?.documentChanges?.map((d) => ('textDocument' in d ? [d.textDocument, d.edits.length] : d))).toEqual([
      [{ uri: cellUri('conv'), version: 1 }, 3],
      [{ uri: cellUri('imports'), version: 1 }, 1],
    ]);
  });

  it('a syntax error left open at the end of a cell is published on that cell, and the next cell is read on its own', async () => {
    // As Jupyter compiles each cell alone: "'(' was never closed" in the first, an unmatched `)` in
    // the second (CPython 3.11's compile() on each cell's text), though joined they would be one call.
    const cells: [string, 1 | 2, string][] = [...CELLS.slice(0, 4), ['open', 2, 'y = layers.Flatten()('], ['close', 2, 'x)']];
    const c = await openNotebook(cells);
    const open = await diagnosticsWhere(c, cellUri('open'), (p) => p.diagnostics.length > 0);
    expect(open.diagnostics.map((d) => [d.range.start, String(d.message).split(';')[0]])).toEqual([[{ line: 0, character: 20 }, "Syntax error: '(' was never closed in this cell (Jupyter runs each cell on its own)"]]);
    const close = await diagnosticsWhere(c, cellUri('close'), (p) => p.diagnostics.length > 0);
    expect(close.diagnostics.map((d) => [d.code, d.range.start.line])).toEqual([['syntax-error', 0]]);
    expect(await hints(c, 'conv')).toEqual(['0:→ (None, 32, 32, 16)']);
  });

  it('an edit in an early cell updates the hints of a later one', async () => {
    const c = await openNotebook();
    expect(await hints(c, 'conv')).toEqual([expect.stringContaining('(None, 32, 32, 16)')]);
    const at = CELLS[2]![2].indexOf('32, 32');
    await c.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 1 },
      change: { cells: { textContent: [{ document: { uri: cellUri('input'), version: 2 }, changes: [{ range: { start: { line: 0, character: at }, end: { line: 0, character: at + 6 } }, text: '64, 64' }] }] } },
    });
    expect(await hints(c, 'conv')).toEqual([expect.stringContaining('(None, 64, 64, 16)')]);
  });

  it('deleting, inserting and moving cells (a move is a delete plus an insert) re-orders the program', async () => {
    const c = await openNotebook();
    // Delete the input cell: `inputs` is unbound, so the conv cell's shape is unknown.
    await c.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 1 },
      change: { cells: { structure: { array: { start: 2, deleteCount: 1 }, didClose: [{ uri: cellUri('input') }] } } },
    });
    expect((await hints(c, 'conv')).join()).not.toContain('32, 32, 16');
    // Insert a new input cell after the conv cell: still read after it, still unknown.
    await c.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 2 },
      change: {
        cells: {
          structure: {
            array: { start: 3, deleteCount: 0, cells: [{ kind: 2, document: cellUri('input2') }] },
            didOpen: [{ uri: cellUri('input2'), languageId: 'python', version: 1, text: 'inputs = keras.Input(shape=(8, 8, 3))' }],
          },
        },
      },
    });
    expect((await hints(c, 'conv')).join()).not.toContain('8, 8, 16');
    // Move it before the conv cell (VS Code sends a delete and an insert of the same cell).
    await c.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 3 },
      change: { cells: { structure: { array: { start: 3, deleteCount: 1 }, didClose: [{ uri: cellUri('input2') }] } } },
    });
    await c.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 4 },
      change: {
        cells: {
          structure: {
            array: { start: 2, deleteCount: 0, cells: [{ kind: 2, document: cellUri('input2') }] },
            didOpen: [{ uri: cellUri('input2'), languageId: 'python', version: 1, text: 'inputs = keras.Input(shape=(8, 8, 3))' }],
          },
        },
      },
    });
    expect(await hints(c, 'conv')).toEqual([expect.stringContaining('(None, 8, 8, 16)')]);
  });

  it("the summary webview's rows name the cell holding each layer, in the cell's positions", async () => {
    const c = await openNotebook();
    const summary = await c.connection.sendRequest<ModelSummary | null>('shapelens/modelSummary', { textDocument: { uri: NOTEBOOK } });
    const rows = summary?.tables.flatMap((t) => t.rows) ?? [];
    expect(rows.map((r) => [r.type, r.uri, r.range.start])).toEqual([
      ['keras.Input', cellUri('input'), { line: 0, character: 9 }],
      ['layers.Conv2D', cellUri('conv'), { line: 0, character: 4 }],
      ['layers.Conv2DTranspose', cellUri('up'), { line: 0, character: 4 }],
    ]);
  });

  it('the summary of the notebook; close clears its cells', async () => {
    const c = await openNotebook();
    const s = await c.summary(NOTEBOOK);
    expect(s?.text).toContain('(None, 32, 32, 16)');
    await diagnosticsWhere(c, cellUri('up'), (p) => p.diagnostics.length > 0);
    await c.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: NOTEBOOK }, cellTextDocuments: CELLS.map(([id]) => ({ uri: cellUri(id) })) });
    await diagnosticsWhere(c, cellUri('up'), (p) => p.diagnostics.length === 0);
    expect(await c.hints(cellUri('conv'))).toEqual([]);
    expect(c.errors).toEqual([]);
  });
});
