// End-to-end test of a Jupyter notebook in a REAL VS Code (code-server's build: its built-in
// notebook editor and `ipynb` serializer), with the packaged extension installed: the cells of
// test/data/notebook/functional_cells.ipynb are one program, so the conv cell's hint is computed
// from the input cell's tensor, and an edit of the input cell changes it. Run as e2e.test.mjs is
// (`npm run test:e2e`, or `node --test test/e2e/notebook.test.mjs` after scripts/e2e-setup.sh).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as h from './harness.mjs';
import * as views from './views.mjs';

const VSIX = path.resolve(h.PROJECT_ROOT, process.env.SHAPELENS_VSIX || 'shapelens.vsix');
const NOTEBOOK_SRC = path.join(h.PROJECT_ROOT, 'test', 'data', 'notebook', 'functional_cells.ipynb');
const NOTEBOOK_FILE = 'functional.ipynb';

/**
 * Shapes (as test/notebook/analyze.test.ts): Input (None, 32, 32, 3); Conv2D 'same' keeps 32×32
 * with 16 filters, MaxPooling2D's default pool 2 halves it (keras-team/keras
 * keras/src/ops/operation_utils.py compute_conv_output_shape / compute_pooling_output_shape).
 * After the edit of the input cell to 64×64 the conv cell follows.
 */
const INPUT_CELL = 'inputs = keras.Input(';
const INPUT_HINT = /inputs = keras\.Input\(shape=\(32, 32, 3\)\)\s*→ \(None, 32, 32, 3\)/;
const CONV_CELL = 'x = layers.Conv2D(';
const CONV_HINT = /layers\.Conv2D\(16, 3, padding="same", name="conv"\)\(inputs\)\s*→ \(None, 32, 32, 16\)/;
const POOL_HINT = /layers\.MaxPooling2D\(name="pool"\)\(x\)\s*→ \(None, 16, 16, 16\)/;
const CONV_HINT_AFTER_EDIT = /\(inputs\)\s*→ \(None, 64, 64, 16\)/;
/** The summary of the whole notebook: a click on the pool row shows line 2 of the conv cell. */
const SUMMARY_COMMAND = 'Shape Lens: Show Model Summary';
const POOL_ROW = { name: 'pool', shape: '(None, 32, 32, 16)', cellText: 'layers.MaxPooling2D(name="pool")', line: 2 };

/**
 * A rewrite whose edits land in two cells: Conv2D 7×7 stride 2 'same' on 224 pads 2 and 3 in TF
 * (kernel_shape_util.cc GetWindowedOutputSizeVerbose), so it offers ZeroPadding2D with Caffe's
 * symmetric 3 and 'valid', adding ZeroPadding2D to the import in the first cell. Padded to 230,
 * the conv gives floor((230 − 7) / 2) + 1 = 112 (conv_layer.cpp), the same size as before.
 */
const PAD_FILE = 'pad.ipynb';
const PAD_CELLS = ['from tensorflow.keras.layers import Input, Conv2D', 'inputs = Input(shape=(224, 224, 3))', 'x = Conv2D(64, 7, strides=2, padding="same")(inputs)'];
const PAD_TITLE = /Pad explicitly like Caffe/;
const PAD_IMPORT = 'from tensorflow.keras.layers import Input, Conv2D, ZeroPadding2D';
const PAD_HINTS = [/x = ZeroPadding2D\(\(\(3, 3\), \(3, 3\)\)\)\(inputs\)\s*→ \(None, 230, 230, 3\)/, /x = Conv2D\(64, 7, strides=2, padding="valid"\)\(x\)\s*→ \(None, 112, 112, 64\)/];

/** An nbformat 4 notebook of code cells, with the Python metadata Jupyter writes. */
const notebookJson = (cells) => JSON.stringify({
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' }, language_info: { name: 'python' } },
  cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
}, null, 1);

const TEST_TIMEOUT = 180_000;
const FIRST_RESULT_TIMEOUT = 90_000;
const RESULT_TIMEOUT = 45_000;

const { missing, skip } = h.prerequisites(VSIX);

if (skip) {
  test('Shape Lens notebooks in a real VS Code (prerequisites)', { skip }, () => {});
} else describe('Shape Lens notebooks in a real VS Code', { timeout: 10 * 60_000 }, () => {
  let workspace;
  let cs;
  let ui;
  const step = (name, fn) => h.reportFailure(name, () => ({ ui, cs }), fn);

  before(async () => {
    if (missing.length) throw new Error(`E2E_REQUIRED=1 but missing: ${missing.join('; ')}`);
    workspace = await h.makeTempDir('shapelens-nb-ws-');
    await fsp.copyFile(NOTEBOOK_SRC, path.join(workspace, NOTEBOOK_FILE));
    await fsp.writeFile(path.join(workspace, PAD_FILE), notebookJson(PAD_CELLS));
    cs = await h.startCodeServer({ workspace, vsix: VSIX });
    ui = await h.openBrowser(cs);
  });

  after(async () => {
    try {
      await ui?.close();
    } finally {
      await cs?.stop();
      if (workspace) await fsp.rm(workspace, { recursive: true, force: true });
    }
  });

  test('Notebook: hints in each cell, a later cell computed from an earlier one, following its edit', { timeout: TEST_TIMEOUT }, () => step('notebook-hints', async () => {
    const page = ui.page;
    await views.openNotebook(page, NOTEBOOK_FILE);
    await views.waitForCellLine(page, INPUT_CELL, INPUT_HINT, { timeout: FIRST_RESULT_TIMEOUT });
    const conv = await views.waitForCellLine(page, CONV_CELL, CONV_HINT, { timeout: RESULT_TIMEOUT });
    assert.ok(conv.lines.some((l) => POOL_HINT.test(l)), JSON.stringify(conv.lines));
    assert.match(conv.uri ?? '', /^vscode-notebook-cell:/);
    await h.screenshot(page, 'notebook-hints');

    // 32 → 64 in the input cell: the conv cell below follows.
    await views.selectWordInCell(page, INPUT_CELL, '32');
    await page.keyboard.type('64');
    await views.selectWordInCell(page, INPUT_CELL, '32');
    await page.keyboard.type('64');
    await views.waitForCellLine(page, CONV_CELL, CONV_HINT_AFTER_EDIT, { timeout: RESULT_TIMEOUT });
    await h.screenshot(page, 'notebook-edited');
  }));

  test('Notebook: the summary is of every cell; a row click reveals its cell and line, which is then highlighted', { timeout: TEST_TIMEOUT }, () => step('notebook-summary', async () => {
    const page = ui.page;
    await h.runCommand(page, SUMMARY_COMMAND);
    const frame = await views.webviewFrame(page, 'table.summary tr.layer', { timeout: RESULT_TIMEOUT });
    const rowText = (name) => frame.$eval(`tr.layer[data-name="${name}"]`, (tr) => tr.textContent).catch(() => '');
    await h.poll(async () => (await rowText(POOL_ROW.name)).includes(POOL_ROW.shape), { timeout: RESULT_TIMEOUT, what: `the ${POOL_ROW.name} row with ${POOL_ROW.shape}` });
    await frame.click(`tr.layer[data-name="${POOL_ROW.name}"]`);
    const at = await h.poll(async () => {
      const c = await views.notebookCursor(page);
      return c?.text.includes(POOL_ROW.cellText) ? c : null;
    }, { timeout: RESULT_TIMEOUT, what: `the cursor in the cell with ${POOL_ROW.cellText}` });
    assert.equal(at.line, POOL_ROW.line, at.text);
    await h.poll(async () => (await frame.$eval('tr.current', (tr) => tr.dataset.name).catch(() => null)) === POOL_ROW.name, { timeout: RESULT_TIMEOUT, what: `the ${POOL_ROW.name} row highlighted` });
    await h.screenshot(page, 'notebook-summary');
  }));

  test('Notebook: a code action whose edits land in two cells edits both', { timeout: TEST_TIMEOUT }, () => step('notebook-two-cells', async () => {
    const page = ui.page;
    await views.openNotebook(page, PAD_FILE);
    await views.waitForCellLine(page, 'x = Conv2D(', /→ \(None, 112, 112, 64\)/, { timeout: RESULT_TIMEOUT });
    // Each try selects the word again: a retry after a slow menu must not ask at wherever the cursor went.
    const offered = await h.pickCodeAction(page, PAD_TITLE, { focus: () => views.selectWordInCell(page, 'x = Conv2D(', 'Conv2D') });
    console.log(`# code actions offered: ${JSON.stringify(offered)}`);
    await views.waitForCellLine(page, 'from tensorflow', new RegExp(h.escapeRe(PAD_IMPORT)), { timeout: RESULT_TIMEOUT });
    for (const hint of PAD_HINTS) await views.waitForCellLine(page, 'x = Conv2D(', hint, { timeout: RESULT_TIMEOUT });
    await h.screenshot(page, 'notebook-two-cells');
  }));
});
