/**
 * Protocol tests of the server plumbing over the stand-in analyzer (support/fake-server.ts):
 * capabilities, settings (init options, pull, change), hints with shared anchors, diagnostics and
 * code actions, analyzer crashes, incremental re-parsing.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol/node';
import { applyEdits, CORPUS, fakeServer, fileUri, lspPosition, rng, TestClient } from './support/harness.js';

let serverPath: string;
const clients: TestClient[] = [];

async function start(options: Parameters<typeof TestClient.start>[1] = {}): Promise<TestClient> {
  const c = await TestClient.start(serverPath, options);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  serverPath = await fakeServer();
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.stop()));
});

const alexnet = readFileSync(path.join(CORPUS, 'alexnet.prototxt'), 'utf8');
const alexUri = fileUri(path.join(CORPUS, 'alexnet.prototxt'));

const badNet = `name: "bad"
layer {
  name: "data"
  type: "Input"
  top: "data"
}
layer {
  name: "r"
  type: "Bad"
  bottom: "data"
  top: "r"
}
`;

describe('server plumbing (stand-in analyzer)', () => {
  it('announces its capabilities', async () => {
    const c = await start();
    const caps = c.initializeResult!.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(caps.hoverProvider).toBe(true);
    expect(caps.inlayHintProvider).toBeTruthy();
    expect(caps.codeActionProvider).toMatchObject({ codeActionKinds: ['quickfix', 'refactor.rewrite'] });
    expect(caps.executeCommandProvider?.commands).toContain('shapelens.summary');
  });

  it('puts one hint per layer at its anchor', async () => {
    const c = await start();
    await c.open(alexUri, 'prototxt', alexnet);
    const hints = (await c.hints(alexUri))!;
    const layerCount = alexnet.split('\n').filter((l) => /^layer \{/.test(l)).length;
    expect(hints).toHaveLength(layerCount);
    const conv1Line = alexnet.split('\n').findIndex((l, i, all) => l === 'layer {' && all[i + 1]!.includes('"conv1"'));
    const conv1 = hints.find((h) => h.position.line === conv1Line)!;
    expect(conv1.label).toBe('→ (1, 96, 8, 8)');
    expect(conv1.position.character).toBe('layer {'.length);
    expect(conv1.kind).toBe(1);
    expect(JSON.stringify(conv1.tooltip)).toContain('conv1');
    // A range covering only the conv1 line returns only its hint.
    const only = (await c.hints(alexUri, { start: { line: conv1Line, character: 0 }, end: { line: conv1Line, character: 100 } }))!;
    expect(only.map((h) => h.label)).toEqual(['→ (1, 96, 8, 8)']);
  });

  it('hints a document closed and opened again with other text from the new text', async () => {
    const c = await start();
    await c.open(alexUri, 'prototxt', alexnet);
    expect((await c.hints(alexUri))!.map((h) => h.label)).toContain('→ (1, 96, 8, 8)');
    await c.close(alexUri);
    await c.open(alexUri, 'prototxt', alexnet.replace('num_output: 96', 'num_output: 97'));
    const labels = (await c.hints(alexUri))!.map((h) => h.label);
    expect(labels).toContain('→ (1, 97, 8, 8)');
    expect(labels).not.toContain('→ (1, 96, 8, 8)');
  });

  it('leaves tooltips to inlayHint/resolve when the client can resolve them', async () => {
    const c = await start({ resolveTooltips: true });
    expect(c.initializeResult!.capabilities.inlayHintProvider).toEqual({ resolveProvider: true });
    await c.open(alexUri, 'prototxt', alexnet);
    const hints = (await c.hints(alexUri))!;
    const conv1 = hints.find((h) => h.label === '→ (1, 96, 8, 8)')!;
    expect(conv1.tooltip).toBeUndefined();
    const resolved = await c.connection.sendRequest<typeof conv1>('inlayHint/resolve', conv1);
    expect(JSON.stringify(resolved.tooltip)).toContain('**conv1** · `Convolution`');
    // A hint of another open document resolves to that document's layers.
    const otherUri = 'file:///tmp/other.prototxt';
    await c.open(otherUri, 'prototxt', alexnet.replace('name: "conv1"', 'name: "first"'));
    const other = (await c.hints(otherUri))!.find((h) => h.label === '→ (1, 96, 8, 8)')!;
    expect(JSON.stringify((await c.connection.sendRequest<typeof other>('inlayHint/resolve', other)).tooltip)).toContain('**first** · `Convolution`');
    expect(JSON.stringify((await c.connection.sendRequest<typeof conv1>('inlayHint/resolve', conv1)).tooltip)).toContain('**conv1** · `Convolution`');
    // After an edit the old hint no longer resolves (its layers may have moved).
    await c.change(alexUri, `# moved\n${alexnet}`);
    expect((await c.connection.sendRequest<typeof conv1>('inlayHint/resolve', conv1)).tooltip).toBeUndefined();
    expect(await c.connection.sendRequest('inlayHint/resolve', { position: { line: 0, character: 0 }, label: 'x', data: 'junk' })).toMatchObject({ label: 'x' });
  });

  it('reads settings from initializationOptions', async () => {
    const c = await start({ settings: { shapeFormat: 'cross', inlayHints: { showParams: true } } });
    await c.open(alexUri, 'prototxt', alexnet);
    const labels = (await c.hints(alexUri))!.map((h) => h.label);
    expect(labels).toContain('→ 1×96×8×8 · 960 params');
  });

  it('pulls settings with workspace/configuration and re-analyses when they change', async () => {
    let settings: unknown = { prototxt: { defaultInputs: { data: [4, 3, 227, 227], conv1: [9, 9] } } };
    const c = await start({ configuration: () => settings });
    const uri = 'file:///tmp/lmdb.prototxt';
    await c.open(uri, 'prototxt', 'layer {\n  name: "data"\n  type: "Data"\n  top: "data"\n}\nlayer {\n  name: "conv1"\n  type: "Convolution"\n  top: "conv1"\n}\n');
    await new Promise((r) => setTimeout(r, 100));
    // The unstated `data` input takes the default; the stated `conv1` output does not.
    expect((await c.hints(uri))!.map((h) => h.label)).toEqual(['→ (4, 3, 227, 227)', '→ (1, 3, 8, 8)']);
    settings = { 'prototxt.defaultInputs': { data: [2, 1, 28, 28] }, 'inlayHints.prototxt': true };
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 100));
    expect((await c.hints(uri))!.map((h) => h.label)).toContain('→ (2, 1, 28, 28)');
    settings = { inlayHints: { prototxt: false } };
    await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(await c.hints(uri)).toEqual([]);
  });

  it("reads each document's settings from its workspace folder (scopeUri)", async () => {
    const data = (shape: number[]) => ({ prototxt: { defaultInputs: { data: shape } } });
    const c = await start({ configuration: (scopeUri) => (scopeUri?.includes('/a/') ? data([4, 3, 227, 227]) : scopeUri?.includes('/b/') ? data([2, 1, 28, 28]) : {}) });
    const text = 'layer {\n  name: "data"\n  type: "Data"\n  top: "data"\n}\n';
    await c.open('file:///ws/a/net.prototxt', 'prototxt', text);
    await c.open('file:///ws/b/net.prototxt', 'prototxt', text);
    await c.open('file:///ws/c/net.prototxt', 'prototxt', text);
    await new Promise((r) => setTimeout(r, 100));
    expect((await c.hints('file:///ws/a/net.prototxt'))!.map((h) => h.label)).toEqual(['→ (4, 3, 227, 227)']);
    expect((await c.hints('file:///ws/b/net.prototxt'))!.map((h) => h.label)).toEqual(['→ (2, 1, 28, 28)']);
    expect((await c.hints('file:///ws/c/net.prototxt'))!.map((h) => h.label)).toEqual(['→ ?']);
  });

  it('ignores malformed settings value by value', async () => {
    const c = await start({ settings: { shapeFormat: 42, inlayHints: 'yes', prototxt: { defaultInputs: { data: [1, -3] } } } });
    await c.open(alexUri, 'prototxt', alexnet);
    expect((await c.hints(alexUri))!.map((h) => h.label)).toContain('→ (1, 96, 8, 8)');
  });

  it('pushes diagnostics with code, severity and related information, and offers their fixes', async () => {
    const c = await start();
    const uri = 'file:///tmp/bad.prototxt';
    await c.open(uri, 'prototxt', badNet);
    const published = await c.waitDiagnostics(uri, 1);
    expect(published.diagnostics).toHaveLength(1);
    const d = published.diagnostics[0]!;
    expect(d).toMatchObject({ code: 'bad-type', severity: 1, source: 'shapelens', range: { start: { line: 8, character: 8 }, end: { line: 8, character: 13 } } });
    expect(d.relatedInformation?.[0]?.location).toMatchObject({ uri, range: { start: { line: 6, character: 0 } } });

    const actions = (await c.codeActions(uri, { start: { line: 8, character: 10 }, end: { line: 8, character: 10 } }))!;
    expect(actions.map((a) => [a.title, a.kind])).toEqual([
      ['Change the type to "ReLU"', 'quickfix'],
      ['Delete the layer', 'refactor.rewrite'],
    ]);
    expect(actions[0]!.isPreferred).toBe(true);
    expect(actions[0]!.diagnostics?.[0]?.code).toBe('bad-type');
    expect(await c.codeActions(uri, { start: { line: 8, character: 10 }, end: { line: 8, character: 10 } }, ['refactor'])).toHaveLength(1);
    expect(await c.codeActions(uri, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } })).toEqual([]);

    // Apply the quick fix: the diagnostic goes away.
    const edits = actions[0]!.edit!.changes![uri]!;
    const version = await c.change(uri, applyEdits(c.text(uri), edits));
    expect(c.text(uri)).toContain('type: "ReLU"');
    expect((await c.waitDiagnostics(uri, version)).diagnostics).toEqual([]);
  });

  it('survives an analyzer that throws: empty answers, an error in the log, then recovers', async () => {
    const c = await start();
    const uri = 'file:///tmp/crash.prototxt';
    await c.open(uri, 'prototxt', `crash_analyzer: 1\n${alexnet}`);
    expect(await c.hints(uri)).toEqual([]);
    expect(await c.hover(uri, { line: 3, character: 2 })).toBeNull();
    expect(await c.codeActions(uri, c.wholeRange(uri))).toEqual([]);
    expect(c.errors.some((e) => e.includes('stand-in analyzer crash'))).toBe(true);
    await c.change(uri, alexnet);
    expect((await c.hints(uri))!.length).toBeGreaterThan(5);
    expect(c.alive).toBe(true);
  });

  it('answers every document again after the analysis worker dies, from a new worker', async () => {
    const c = await start();
    const uri = 'file:///tmp/before-exit.prototxt';
    await c.open(uri, 'prototxt', alexnet);
    // Where each hint is and what it says (its data names the document's revision).
    const shown = async (u: string) => (await c.hints(u))?.map((h) => [h.position, h.label]);
    const hints = await shown(uri);
    expect(hints!.length).toBeGreaterThan(5);
    // The worker kept that document's result; its thread ends while it analyses another one.
    const dying = 'file:///tmp/exit.prototxt';
    await c.open(dying, 'prototxt', `exit_worker: 1\n${alexnet}`);
    expect(await c.hints(dying)).toEqual([]);
    expect(c.errors.some((e) => e.includes('the analysis worker exited'))).toBe(true);
    expect(await shown(uri)).toEqual(hints);
    await c.change(dying, alexnet);
    expect(await shown(dying)).toEqual(hints);
    expect(c.alive).toBe(true);
  });

  it('analyses a changed document before any request asks for it', async () => {
    // Diagnostics wait 10 s here, so only the analysis on change can run the crashing analyzer.
    const c = await start({ settings: { diagnosticsDelay: 10_000 } });
    const uri = 'file:///tmp/eager.prototxt';
    await c.open(uri, 'prototxt', alexnet);
    await c.hints(uri);
    await c.change(uri, `crash_analyzer: 1\n${alexnet}`);
    for (let i = 0; i < 100 && !c.errors.some((e) => e.includes('stand-in analyzer crash')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(c.errors.some((e) => e.includes('stand-in analyzer crash'))).toBe(true);
  });

  it('analyses changes that arrive together once, at the latest text', async () => {
    const c = await start();
    // The first document of a language gets the idle warm-up runs; this test counts another's.
    await c.open(alexUri, 'prototxt', alexnet);
    await c.hints(alexUri);
    const uri = 'file:///tmp/burst.prototxt';
    let text = `count_analyses: 1\n${alexnet}`;
    await c.open(uri, 'prototxt', text);
    const count = async (): Promise<number> => Number(/analysis_(\d+)/.exec((await c.summary(uri))?.text ?? '')?.[1]);
    const before = await count();
    // Five changes in one write, as a busy server finds them queued.
    const frames = [1, 2, 3, 4, 5].map((k) => {
      const at = lspPosition(text, text.length);
      text += `# ${k}\n`;
      const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 1 + k }, contentChanges: [{ range: { start: at, end: at }, text: `# ${k}\n` }] } });
      return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    });
    c.process.stdin!.write(frames.join(''));
    expect(await count()).toBe(before + 1);
    expect(c.errors).toEqual([]);
  });

  it('survives an analyzer that leaks tree cursors', async () => {
    const c = await start({ nodeArgs: ['--expose-gc'] });
    const uri = 'file:///tmp/leak.prototxt';
    await c.open(uri, 'prototxt', `leak_cursors: 1\n${alexnet}`);
    const first = await c.hints(uri);
    for (let i = 0; i < 40; i++) {
      await c.change(uri, `leak_cursors: ${i}\n${alexnet.replace('num_output: 96', `num_output: ${96 + i}`)}`);
      const hints = (await c.hints(uri))!;
      expect(hints.map((h) => h.label)).toContain(`→ (1, ${96 + i}, 8, 8)`);
      // Let finalizers, if any, run between edits.
      await new Promise((r) => setTimeout(r, 20));
    }
    await c.change(uri, `leak_cursors: 1\n${alexnet}`);
    expect(await c.hints(uri)).toEqual(first);
    expect(c.errors.join('\n').slice(0, 3000)).toBe('');
  });

  it('joins the distinct shapes of a helper called several times into one hint', async () => {
    const c = await start();
    const uri = 'file:///tmp/helper.py';
    const text = ['def block(x):', '    return layers.Conv2D(64, 3)(x)', '', 'y = block(a)', 'z = block(y)', 'w = block(z)', ''].join('\n');
    await c.open(uri, 'python', text);
    const hints = (await c.hints(uri))!;
    expect(hints).toHaveLength(1);
    expect(hints[0]!.label).toBe('→ (None, 8, 8, 64) | (None, 16, 16, 64) | (None, 24, 24, 64)');
    expect(hints[0]!.position).toEqual({ line: 1, character: 31 });
    const hover = (await c.hover(uri, { line: 1, character: 15 }))!;
    const md = (hover.contents as { value: string }).value;
    expect(md).toContain('built 3 times');
    expect(md).toContain('(None, 16, 16, 3) → (None, 8, 8, 64)');
  });

  it('answers a request cancelled before its analysis with RequestCancelled', async () => {
    const c = await start();
    const uri = 'file:///tmp/cancel.prototxt';
    await c.open(uri, 'prototxt', alexnet);
    let cancelled = 0;
    for (let i = 0; i < 10; i++) {
      await c.change(uri, alexnet.replace('num_output: 96', `num_output: ${10 + i}`));
      const source = new CancellationTokenSource();
      const pending = c.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: c.wholeRange(uri) }, source.token);
      source.cancel();
      try {
        await pending;
      } catch (e) {
        expect(e).toBeInstanceOf(ResponseError);
        expect((e as ResponseError<unknown>).code).toBe(-32800);
        cancelled++;
      }
    }
    expect(cancelled).toBeGreaterThan(0);
    // The work was not lost: the next request answers.
    expect((await c.hints(uri))!.map((h) => h.label)).toContain('→ (1, 19, 8, 8)');
  });

  it('skips documents too large to be a model, with a note, and analyses them again once smaller', async () => {
    const c = await start();
    const uri = 'file:///tmp/huge.prototxt';
    const huge = alexnet + `# ${'x'.repeat(8_100_000)}\n`;
    await c.open(uri, 'prototxt', huge);
    expect(await c.hints(uri)).toEqual([]);
    expect((await c.waitDiagnostics(uri, 1)).diagnostics.map((d) => [d.code, d.severity])).toEqual([['file-too-large', 3]]);
    await c.change(uri, alexnet);
    expect((await c.hints(uri))!.length).toBeGreaterThan(5);
  });

  it('answers for unknown documents and languages without errors', async () => {
    const c = await start();
    expect(await c.hints('file:///nowhere.prototxt')).toEqual([]);
    expect(await c.hover('file:///nowhere.prototxt', { line: 0, character: 0 })).toBeNull();
    await c.open('file:///tmp/notes.txt', 'plaintext', 'layer { name: "x" }');
    expect(await c.hints('file:///tmp/notes.txt')).toEqual([]);
    expect(await c.summary('file:///tmp/notes.txt')).toBeNull();
    // A .pbtxt opened as plain text is still read as prototxt.
    await c.open('file:///tmp/net.pbtxt', 'plaintext', 'layer {\n  name: "x"\n}\n');
    expect((await c.hints('file:///tmp/net.pbtxt'))!.map((h) => h.label)).toEqual(['→ (1, 3, 8, 8)']);
    expect(c.errors.join('\n').slice(0, 3000)).toBe('');
  });

  it('re-parses incrementally: after many edits the answers equal a fresh open', async () => {
    const c = await start();
    const uri = 'file:///tmp/inc.prototxt';
    await c.open(uri, 'prototxt', alexnet);
    let text = alexnet;
    const steps: [string, string][] = [
      ['num_output: 96', 'num_output: 97'],
      ['num_output: 97', 'num_output: 9'],
      ['name: "conv2"', 'name: "conv2"\n  # a comment with ünïcödé 🙂'],
      ['layer {\n  name: "relu1"', 'layer {\n  name: "relu1"\n  extra { a: 1 '],
      ['  extra { a: 1 ', ''],
      ['num_output: 256', 'num_output: 25🙂6'],
      ['🙂', ''],
    ];
    for (const [from, to] of steps) {
      text = text.replace(from, to);
      await c.change(uri, text);
      const incremental = await c.hints(uri);
      const fresh = await start();
      await fresh.open(uri, 'prototxt', text);
      expect(incremental).toEqual(await fresh.hints(uri));
      await fresh.stop();
    }
    expect(c.errors.join('\n').slice(0, 3000)).toBe('');
  });

  it('applies incremental changes (ranges, several per notification, CRLF, surrogate pairs) exactly', async () => {
    const c = await start();
    const uri = 'file:///tmp/ranges.prototxt';
    await c.open(uri, 'prototxt', alexnet);
    const random = rng(77);
    const pieces = ['{', '}', ':', '"', '\n', '\r\n', '\r', ' ', '# é 🙂\n', '7', 'layer {\n  name: "x"\n}\n', 'num_output: 5', ''];
    // An offset an editor could address: not inside a \r\n pair.
    const offset = (text: string, at: number): number => (text[at - 1] === '\r' && text[at] === '\n' ? at - 1 : at);
    for (let step = 0; step < 60; step++) {
      const spans: { start: number; end: number; text: string }[] = [];
      let text = c.text(uri);
      for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
        const start = offset(text, Math.floor(random() * (text.length + 1)));
        const end = offset(text, Math.min(text.length, start + Math.floor(random() * 30)));
        const piece = pieces[Math.floor(random() * pieces.length)]!;
        spans.push({ start, end: Math.max(start, end), text: piece });
        text = text.slice(0, start) + piece + text.slice(Math.max(start, end));
      }
      await c.edit(uri, spans);
      expect(c.text(uri)).toBe(text);
      if (step % 10 !== 9) continue;
      // The server's text is the client's: its answers equal those for the same text opened afresh.
      const fresh = `file:///tmp/ranges-${step}.prototxt`;
      await c.open(fresh, 'prototxt', text);
      expect(await c.hints(uri)).toEqual(await c.hints(fresh));
      const table = async (u: string) => (await c.summary(u))?.text.split('\n').slice(1);
      expect(await table(uri)).toEqual(await table(fresh));
      await c.close(fresh);
    }
    expect(c.errors.join('\n').slice(0, 3000)).toBe('');
  });

  it('returns the model summary through the request and the command', async () => {
    const c = await start();
    await c.open(alexUri, 'prototxt', alexnet);
    const s = (await c.summary(alexUri))!;
    expect(s.title).toBe('alexnet.prototxt');
    expect(s.text).toMatch(/^alexnet\.prototxt \(Caffe\): \d+ layers/);
    expect(s.text).toMatch(/Layer \(type\)\s+Output shape\s+Params\s+MACs/);
    expect(s.text).toMatch(/conv1 \(Convolution\)\s+\(1, 96, 8, 8\)\s+960\s+96,000/);
    const viaCommand = await c.connection.sendRequest('workspace/executeCommand', { command: 'shapelens.summary', arguments: [alexUri] });
    expect(viaCommand).toBe(s.text);
  });
});
