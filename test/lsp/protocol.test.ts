/**
 * The real server's protocol edges, spoken in raw frames over stdio (no client library to smooth
 * them over). Expected codes and rules: LSP 3.17 "Lifecycle Messages" (initialize: "the server
 * should respond with an error with code: -32002" to requests before it, notifications "should be
 * dropped, except for the exit notification"; shutdown: later requests "should error with
 * InvalidRequest"), "Cancellation Support" (RequestCancelled -32800), "Text Document
 * Synchronization" (versions increase), "Base Protocol" (the Content-Length header is required) and
 * JSON-RPC 2.0 §5.1 (Parse error -32700, id null).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUri, ROOT, serverUnderTest } from './support/harness.js';

let serverPath: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  serverPath = await serverUnderTest();
}, 60_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill();
});

interface Incoming {
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

/** A server process and the frames it writes, read by hand. */
class RawServer {
  readonly messages: Incoming[] = [];
  stderr = '';
  private pending = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  private readonly exit: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => this.read(d));
    child.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  }

  static start(): RawServer {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    return new RawServer(child);
  }

  private read(d: Buffer): void {
    this.pending = Buffer.concat([this.pending, d]);
    for (;;) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(this.pending.subarray(0, end).toString())?.[1]);
      if (this.pending.length < end + 4 + length) break;
      this.messages.push(JSON.parse(this.pending.subarray(end + 4, end + 4 + length).toString()) as Incoming);
      this.pending = this.pending.subarray(end + 4 + length);
    }
    for (const w of this.waiters.splice(0)) w();
  }

  /** Writes bytes as they are. */
  raw(bytes: string): void {
    this.child.stdin!.write(bytes);
  }

  static frame(message: unknown): string {
    const body = typeof message === 'string' ? message : JSON.stringify({ jsonrpc: '2.0', ...(message as object) });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  }

  send(...messages: unknown[]): void {
    this.raw(messages.map((m) => RawServer.frame(m)).join(''));
  }

  async until<T extends Incoming>(test: (m: Incoming) => boolean, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(test);
      if (found) return found as T;
      if (Date.now() > deadline) throw new Error(`no such message; got ${JSON.stringify(this.messages).slice(0, 2000)}; stderr ${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  response(id: number): Promise<Incoming> {
    return this.until((m) => m.id === id && m.method === undefined);
  }

  async initialize(): Promise<void> {
    this.send({ id: 'init', method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    await this.until((m) => m.id === 'init');
    this.send({ method: 'initialized', params: {} });
  }

  exited(timeoutMs = 10_000): Promise<number | null | 'running'> {
    return Promise.race([this.exit, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), timeoutMs))]);
  }
}

const netPath = path.join(ROOT, 'examples/resnet50.prototxt');
const net = readFileSync(netPath, 'utf8');
const uri = fileUri(netPath);
const wholeFile = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };
const open = { method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'prototxt', version: 1, text: net } } };
const hints = (id: number) => ({ id, method: 'textDocument/inlayHint', params: { textDocument: { uri }, range: wholeFile } });

describe('LSP lifecycle', () => {
  it('answers a request before initialize with ServerNotInitialized and drops notifications', async () => {
    const s = RawServer.start();
    s.send(hints(1), open);
    expect((await s.response(1)).error?.code).toBe(-32002);
    await s.initialize();
    // The didOpen sent before initialize was dropped: the document is not open.
    s.send(hints(2));
    expect((await s.response(2)).result).toEqual([]);
    s.send(open, hints(3));
    expect(((await s.response(3)).result as unknown[]).length).toBeGreaterThan(0);
  });

  it('exits on exit before initialize, with 1 (no shutdown came first)', async () => {
    const s = RawServer.start();
    s.send({ method: 'exit' });
    expect(await s.exited()).toBe(1);
  });

  it('answers requests after shutdown with InvalidRequest, then exits 0 on exit', async () => {
    const s = RawServer.start();
    await s.initialize();
    s.send(open, { id: 1, method: 'shutdown' });
    expect(await s.response(1)).toMatchObject({ result: null });
    s.send(hints(2));
    expect((await s.response(2)).error?.code).toBe(-32600);
    s.send({ method: 'exit' });
    expect(await s.exited()).toBe(0);
  });

  it('answers a request cancelled before it ran with RequestCancelled', async () => {
    const s = RawServer.start();
    await s.initialize();
    // In one write: the cancellation is read while the request still waits its turn.
    s.send(open, hints(7), { method: '$/cancelRequest', params: { id: 7 } });
    expect((await s.response(7)).error?.code).toBe(-32800);
    s.send(hints(8));
    expect(((await s.response(8)).result as unknown[]).length).toBeGreaterThan(0);
  });

  it('ignores a didChange whose version goes backwards, with a logged warning', async () => {
    const s = RawServer.start();
    await s.initialize();
    const change = (version: number, text: string) => ({ method: 'textDocument/didChange', params: { textDocument: { uri, version }, contentChanges: [{ text }] } });
    s.send(open, change(5, net.replace('num_output: 64', 'num_output: 65')), change(3, net.replace('num_output: 64', 'num_output: 66')), hints(1));
    const labels = ((await s.response(1)).result as { label: string }[]).map((h) => h.label);
    // ResNet-50 conv1: 7×7/2 on 224 → 112 (He et al. 2016, Table 1), 65 channels from version 5.
    expect(labels).toContain('→ (1, 65, 112, 112)');
    expect(labels.some((l) => l.includes(' 66, '))).toBe(false);
    const warning = await s.until((m) => m.method === 'window/logMessage' && JSON.stringify(m.params).includes('version 3'));
    expect(warning.params).toMatchObject({ type: 2 });
    const diagnostics = await s.until((m) => m.method === 'textDocument/publishDiagnostics');
    expect(diagnostics.params).toMatchObject({ version: 5 });
  });
});

describe('malformed frames', () => {
  it('answers garbage JSON in a well-formed frame with ParseError and goes on', async () => {
    const s = RawServer.start();
    await s.initialize();
    s.raw(RawServer.frame('{"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", '));
    const error = await s.until((m) => m.error?.code === -32700);
    expect(error.id).toBeNull();
    s.send(open, hints(2));
    expect(((await s.response(2)).result as unknown[]).length).toBeGreaterThan(0);
  });

  it.each([
    ['without a Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'],
    ['with a non-numeric Content-Length', 'Content-Length: twelve\r\n\r\n{}'],
  ])('exits non-zero on a header block %s, saying so on stderr', async (_name, bytes) => {
    const s = RawServer.start();
    await s.initialize();
    s.raw(bytes);
    const code = await s.exited();
    expect(code).not.toBe('running');
    expect(code).not.toBe(0);
    expect(s.stderr).toContain('Content-Length');
  });
});
