/**
 * Fuzz over LSP: ~2000 random edits (insertions of garbage and syntax, deletions, truncations,
 * number changes, duplicated slices) over corpus files, sent alternately as whole texts and as
 * replaced ranges, each followed by a request (hints, hover, code actions, summary), some
 * cancelled straight away; the pieces inserted include syntax breakers and every line end (`\r`
 * alone too). Every request must be answered, the server must stay up with nothing in its error
 * log (incremental parses are cross-checked against fresh ones there), no hint may sit past the
 * end of its line (LSP's line ends: `\n`, `\r\n`, `\r`), and after restoring a file its hints and
 * diagnostics must equal those of the first open, a fresh analysis (issue 11, "Done when").
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol/node';
import { CORPUS, ROOT, rng, spanBetween, startCheckedClient, type TestClient } from './support/harness.js';

const FILES = ['alexnet.prototxt', 'lenet_train_test.prototxt', 'cifar10_quick.prototxt', 'squeezenet_v1.1.prototxt', 'googlenet.prototxt', 'resnet50.prototxt'];
const PIECES = ['{', '}', '<', '>', '[', ']', ':', '"', "'", '#', '\n', ' ', '\t', '-', '0', '1e9', '-3', 'layer {', 'name: "x"', 'top: "data"', 'bottom: "nowhere"', 'kernel_size: 0', 'pad: 99', 'stride: 0', 'num_output: -1', 'type: "Convolution"', 'type: "Eltwise"', 'é', '🙂', '\u0000', '\uffff', '\r\n', '\r', 'dim: 1 dim: 3', 'input: "data"', 'V1LayerParameter'];

let client: TestClient;

/** Hints past the end of their line in `text`, as `line:character` (none expected). */
function pastLineEnd(text: string, hints: unknown): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const list = Array.isArray(hints) ? (hints as { position: { line: number; character: number } }[]) : [];
  return list.filter((h) => h.position.character > (lines[h.position.line]?.length ?? -1)).map((h) => `${h.position.line}:${h.position.character}`);
}

/** The diagnostics published for `uri` at its current version, without what varies by run. */
async function diagnosticsNow(uri: string): Promise<string> {
  return JSON.stringify((await client.waitDiagnostics(uri)).diagnostics);
}

beforeAll(async () => {
  client = await startCheckedClient();
}, 60_000);

afterAll(async () => {
  await client?.stop();
});

function mutate(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  const r = random();
  if (r < 0.35) return text.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + text.slice(at);
  if (r < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 40));
  if (r < 0.7) return text.slice(0, at);
  if (r < 0.85) return text.replace(/\d+/g, (m) => (random() < 0.05 ? String(Math.floor(random() * 1000) - 10) : m));
  const len = Math.floor(random() * 400);
  return text.slice(0, at) + text.slice(at, at + len) + text.slice(at);
}

function acceptable(e: unknown): boolean {
  // A cancelled request, or one overtaken by a newer edit, is answered with these codes.
  return e instanceof ResponseError && (e.code === -32800 || e.code === -32801);
}

describe('fuzz over LSP', () => {
  it('answers every request through 2000 random edits and stays correct', async () => {
    const random = rng(20240611);
    let answered = 0;
    let steps = 0;
    for (const [i, file] of FILES.entries()) {
      const original = readFileSync(path.join(CORPUS, file), 'utf8');
      const uri = `file:///fuzz/${i}/${file}`;
      await client.open(uri, 'prototxt', original);
      const initial = await client.hints(uri);
      const initialDiagnostics = await diagnosticsNow(uri);
      let text = original;
      const budget = file === 'resnet50.prototxt' || file === 'googlenet.prototxt' ? 200 : 400;
      for (let k = 0; k < budget; k++, steps++) {
        text = random() < 0.04 ? original : mutate(text, random);
        if (text.length > 400_000) text = original;
        // Every other edit is sent as the replaced range (incremental sync), the rest as whole texts.
        if (k % 2 === 0) await client.edit(uri, [spanBetween(client.text(uri), text)]);
        else await client.change(uri, text);
        expect(client.text(uri)).toBe(text);
        if (random() < 0.2) continue; // bursts of edits with no request between them
        const line = Math.floor(random() * (text.split('\n').length + 1));
        const pos = { line, character: Math.floor(random() * 30) };
        const range = { start: pos, end: { line: line + Math.floor(random() * 50), character: 0 } };
        const cancel = new CancellationTokenSource();
        const which = Math.floor(random() * 4);
        const request =
          which === 0
            ? client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: client.wholeRange(uri) }, cancel.token)
            : which === 1
              ? client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: pos }, cancel.token)
              : which === 2
                ? client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }, cancel.token)
                : client.connection.sendRequest('shapelens/summary', { textDocument: { uri } }, cancel.token);
        if (random() < 0.1) cancel.cancel();
        try {
          const result = await request;
          if (which === 0 || which === 2) expect(Array.isArray(result)).toBe(true);
          if (which === 0) expect(pastLineEnd(text, result), `${file} step ${k}`).toEqual([]);
          answered++;
        } catch (e) {
          if (!acceptable(e)) throw e;
          answered++;
        }
        if (!client.alive) throw new Error(`server died at step ${steps}`);
      }
      await client.change(uri, original);
      const restored = await client.hints(uri);
      if (JSON.stringify(restored) !== JSON.stringify(initial)) expect.fail(`${file}: hints after restoring differ from the first open (${restored?.length} vs ${initial?.length}); server log:\n${client.errors.join('\n').slice(0, 3000)}`);
      expect(await diagnosticsNow(uri), `${file}: diagnostics after restoring`).toBe(initialDiagnostics);
      await client.close(uri);
    }
    expect(steps).toBe(2000);
    expect(answered).toBeGreaterThan(1400);
    expect(client.errors.join('\n').slice(0, 3000)).toBe('');
    expect(client.alive).toBe(true);
  }, 600_000);

  it('answers every request through 600 random edits of Python', async () => {
    const random = rng(4242);
    const pieces = ['(', ')', '[', ']', ':', ',', '\n', '\r', '\r\n', '\u0000', '    ', 'def f(x):', 'return', 'layers.Conv2D(', 'padding="same"', 'strides=0', 'kernel_size=-1', '=', '"', "'''", '#', 'é', '🙂', 'lambda', 'for i in range(10**9):', 'while True:', 'x = x(x)', '*', '**'];
    for (const file of ['official_resnet_stem.py', 'deconv_seed.py']) {
      const original = readFileSync(path.join(ROOT, 'examples', file), 'utf8');
      const uri = `file:///fuzz/py/${file}`;
      await client.open(uri, 'python', original);
      const initial = await client.hints(uri);
      const initialDiagnostics = await diagnosticsNow(uri);
      let text = original;
      for (let k = 0; k < 300; k++) {
        const at = Math.floor(random() * (text.length + 1));
        const r = random();
        text =
          r < 0.04
            ? original
            : r < 0.5
              ? text.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + text.slice(at)
              : r < 0.8
                ? text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 20))
                : r < 0.85
                  ? text.slice(0, at)
                  : text.slice(0, at) + text.slice(at, at + Math.floor(random() * 300)) + text.slice(at);
        if (text.length > 100_000) text = original;
        if (k % 2 === 0) await client.edit(uri, [spanBetween(client.text(uri), text)]);
        else await client.change(uri, text);
        const line = Math.floor(random() * (text.split('\n').length + 1));
        const which = k % 3;
        const result =
          which === 0
            ? await client.hints(uri)
            : which === 1
              ? await client.hover(uri, { line, character: Math.floor(random() * 40) })
              : await client.codeActions(uri, { start: { line, character: 0 }, end: { line: line + 5, character: 0 } });
        if (which !== 1) expect(Array.isArray(result)).toBe(true);
        if (which === 0) expect(pastLineEnd(text, result), `${file} step ${k}`).toEqual([]);
        if (!client.alive) throw new Error(`server died at ${file} step ${k}`);
      }
      await client.change(uri, original);
      const restored = await client.hints(uri);
      if (JSON.stringify(restored) !== JSON.stringify(initial)) expect.fail(`${file}: hints after restoring differ from the first open`);
      expect(await diagnosticsNow(uri), `${file}: diagnostics after restoring`).toBe(initialDiagnostics);
      await client.close(uri);
    }
    expect(client.errors.join('\n').slice(0, 3000)).toBe('');
  }, 600_000);
});
