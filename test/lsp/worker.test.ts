/**
 * Analysis off the request loop (issue 11 §4): the real server over LSP with a slow document open
 * (a chain of helpers, each calling the one before twice: seconds of interpretation before the
 * step budget stops it). While it is analysed, requests on other documents are answered from
 * their last analysis, a cancelled request gets RequestCancelled (-32800), and an edit of the slow
 * document stops its analysis and analyses the new text. No timings: only the order of replies
 * and their codes.
 *
 * Expected shapes: examples/official_resnet_stem.py's max pool (see python.test.ts: He et al. 2016
 * Table 1, 3×3/2 SAME on 112 → ⌈112/2⌉ = 56); a 3×3 VALID Conv2D on 32 gives 32 − 3 + 1 = 30
 * (keras/src/ops/operation_utils.py · compute_conv_output_shape). The warm-up test compares the
 * server with itself: a document edited after the idle warm-up runs against the same text opened fresh.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol/node';
import { helperChainPython } from '../../bench/inputs.js';
import { warmUpEdit } from '../../server/src/lsp/worker.js';
import { fileUri, ROOT, TestClient } from './support/harness.js';
import { serverForSuite } from './support/suite.js';

const start = serverForSuite();

const slowText = helperChainPython;

const SMALL = 'from tensorflow.keras import layers, Input\nx = Input((32, 32, 3))\ny = layers.Conv2D(8, 3)(x)\n';
const SLOW = 'file:///tmp/worker-test/slow.py';

function stem(): { uri: string; text: string; line: number } {
  const p = path.join(ROOT, 'examples/official_resnet_stem.py');
  const text = readFileSync(p, 'utf8');
  return { uri: fileUri(p), text, line: text.split('\n').findIndex((l) => l.includes('net = tf.layers.max_pooling2d')) };
}

/** Whether diagnostics for `uri` at `version` have been published. */
function published(c: TestClient, uri: string, version: number): boolean {
  return c.published.some((p) => p.uri === uri && p.version === version);
}

describe('analysis in a worker thread', () => {
  it('answers a hover on another document while the slow one is analysed', async () => {
    const c = await start();
    const other = stem();
    await c.open(other.uri, 'python', other.text);
    await c.waitDiagnostics(other.uri, 1);
    await c.open(SLOW, 'python', slowText());
    let slowAnswered: boolean | number = false;
    const slowHints = c.hints(SLOW).then(
      () => (slowAnswered = true),
      (e: unknown) => (slowAnswered = e instanceof ResponseError ? e.code : true),
    );
    const hover = await c.hover(other.uri, { line: other.line, character: 12 });
    // The hints of the slow document, asked first, are not answered yet: the hover did not wait.
    expect(slowAnswered).toBe(false);
    expect(published(c, SLOW, 1)).toBe(false);
    expect(hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '').toContain('→ `net: (None, 56, 56, 64)`');
    // Closing the slow document stops its analysis; the request for it ends with ContentModified.
    await c.close(SLOW);
    expect(await slowHints).toBe(-32801);
    expect(c.errors).toEqual([]);
  });

  it('answers a cancelled request on the slow document with RequestCancelled before its analysis ends', async () => {
    const c = await start();
    await c.open(SLOW, 'python', slowText());
    const source = new CancellationTokenSource();
    const request = c.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: SLOW }, range: c.wholeRange(SLOW) }, source.token);
    setTimeout(() => source.cancel(), 20);
    const error = await request.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<unknown>).code).toBe(-32800);
    expect(published(c, SLOW, 1)).toBe(false);
    expect(c.errors).toEqual([]);
  });

  it('stops the slow analysis on an edit and analyses the new text; the old text is never published', async () => {
    const c = await start();
    await c.open(SLOW, 'python', slowText());
    const stale = c.hints(SLOW).then(
      () => 0,
      (e: unknown) => (e instanceof ResponseError ? e.code : -1),
    );
    const version = await c.change(SLOW, SMALL);
    // The request for the old text ends with ContentModified (-32801): its text is gone.
    expect(await stale).toBe(-32801);
    expect((await c.hints(SLOW))!.map((h) => h.label)).toEqual(['→ (None, 32, 32, 3)', '→ (None, 30, 30, 8)']);
    await c.waitDiagnostics(SLOW, version);
    expect(c.published.filter((p) => p.uri === SLOW).map((p) => p.version)).toEqual([version]);
    expect(c.errors).toEqual([]);
  });

  it('warms up on edited copies of the first Python document, leaving its own analysis as it was', async () => {
    const c = await start();
    const { uri, text } = stem();
    await c.open(uri, 'python', text);
    const before = (await c.hints(uri))!.map((h) => [h.position, h.label]);
    // Idle: the warm-up runs (after 50 ms of quiet, each a few ms on this file) edit copies of the text.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await c.hints(uri))!.map((h) => [h.position, h.label])).toEqual(before);
    const edited = text.replace('conv2d_fixed_padding(images, 64,', 'conv2d_fixed_padding(images, 48,');
    expect(edited).not.toBe(text);
    await c.change(uri, edited);
    const after = (await c.hints(uri))!.map((h) => [h.position, h.label]);
    const fresh = 'file:///tmp/worker-test/fresh_stem.py';
    await c.open(fresh, 'python', edited);
    expect(after).toEqual((await c.hints(fresh))!.map((h) => [h.position, h.label]));
    expect(after).not.toEqual(before);
    expect(c.errors).toEqual([]);
  });
});

describe('warmUpEdit', () => {
  it('changes the first digit past a quarter, the middle or three quarters of the text, in turn', () => {
    const text = 'a1b2c3d4e5f6g7h8';
    expect([0, 1, 2, 3].map((k) => warmUpEdit(text, k))).toEqual(['a1b2c4d4e5f6g7h8', 'a1b2c3d4e6f6g7h8', 'a1b2c3d4e5f6g8h8', 'a1b2c4d4e5f6g7h8']);
    expect(warmUpEdit('x = 9', 0)).toBe('x = 0');
    expect(warmUpEdit('abc', 1)).toBe('abc');
  });
});
