/**
 * The server's inlay hints (kept JSON texts of the hints an edit left alone, joined in the worker,
 * written by the transport as they are: convert.ts · HintIndex.jsonInRange, transport.ts · RawJson)
 * against the plain object path (a fresh analysis of the same text in process, `inlayHints` of a
 * fresh index), over random edits and random ranges, with tooltips resolved, settings changed
 * midway, and a notebook's cells (an edited server against one that opens each text afresh). No
 * shape is asserted here: the object path is the reference.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InlayHint, Range } from 'vscode-languageserver-protocol';
import { createMessageConnection, IPCMessageReader, IPCMessageWriter } from 'vscode-languageserver-protocol/node';
import { resnetBlocksPython } from '../../bench/inputs.js';
import { analyzeText } from '../../server/src/analyzer/analyze.js';
import { shapeFormat } from '../../server/src/analysis/format.js';
import type { Language } from '../../server/src/analysis/types.js';
import { hintTooltipMarkup, inlayHints } from '../../server/src/lsp/convert.js';
import { loadLanguages, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { CORPUS, fileUri, lspPosition, rng, serverUnderTest, type TestClient } from './support/harness.js';
import { serverForSuite } from './support/suite.js';

const startClient = serverForSuite();
let grammars: Awaited<ReturnType<typeof loadLanguages>>;
beforeAll(async () => {
  grammars = await loadLanguages(sourceGrammarFiles(process.cwd()));
});

/** The settings the test switches between (package.json's `shapelens.*`). */
const SETTINGS = [
  { inlayHints: { showParams: false }, shapeFormat: 'tuple' },
  { inlayHints: { showParams: true }, shapeFormat: 'cross' },
] as const;

/**
 * A one-character edit at a random place (in `focus` 40% of the time, when the text has it): a digit
 * changed, a character deleted, a `#` or a newline inserted.
 */
function randomEdit(text: string, random: () => number, focus?: string): { start: number; end: number; text: string } {
  const inFocus = focus === undefined ? -1 : text.indexOf(focus);
  const at = inFocus >= 0 && random() < 0.4 ? inFocus + Math.floor(random() * focus!.length) : Math.floor(random() * text.length);
  const kind = Math.floor(random() * 4);
  if (kind === 0) {
    const digit = text.slice(at).search(/\d/);
    if (digit >= 0) return { start: at + digit, end: at + digit + 1, text: String(Math.floor(random() * 10)) };
  }
  if (kind === 1) return { start: at, end: at + 1, text: '' };
  return { start: at, end: at, text: kind === 2 ? '#' : '\n' };
}

function randomRange(text: string, random: () => number): Range {
  const lines = text.split('\n').length;
  if (random() < 0.3) return { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } };
  const a = Math.floor(random() * lines);
  return { start: { line: a, character: Math.floor(random() * 20) }, end: { line: a + Math.floor(random() * 80), character: Math.floor(random() * 40) } };
}

async function compareOverEdits(language: Language, uri: string, original: string, seed: number, edits: number, focus?: string): Promise<void> {
  let settings: (typeof SETTINGS)[number] = SETTINGS[0];
  const c: TestClient = await startClient({ resolveTooltips: true, configuration: () => settings });
  await c.open(uri, language, original);
  const random = rng(seed);
  for (let step = 0; step < edits; step++) {
    if (step === Math.floor(edits / 2)) {
      settings = SETTINGS[1];
      await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await new Promise((r) => setTimeout(r, 200));
    }
    // Back to the original now and then: rows the analysis left alone come back as they were.
    if (step % 5 === 4) await c.change(uri, original);
    else await c.edit(uri, [randomEdit(c.text(uri), random, focus)]);
    const text = c.text(uri);
    const range = randomRange(text, random);
    const got = (await c.hints(uri, range))!;
    const result = analyzeText(grammars, language, text);
    const options = { format: shapeFormat(language, settings.shapeFormat), showParams: settings.inlayHints.showParams };
    // The lazy data is the document's revision: one number, the same on every hint.
    const data = got[0]?.data as number | undefined;
    expect(got, `step ${step}`).toEqual(inlayHints(result, range, options, data));
    const hint = got[Math.floor(random() * got.length)];
    if (hint) {
      const resolved = await c.connection.sendRequest<InlayHint>('inlayHint/resolve', hint);
      expect(resolved.tooltip, `step ${step}`).toEqual(hintTooltipMarkup(result, hint.position, options));
    }
  }
  expect(c.errors).toEqual([]);
}

describe('hints through the server equal the object path', () => {
  it('Python: random edits, ranges, resolve and a settings change', async () => {
    // A helper called twice (one hint joining its calls' shapes) and a model (its total params at `Model(`).
    const helper = "def block(t, n):\n    t = layers.Conv2D(n, 3, padding='same')(t)\n    return layers.Dense(n)(t)\n\nz = block(x, 8)\nz = block(z, 16)\nmodel = keras.Model(inputs, z)\n";
    await compareOverEdits('python', fileUri(path.join(CORPUS, '..', 'hint-path.py')), `${resnetBlocksPython(120)}\n${helper}`, 12, 40, helper);
  }, 120_000);

  it('prototxt: random edits, ranges, resolve and a settings change', async () => {
    const file = path.join(CORPUS, 'resnet50.prototxt');
    await compareOverEdits('prototxt', fileUri(file), readFileSync(file, 'utf8'), 7, 30);
  }, 120_000);

  it('over Node IPC (as VS Code starts the server), where process.send stringifies the message itself (RawJson.toJSON)', async () => {
    const file = path.join(CORPUS, 'resnet50.prototxt');
    const text = readFileSync(file, 'utf8');
    const child = spawn(process.execPath, [await serverUnderTest(), '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    connection.listen();
    try {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fileUri(file), languageId: 'prototxt', version: 1, text } });
      const range = { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } };
      const hints = await connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: fileUri(file) }, range });
      expect(hints.length).toBeGreaterThan(100);
      expect(hints).toEqual(inlayHints(analyzeText(grammars, 'prototxt', text), range, { format: shapeFormat('prototxt', 'tuple'), showParams: false }));
      await connection.sendRequest('shutdown');
    } finally {
      connection.dispose();
      child.kill();
    }
  }, 60_000);

  it("a notebook's cells: an edited server answers what a server opening each text afresh does", async () => {
    const notebook = 'file:///work/nb/hints.ipynb';
    const cellUri = (k: number) => `vscode-notebook-cell:/work/nb/hints.ipynb#c${k}`;
    const lines = resnetBlocksPython(60).split('\n');
    const cells = [lines.slice(0, 4), lines.slice(4, 11), lines.slice(11, 30), lines.slice(30)].map((l) => l.join('\n'));
    const open = (c: TestClient, texts: readonly string[], version: number) =>
      c.connection.sendNotification('notebookDocument/didOpen', {
        notebookDocument: { uri: notebook, notebookType: 'jupyter-notebook', version, cells: texts.map((_, k) => ({ kind: 2, document: cellUri(k) })) },
        cellTextDocuments: texts.map((text, k) => ({ uri: cellUri(k), languageId: 'python', version: 1, text })),
      });
    const edited = await startClient();
    const fresh = await startClient();
    await open(edited, cells, 0);
    const texts = [...cells];
    const random = rng(5);
    for (let step = 0; step < 20; step++) {
      const k = Math.floor(random() * texts.length);
      const before = texts[k]!;
      const e = randomEdit(before, random);
      texts[k] = before.slice(0, e.start) + e.text + before.slice(e.end);
      await edited.connection.sendNotification('notebookDocument/didChange', {
        notebookDocument: { uri: notebook, version: step + 1 },
        change: { cells: { textContent: [{ document: { uri: cellUri(k), version: step + 2 }, changes: [{ range: { start: lspPosition(before, e.start), end: lspPosition(before, e.end) }, text: e.text }] }] } },
      });
      await open(fresh, texts, step + 1);
      for (let j = 0; j < texts.length; j++) {
        const range = randomRange(texts[j]!, random);
        const hints = (c: TestClient) => c.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: cellUri(j) }, range });
        expect(await hints(edited), `step ${step}, cell ${j}`).toEqual(await hints(fresh));
      }
      await fresh.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: notebook }, cellTextDocuments: texts.map((_, j) => ({ uri: cellUri(j) })) });
    }
    expect([...edited.errors, ...fresh.errors]).toEqual([]);
  }, 120_000);
});
