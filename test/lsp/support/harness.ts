/**
 * Test harness for protocol tests: builds a server bundle, starts it as a child process
 * (`node server.js --stdio`) and speaks JSON-RPC to it with vscode-languageserver-protocol, the
 * way an editor does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InlayHint,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
} from 'vscode-languageserver-protocol';

export const ROOT = path.resolve(__dirname, '../../..');
export const CORPUS = path.resolve(ROOT, 'test/data/caffe');

const WASM = [
  ['node_modules/web-tree-sitter/web-tree-sitter.wasm', 'web-tree-sitter.wasm'],
  ['grammars/prototxt/tree-sitter-prototxt.wasm', 'tree-sitter-prototxt.wasm'],
  ['grammars/python/tree-sitter-python.wasm', 'tree-sitter-python.wasm'],
] as const;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** The project's shared esbuild options and programs (scripts/bundle-options.mjs), as `npm run build` uses them. */
interface SharedOptions {
  readonly bundleOptions: BuildOptions;
  readonly executableBundleOptions: BuildOptions;
  readonly programs: readonly { readonly launcher: string; readonly bundle: string; readonly entry: string; readonly executable: boolean; readonly worker: string }[];
  /** `dist`: the directory holding the program's bundle, whose hash the launcher is built with. */
  readonly launcherOptions: (program: SharedOptions['programs'][number], dist: string) => BuildOptions;
  readonly LAUNCHER_ENTRY: string;
}
const sharedOptions = async (): Promise<SharedOptions> => (await import(pathToFileURL(path.join(ROOT, 'scripts/bundle-options.mjs')).href)) as SharedOptions;

/** Bundles `entry` into `outfile` with the wasm files beside it (what scripts/build.mjs does). */
async function bundle(entry: string, outfile: string, executable = false, options?: BuildOptions): Promise<void> {
  const dir = path.dirname(outfile);
  mkdirSync(dir, { recursive: true });
  // Build to a temporary name and rename: test files running in parallel never see half a file.
  const tmp = `${outfile}.${process.pid}.${Date.now()}.tmp.js`;
  const shared = await sharedOptions();
  await build({ ...(options ?? (executable ? shared.executableBundleOptions : shared.bundleOptions)), entryPoints: [entry], outfile: tmp, logLevel: 'error', absWorkingDir: ROOT });
  chmodSync(tmp, 0o755);
  for (const [from, to] of WASM) {
    const [src, dst] = [path.join(ROOT, from), path.join(dir, to)];
    if (!existsSync(dst) || statSync(dst).mtimeMs < statSync(src).mtimeMs) copyFileSync(src, dst);
  }
  renameSync(tmp, outfile);
}

/**
 * `dist/server.js`, rebuilt from the sources when it is older than them (`npm test` builds it
 * first; running vitest alone still tests current code): the server's and the worker's bundles and
 * launchers, dist/server.js last.
 */
export async function realServer(): Promise<string> {
  const out = path.join(ROOT, 'dist/server.js');
  const sources = Math.max(newestMtime(path.join(ROOT, 'server/src')), statSync(path.join(ROOT, 'package.json')).mtimeMs);
  if (existsSync(out) && statSync(out).mtimeMs >= sources) return out;
  const shared = await sharedOptions();
  for (const program of shared.programs.filter((p) => p.launcher !== 'cli.js')) {
    await bundle(path.join(ROOT, program.entry), path.join(ROOT, 'dist', program.bundle));
    await bundle(path.join(ROOT, shared.LAUNCHER_ENTRY), path.join(ROOT, 'dist', program.launcher), program.executable, shared.launcherOptions(program, path.join(ROOT, 'dist')));
  }
  return out;
}

/** The server over the stand-in analyzer (support/fake-server.ts), in a temporary directory. */
export async function fakeServer(): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shapelens-lsp-test-'));
  const out = path.join(dir, 'server.js');
  await bundle(path.join(ROOT, 'test/lsp/support/fake-server.ts'), out);
  return out;
}

export function fileUri(p: string): string {
  return `file://${p}`;
}

export interface ClientOptions {
  readonly settings?: unknown;
  /**
   * Answer workspace/configuration with these settings (the pull model VS Code uses); `scopeUri` is
   * the document asked about, if any (VS Code answers with its workspace folder's settings).
   */
  readonly configuration?: (scopeUri?: string) => unknown;
  readonly env?: NodeJS.ProcessEnv;
  /** Declare inlayHint resolveSupport for tooltips, as VS Code does. */
  readonly resolveTooltips?: boolean;
  /** Extra node options for the server process, e.g. `--expose-gc`. */
  readonly nodeArgs?: readonly string[];
  /** Workspace folders (paths) sent in initialize. */
  readonly workspaceFolders?: readonly string[];
  /** Declare `workspace.workspaceEdit.documentChanges` (versioned edits), as VS Code does. */
  readonly documentChanges?: boolean;
}

/** An LSP client over a child process, with what tests need to drive it. */
export class TestClient {
  readonly errors: string[] = [];
  readonly logs: string[] = [];
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every diagnostics publication, in the order they came (uri and version). */
  readonly published: { readonly uri: string; readonly version: number | undefined }[] = [];
  private readonly diagnosticWaiters: { uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  exited: number | null = null;
  initializeResult: InitializeResult | null = null;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: MessageConnection,
  ) {}

  static async start(serverPath: string, options: ClientOptions = {}): Promise<TestClient> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(child, connection);
    child.on('exit', (code) => (client.exited = code ?? -1));
    child.stderr!.on('data', (d: Buffer) => client.errors.push(`stderr: ${d.toString()}`));
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      client.logs.push(p.message);
      if (p.type === 1) client.errors.push(p.message);
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.diagnostics.set(p.uri, p);
      client.published.push({ uri: p.uri, version: p.version });
      for (const w of client.diagnosticWaiters.splice(0)) {
        if (w.uri === p.uri && (p.version ?? -1) >= w.version) w.resolve(p);
        else client.diagnosticWaiters.push(w);
      }
    });
    connection.onRequest('workspace/configuration', (p: { items: { scopeUri?: string }[] }) => p.items.map((item) => options.configuration?.(item.scopeUri) ?? null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/inlayHint/refresh', () => null);
    connection.listen();
    client.initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders?.map((p) => ({ uri: fileUri(p), name: path.basename(p) })) ?? null,
      capabilities: {
        workspace: { configuration: options.configuration !== undefined, inlayHint: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: options.documentChanges === true } },
        textDocument: { inlayHint: options.resolveTooltips ? { resolveSupport: { properties: ['tooltip'] } } : {}, hover: { contentFormat: ['markdown'] }, codeAction: {}, publishDiagnostics: { versionSupport: true } },
      },
      initializationOptions: options.settings !== undefined ? { settings: options.settings } : undefined,
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  async open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text (a change event without a range). */
  async change(uri: string, text: string): Promise<number> {
    const version = this.version(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  /**
   * Replaces UTF-16 offset spans, one change event each, applied in order (each span is an offset
   * in the text the previous events left), as an editor with incremental sync sends them.
   */
  async edit(uri: string, spans: readonly { start: number; end: number; text: string }[]): Promise<number> {
    const version = this.version(uri) + 1;
    let text = this.text(uri);
    const contentChanges = spans.map(({ start, end, text: newText }) => {
      const range = { start: lspPosition(text, start), end: lspPosition(text, end) };
      text = text.slice(0, start) + newText + text.slice(end);
      return { range, text: newText };
    });
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  wholeRange(uri: string): Range {
    const lines = this.text(uri).split(/\r\n|\r|\n/); // LSP's line ends
    return { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  }

  hints(uri: string, range: Range = this.wholeRange(uri)): Promise<InlayHint[] | null> {
    return this.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, only?: string[]): Promise<CodeAction[] | null> {
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics: [], ...(only ? { only } : {}) },
    });
  }

  summary(uri: string): Promise<{ title: string; text: string } | null> {
    return this.connection.sendRequest('shapelens/summary', { textDocument: { uri } });
  }

  /** The first diagnostics published for `uri` at `version` or later. */
  waitDiagnostics(uri: string, version = this.version(uri), timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    const have = this.diagnostics.get(uri);
    if (have && (have.version ?? -1) >= version) return Promise.resolve(have);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms`)), timeoutMs);
      this.diagnosticWaiters.push({
        uri,
        version,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  get alive(): boolean {
    return this.exited === null;
  }

  async stop(): Promise<void> {
    try {
      if (this.alive) {
        await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await this.connection.sendNotification('exit');
      }
    } catch {
      // Already gone.
    }
    this.connection.dispose();
    await new Promise<void>((resolve) => {
      if (!this.alive) return resolve();
      const timer = setTimeout(() => {
        this.process.kill();
        resolve();
      }, 2000);
      this.process.on('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export type { Diagnostic };

/** The LSP position of a UTF-16 offset: lines end at \r\n, \r or \n (never pass an offset inside \r\n). */
export function lspPosition(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.match(/\r\n|\r|\n/g)?.length ?? 0;
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line, character: offset - lineStart };
}

/**
 * The one span of `oldText` to replace to get `newText` (common prefix and suffix trimmed), widened
 * so it never starts or ends inside a \r\n pair, which an LSP position cannot address.
 */
export function spanBetween(oldText: string, newText: string): { start: number; end: number; text: string } {
  const max = Math.min(oldText.length, newText.length);
  let prefix = 0;
  while (prefix < max && oldText.charCodeAt(prefix) === newText.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) suffix++;
  const inPair = (t: string, at: number) => t[at - 1] === '\r' && t[at] === '\n';
  if (inPair(oldText, prefix)) prefix--;
  if (suffix > 0 && inPair(oldText, oldText.length - suffix)) suffix--;
  return { start: prefix, end: oldText.length - suffix, text: newText.slice(prefix, newText.length - suffix) };
}

/** Applies LSP text edits to a text (the edits must not overlap). */
export function applyEdits(text: string, edits: readonly { range: Range; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** A small seeded PRNG (mulberry32), so fuzz failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The server the protocol tests run: `SHAPELENS_SERVER` if set (e.g. an unpacked .vsix), else dist/server.js. */
export async function serverUnderTest(): Promise<string> {
  return process.env['SHAPELENS_SERVER'] ?? (await realServer());
}

/** A client of the server under test that checks every incremental parse against a fresh one. */
export async function startCheckedClient(options: ClientOptions = {}): Promise<TestClient> {
  return TestClient.start(await serverUnderTest(), { ...options, env: { SHAPELENS_CHECK_INCREMENTAL: '1', ...options.env } });
}
