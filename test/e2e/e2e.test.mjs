// End-to-end test of the packaged extension in a REAL VS Code (code-server's
// bundled build, driven through Debian's Chromium by playwright-core).
//
//   bash scripts/e2e-setup.sh            # once per machine (idempotent)
//   SHAPELENS_VSIX=path/to/x.vsix node --test test/e2e/
//
// Builds nothing: it installs the .vsix named by SHAPELENS_VSIX (default
// shapelens.vsix at the project root). A missing input file fails the run.
// Without the .vsix, code-server or Chromium the suite is SKIPPED with the
// reason, unless E2E_REQUIRED=1 (set by `npm run test:e2e` and CI), which turns
// a missing prerequisite into a failure. Screenshots go to test/e2e/screenshots/.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as h from './harness.mjs';
import * as views from './views.mjs';

// ===========================================================================
// Expected texts -- adjust these to the real extension's output format.
// ===========================================================================

/** The .vsix under test. */
const VSIX = path.resolve(h.PROJECT_ROOT, process.env.SHAPELENS_VSIX || 'shapelens.vsix');
/** Corpus file copied into the temp workspace. */
const ALEXNET_SRC = path.resolve(h.PROJECT_ROOT, process.env.SHAPELENS_ALEXNET
  || path.join('test', 'data', 'caffe', 'alexnet.prototxt'));

/** Inlay hint of AlexNet conv1 (input 10x3x227x227, k11 s4 -> 55x55). */
const CAFFE_CONV1_HINT = '→ (10, 96, 55, 55)';
/** Looser fallback check, used in the failure message only. */
const CAFFE_CONV1_HINT_LOOSE = /55/;

/**
 * Hover over the `pad` key of AlexNet's conv2 (`pad: 2`, 5×5 on 27×27): the Caffe formula with the
 * numbers (conv_layer.cpp compute_output_shape: trunc((27 + 2·2 − 5) / 1) + 1 = 27) and the pads.
 */
const CAFFE_HOVER_LINE = /^\s*pad:\s*2\b/; // first such line in alexnet.prototxt
const CAFFE_HOVER_WORD = 'pad';
const CAFFE_HOVER_EXPECT = /pad 2 before, 2 after[\s\S]*trunc\(\(27 \+ 2·2 − 5\) \/ 1\) \+ 1 = 27/;

/**
 * A second copy of AlexNet for the summary webview, which must follow an edit: conv1 made 97
 * filters wide gives (10, 97, 55, 55) in its row (shapes as in CAFFE_CONV1_HINT). A click on the
 * pool2 row (or the conv2 node) moves the cursor to that layer's `layer {` line; the cursor inside
 * conv3 highlights conv3's row.
 */
const SUMMARY_FILE = 'alexnet-summary.prototxt';
const SUMMARY_COMMAND = 'Shape Lens: Show Model Summary';
const SUMMARY_BEFORE = '(10, 96, 55, 55)';
const SUMMARY_EDIT_AT = /num_output: 96/;
const SUMMARY_AFTER = '(10, 97, 55, 55)';

/**
 * A multi-line call (keras-io examples/vision/mnist_convnet.py's first conv, written over several
 * lines): its hint goes after `)(inputs)`, padded off the code; Conv2D 3×3 'valid' on 28 → 26
 * (its printed model.summary()).
 */
const MULTILINE_FILE = 'mnist.py';
const MULTILINE_SOURCE = `from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = layers.Conv2D(
    32,
    kernel_size=(3, 3),
    activation="relu",
)(inputs)
x = layers.MaxPooling2D(pool_size=(2, 2))(x)
`;
const MULTILINE_HINT = '→ (None, 26, 26, 32)';
/** The erroneous Deconvolution2D (DECONV_FILE below): its hint is marked. */
const MARKED_HINT = /→ \(None, [^)]*\) ✗/;

/** Small Keras file; Conv2D(64, 7, strides=2, padding="same") on 224x224x3 -> 112x112x64. */
const KERAS_FILE = 'model.py';
const KERAS_SOURCE = `from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(224, 224, 3)),
    layers.Conv2D(64, 7, strides=2, padding="same", activation="relu"),
    layers.MaxPooling2D(3, strides=2, padding="same"),
])
`;
const KERAS_CONV_HINT = '→ (None, 112, 112, 64)';
/**
 * Hover on that Conv2D: TF SAME on 224 with k7 s2 pads 2 before and 3 after (kernel_shape_util.cc
 * GetWindowedOutputSizeVerbose; SHAPE_SEMANTICS §1.1), unlike Caffe's symmetric pad 3.
 */
const KERAS_HOVER_LINE = /layers\.Conv2D\(64/;
const KERAS_HOVER_EXPECT = /pad 2 before, 3 after[\s\S]*fixed_padding/;

/**
 * The Keras 1 Deconvolution2D seed (SHAPE_SEMANTICS §2.4.1): on a 28×28 input with 'same' and stride
 * 2, output_shape must be (None, 256, 56, 56); the quick fix writes it.
 */
const DECONV_FILE = 'deconv.py';
const DECONV_SOURCE = fs.readFileSync(path.join(h.PROJECT_ROOT, 'examples', 'deconv_seed.py'), 'utf8');
const DECONV_AT = /output_shape=/;
const DECONV_DIAGNOSTIC = /must be 55 or 56/;
/** The first clause of its message: what the Problems row must show uncut (issue 10 §4). */
const DECONV_VERDICT = 'output_shape (None, 3, 14, 14) is invalid: rows and cols must be 55 or 56';
const DECONV_FIX_TITLE = /Set output_shape to \(None, 256, 56, 56\)/;
const DECONV_RESULT = (text) => text.includes('output_shape=(None, 256, 56, 56)') && !text.includes('(None, 3, 14, 14)');

/** A prototxt with one error: pool1 reads a blob ("conv9") that no layer produces. */
const BROKEN_FILE = 'broken.prototxt';
const BROKEN_SOURCE = `name: "Broken"
layer {
  name: "data"
  type: "Input"
  top: "data"
  input_param { shape: { dim: 1 dim: 3 dim: 32 dim: 32 } }
}
layer {
  name: "conv1"
  type: "Convolution"
  bottom: "data"
  top: "conv1"
  convolution_param { num_output: 8 kernel_size: 3 }
}
layer {
  name: "pool1"
  type: "Pooling"
  bottom: "conv9"
  top: "pool1"
  pooling_param { pool: MAX kernel_size: 2 stride: 2 }
}
`;
/** Where the diagnostic is (the cursor goes here for Ctrl+.). */
const BROKEN_AT = /conv9/;
/** The diagnostic message (Problems panel row text or aria-label). */
const DIAGNOSTIC_EXPECT = /conv9/;
/** Quick fix to pick (title in the Ctrl+. menu). */
const QUICKFIX_TITLE = /conv1/;
/** The file on disk after applying the quick fix and saving. */
const QUICKFIX_RESULT = (text) => /bottom:\s*"conv1"[\s\S]*top:\s*"pool1"/.test(text) && !text.includes('conv9');

/** Per-test time limit (ms); the first test also waits for extension activation. */
const TEST_TIMEOUT = 180_000;
/** How long to wait for the first inlay hint (extension + language server start). */
const FIRST_RESULT_TIMEOUT = 90_000;
/** How long to wait for later results. */
const RESULT_TIMEOUT = 45_000;

// ===========================================================================

// The suite's own input is part of the project: without it the run fails, whatever E2E_REQUIRED says.
if (!fs.existsSync(ALEXNET_SRC)) throw new Error(`missing input: corpus file ${ALEXNET_SRC}`);
const { missing, skip } = h.prerequisites(VSIX);

if (skip) {
  // A counted skip ("# skipped 1") with the reason, rather than a silent no-op.
  test('Shape Lens in a real VS Code (prerequisites)', { skip }, () => {});
} else describe('Shape Lens in a real VS Code', { timeout: 15 * 60_000 }, () => {
  let workspace;
  let cs;
  let ui;
  const t0 = Date.now();
  const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

  const step = (name, fn) => h.reportFailure(name, () => ({ ui, cs }), fn);

  before(async () => {
    if (missing.length) throw new Error(`E2E_REQUIRED=1 but missing: ${missing.join('; ')}`);
    workspace = await h.makeTempDir('shapelens-ws-');
    await fsp.copyFile(ALEXNET_SRC, path.join(workspace, 'alexnet.prototxt'));
    await fsp.copyFile(ALEXNET_SRC, path.join(workspace, SUMMARY_FILE));
    await fsp.writeFile(path.join(workspace, KERAS_FILE), KERAS_SOURCE);
    await fsp.writeFile(path.join(workspace, MULTILINE_FILE), MULTILINE_SOURCE);
    await fsp.writeFile(path.join(workspace, BROKEN_FILE), BROKEN_SOURCE);
    await fsp.writeFile(path.join(workspace, DECONV_FILE), DECONV_SOURCE);
    cs = await h.startCodeServer({ workspace, vsix: VSIX });
    console.log(`# code-server up on ${cs.url} after ${elapsed()} (tmp ${cs.tmp})`);
    ui = await h.openBrowser(cs);
    console.log(`# workbench loaded after ${elapsed()}`);
  });

  after(async () => {
    try {
      await ui?.close();
    } finally {
      await cs?.stop();
      if (workspace) await fsp.rm(workspace, { recursive: true, force: true });
      console.log(`# suite finished after ${elapsed()}`);
    }
  });

  test('Caffe: inlay hint shows AlexNet conv1 output shape', { timeout: TEST_TIMEOUT }, () => step('caffe-hints', async () => {
    await h.openFile(ui.page, 'alexnet.prototxt');
    await h.screenshot(ui.page, 'caffe-opened');
    let hits;
    try {
      hits = await h.waitForEditorText(ui.page, 'alexnet.prototxt', CAFFE_CONV1_HINT, { timeout: FIRST_RESULT_TIMEOUT });
    } catch (e) {
      const text = await h.readEditorText(ui.page, 'alexnet.prototxt').catch(() => '');
      e.message += `\n(loose check ${CAFFE_CONV1_HINT_LOOSE} on visible text: ${CAFFE_CONV1_HINT_LOOSE.test(text)})`;
      throw e;
    }
    await h.screenshot(ui.page, 'caffe-inlay-hints');
    assert.ok(hits.length >= 1);
    console.log(`# caffe hint line ${hits[0].line}: ${hits[0].text.trim()} (${elapsed()})`);
  }));

  test('Caffe: hover explains padding', { timeout: TEST_TIMEOUT }, () => step('caffe-hover', async () => {
    await h.openFile(ui.page, 'alexnet.prototxt');
    const src = await fsp.readFile(path.join(workspace, 'alexnet.prototxt'), 'utf8');
    const { line } = h.findPosition(src, CAFFE_HOVER_LINE);
    const column = src.split('\n')[line - 1].indexOf(CAFFE_HOVER_WORD) + 1;
    const hover = await h.hoverAt(ui.page, 'alexnet.prototxt', line, column, { pattern: CAFFE_HOVER_EXPECT });
    await ui.page.waitForTimeout(600); // let the hover finish fading in before the picture
    await h.screenshot(ui.page, 'caffe-hover');
    assert.match(hover, CAFFE_HOVER_EXPECT);
    console.log(`# hover at ${line}:${column}: ${hover.replace(/\s+/g, ' ').slice(0, 200)} (${elapsed()})`);
    await ui.page.keyboard.press('Escape');
  }));

  test('Summary: a webview table and graph, linked to the code both ways, following edits', { timeout: TEST_TIMEOUT }, () => step('summary', async () => {
    const page = ui.page;
    await h.openFile(page, SUMMARY_FILE);
    const src = await fsp.readFile(path.join(workspace, SUMMARY_FILE), 'utf8');
    const lines = src.split('\n');
    /** The 1-based line of the `layer {` holding `name: "<layer>"`: where a layer's range starts. */
    const blockLine = (layer) => {
      let i = lines.findIndex((l) => l.includes(`name: "${layer}"`));
      while (i > 0 && !/^\s*layers?\s*\{/.test(lines[i])) i--;
      return i + 1;
    };
    await h.runCommand(page, SUMMARY_COMMAND);
    const frame = await views.webviewFrame(page, 'table.summary tr.layer', { timeout: RESULT_TIMEOUT });
    const rowText = (name) => frame.$eval(`tr.layer[data-name="${name}"]`, (tr) => tr.textContent).catch(() => '');
    await h.poll(async () => (await rowText('conv1')).includes(SUMMARY_BEFORE), { timeout: RESULT_TIMEOUT, what: `conv1's row with ${SUMMARY_BEFORE}` });
    await h.screenshot(page, 'summary-table');

    // A row click moves the editor to the layer (and the cursor's row is highlighted).
    await frame.click('tr.layer[data-name="pool2"]');
    await h.poll(async () => (await views.cursorLine(page)) === blockLine('pool2'), { timeout: RESULT_TIMEOUT, what: `the cursor on pool2's line ${blockLine('pool2')}` });
    await h.waitForEditorText(page, SUMMARY_FILE, /name: "pool2"/, { timeout: RESULT_TIMEOUT });
    // The cursor moved in the editor: the row of the layer it is in lights up.
    await h.gotoLine(page, SUMMARY_FILE, blockLine('conv3') + 3, 3);
    await h.poll(async () => (await frame.$eval('tr.current', (tr) => tr.dataset.name).catch(() => null)) === 'conv3', { timeout: RESULT_TIMEOUT, what: "conv3's row highlighted" });
    await h.screenshot(page, 'summary-cursor');

    // 96 → 97: after the last digit, Backspace, then type 7; the table follows.
    const at = h.findPosition(src, SUMMARY_EDIT_AT);
    await h.gotoLine(page, SUMMARY_FILE, at.line, at.column + 'num_output: 96'.length);
    await page.keyboard.press('Backspace');
    await page.keyboard.type('7');
    await h.poll(async () => (await rowText('conv1')).includes(SUMMARY_AFTER), { timeout: RESULT_TIMEOUT, what: `conv1's row with ${SUMMARY_AFTER}` });

    // The graph: one node per layer, edges labelled with the blobs' shapes; a node click moves the editor.
    const rows = await frame.$$eval('tr.layer', (trs) => trs.length);
    await frame.click('button[data-tab="graph"]');
    await frame.waitForSelector('svg.graph g.node', { timeout: RESULT_TIMEOUT });
    assert.equal(await frame.$$eval('svg.graph g.node', (ns) => ns.length), rows);
    const labels = await frame.$$eval('svg.graph text.edge-label', (ts) => ts.map((t) => t.textContent));
    assert.ok(labels.includes(SUMMARY_AFTER), JSON.stringify(labels.slice(0, 8)));
    await frame.click('svg.graph g.node[data-name="conv2"]');
    await h.poll(async () => (await views.cursorLine(page)) === blockLine('conv2'), { timeout: RESULT_TIMEOUT, what: `the cursor on conv2's line ${blockLine('conv2')}` });
    await h.poll(async () => (await frame.$eval('svg.graph g.node.current', (g) => g.dataset.name).catch(() => null)) === 'conv2', { timeout: RESULT_TIMEOUT, what: "conv2's node highlighted" });
    await h.screenshot(page, 'summary-graph');

    // Copy as Markdown: the clipboard holds the table, conv1's row with its new shape.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(cs.url).origin });
    await frame.click('button[data-copy="markdown"]');
    const copied = await h.poll(async () => {
      const text = await page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
      return text.includes('| Layer | Type | Output shape | Params | MACs |') ? text : null;
    }, { timeout: RESULT_TIMEOUT, what: 'the Markdown table on the clipboard' });
    assert.match(copied, /\| conv1 \| Convolution \| \(10, 97, 55, 55\) \|/);
    console.log(`# summary: ${rows} rows, ${labels.length} edges, ${copied.split('\n').length} lines copied (${elapsed()})`);
  }));

  test('Hover: in a split editor (the summary beside), the window diagram does not wrap', { timeout: TEST_TIMEOUT }, () => step('split-hover', async () => {
    const page = ui.page;
    // The summary webview from the test before is open beside: focus the left editor, open the file there.
    await h.focusEditor(page, SUMMARY_FILE);
    await h.openFile(page, KERAS_FILE);
    const { line, column } = h.findPosition(KERAS_SOURCE, KERAS_HOVER_LINE);
    await h.hoverAt(page, KERAS_FILE, line, column + 'layers.'.length + 1, { pattern: KERAS_HOVER_EXPECT });
    await page.waitForTimeout(600); // let the hover finish fading in before the picture
    const code = await views.hoverCodeLines(page, 'w111');
    await h.screenshot(page, 'split-hover');
    assert.ok(code && code.rows.length >= 3, JSON.stringify(code));
    assert.ok(code.rows.some((r) => /w111/.test(r.text)), JSON.stringify(code.rows));
    for (const r of code.rows) assert.equal(r.visualLines, 1, `wrapped: ${JSON.stringify(r.text)} in a ${code.width}px box`);
    assert.ok(code.overflow <= 1, `the diagram overflows its ${code.width}px box by ${code.overflow}px`);
    await page.keyboard.press('Escape');
  }));

  test('Keras: a multi-line call\'s hint sits after the call, padded off the code', { timeout: TEST_TIMEOUT }, () => step('multiline-hint', async () => {
    await h.openFile(ui.page, MULTILINE_FILE);
    await h.waitForEditorText(ui.page, MULTILINE_FILE, MULTILINE_HINT, { timeout: RESULT_TIMEOUT });
    const hints = await views.readHints(ui.page, h.editorSelector(MULTILINE_FILE));
    await h.screenshot(ui.page, 'multiline-hint');
    const conv = hints.find((x) => x.hint === MULTILINE_HINT);
    assert.ok(conv, JSON.stringify(hints));
    assert.match(conv.before, /\)\(inputs\)$/);
    assert.ok(conv.gap >= 2, `hint not padded: gap ${conv.gap}px`);
    assert.ok(!hints.some((x) => /layers\.Conv2D\($/.test(x.before)), JSON.stringify(hints));
  }));

  test('Keras 1: the hint of the layer with an error is marked', { timeout: TEST_TIMEOUT }, () => step('marked-hint', async () => {
    await h.openFile(ui.page, DECONV_FILE);
    const hits = await h.waitForEditorText(ui.page, DECONV_FILE, MARKED_HINT, { timeout: RESULT_TIMEOUT });
    assert.match(hits[0].text, /\(x\)/);
    // The end of that line in view (the split editor is narrow), for the picture.
    await h.gotoLine(ui.page, DECONV_FILE, hits[0].line, 200);
    await ui.page.keyboard.press('End');
    await h.screenshot(ui.page, 'marked-hint');
  }));

  test('Keras: inlay hint shows Conv2D output shape', { timeout: TEST_TIMEOUT }, () => step('keras-hints', async () => {
    await h.openFile(ui.page, KERAS_FILE);
    const hits = await h.waitForEditorText(ui.page, KERAS_FILE, KERAS_CONV_HINT, { timeout: RESULT_TIMEOUT });
    await h.screenshot(ui.page, 'keras-inlay-hints');
    assert.ok(hits.length >= 1);
    console.log(`# keras hint line ${hits[0].line}: ${hits[0].text.trim()} (${elapsed()})`);
  }));

  test('Keras: hover explains TF SAME padding against Caffe', { timeout: TEST_TIMEOUT }, () => step('keras-hover', async () => {
    await h.openFile(ui.page, KERAS_FILE);
    const { line, column } = h.findPosition(KERAS_SOURCE, KERAS_HOVER_LINE);
    const hover = await h.hoverAt(ui.page, KERAS_FILE, line, column + 'layers.'.length + 1, { pattern: KERAS_HOVER_EXPECT });
    await ui.page.waitForTimeout(600); // let the hover finish fading in before the picture
    await h.screenshot(ui.page, 'keras-hover');
    assert.match(hover, KERAS_HOVER_EXPECT);
    await ui.page.keyboard.press('Escape');
  }));

  test('Problems panel: the deconv row shows its verdict uncut', { timeout: TEST_TIMEOUT }, () => step('problems-verdict', async () => {
    await h.openFile(ui.page, DECONV_FILE);
    await h.readProblems(ui.page, { pattern: DECONV_DIAGNOSTIC, timeout: RESULT_TIMEOUT });
    const row = await views.problemRowShows(ui.page, DECONV_VERDICT);
    await h.screenshot(ui.page, 'problems-verdict');
    assert.ok(row, `no Problems row has "${DECONV_VERDICT}"`);
    console.log(`# problems row: ${row.text.slice(0, 160)} (verdict ends at ${Math.round(row.right)}px, clip ${Math.round(row.clip)}px)`);
    assert.ok(row.shown, JSON.stringify(row));
  }));

  test('Keras 1: quick fix writes the output_shape TensorFlow accepts', { timeout: TEST_TIMEOUT }, () => step('deconv-quickfix', async () => {
    const file = path.join(workspace, DECONV_FILE);
    await h.openFile(ui.page, DECONV_FILE);
    const pos = h.findPosition(DECONV_SOURCE, DECONV_AT);
    await h.readProblems(ui.page, { pattern: DECONV_DIAGNOSTIC, timeout: RESULT_TIMEOUT });
    const offered = await h.applyQuickFix(ui.page, DECONV_FILE, pos.line, pos.column + DECONV_AT.source.length, DECONV_FIX_TITLE);
    console.log(`# quick fixes offered: ${JSON.stringify(offered)}`);
    await h.saveActive(ui.page, DECONV_FILE);
    const after = await h.waitForFile(file, DECONV_RESULT);
    await h.screenshot(ui.page, 'deconv-quickfix-applied');
    assert.ok(DECONV_RESULT(after));
  }));

  test('Caffe: diagnostic for a broken network', { timeout: TEST_TIMEOUT }, () => step('diagnostic', async () => {
    await h.openFile(ui.page, BROKEN_FILE);
    const rows = await h.readProblems(ui.page, { pattern: DIAGNOSTIC_EXPECT, timeout: RESULT_TIMEOUT });
    const squiggles = await h.countSquiggles(ui.page, BROKEN_FILE);
    await h.screenshot(ui.page, 'diagnostic-problems');
    const row = rows.find((r) => DIAGNOSTIC_EXPECT.test(r.text) || DIAGNOSTIC_EXPECT.test(r.label));
    assert.ok(row, JSON.stringify(rows));
    assert.ok(squiggles.error + squiggles.warning + squiggles.info >= 1, `squiggles: ${JSON.stringify(squiggles)}`);
    console.log(`# diagnostic: ${row.label || row.text}; squiggles ${JSON.stringify(squiggles)} (${elapsed()})`);
    // The same message in the hover over the squiggle.
    const src = await fsp.readFile(path.join(workspace, BROKEN_FILE), 'utf8');
    const pos = h.findPosition(src, BROKEN_AT);
    const hover = await h.hoverAt(ui.page, BROKEN_FILE, pos.line, pos.column + 1, { pattern: DIAGNOSTIC_EXPECT });
    await h.screenshot(ui.page, 'diagnostic-hover');
    assert.match(hover, DIAGNOSTIC_EXPECT);
    await ui.page.keyboard.press('Escape');
  }));

  test('Caffe: quick fix edits the file', { timeout: TEST_TIMEOUT }, () => step('quickfix', async () => {
    const file = path.join(workspace, BROKEN_FILE);
    await h.openFile(ui.page, BROKEN_FILE);
    const src = await fsp.readFile(file, 'utf8');
    const pos = h.findPosition(src, BROKEN_AT);
    // Wait until the diagnostic is there, or Ctrl+. may offer nothing yet.
    await h.readProblems(ui.page, { pattern: DIAGNOSTIC_EXPECT, timeout: RESULT_TIMEOUT });
    const offered = await h.applyQuickFix(ui.page, BROKEN_FILE, pos.line, pos.column + 1, QUICKFIX_TITLE);
    console.log(`# quick fixes offered: ${JSON.stringify(offered)}`);
    await h.saveActive(ui.page, BROKEN_FILE);
    const after = await h.waitForFile(file, QUICKFIX_RESULT);
    await h.screenshot(ui.page, 'quickfix-applied');
    assert.ok(QUICKFIX_RESULT(after));
    console.log(`# quick fix saved to disk (${elapsed()})`);
  }));
});
