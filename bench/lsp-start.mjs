// Language-server start-up with and without the code cache (issue 12 "cold start"): from spawning
// `node dist/server.js --stdio` to the first inlayHint answer (initialize, initialized, didOpen,
// inlayHint), on resnet152.prototxt and on the generated 2,000-line Keras model (target ≤ 300 ms
// each). Each start gets its own cache directory (SHAPELENS_CACHE_DIR):
//   - cold: an empty one, as on the first start after installing or updating (the server then
//     writes its caches, after its first hints);
//   - warm: one an earlier server filled (a session left open until both threads saved).
// Cold and warm starts alternate. Besides wall time, the server's CPU time up to its first hints
// (both threads, from /proc on Linux): on a loaded machine wall times mostly measure the wait for a
// core. Prints figures; asserts nothing.
//
// The server runs with the Node flags and environment VS Code's client gives it (client/src/serverFlags.ts).
//
// Usage: node bench/lsp-start.mjs [--server dist/server.js] [--starts 7] [--node-args "FLAGS"]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchInputs, cpuMs, opt, quantile, root, serverEnv, serverNodeArgs } from './common.mjs';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const server = path.resolve(opt('server', path.join(root, 'dist/server.js')));
const STARTS = Number(opt('starts', '7'));
if (!existsSync(server)) {
  console.error(`bench/lsp-start.mjs: ${server} does not exist; run \`npm run build\` first`);
  process.exit(1);
}

const nodeArgs = await serverNodeArgs();
const env = await serverEnv();

/** One server start with `cacheDir`: wall and CPU ms to the first hints; `linger` ms open after them. */
async function start(file, cacheDir, linger = 0) {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).href;
  const languageId = file.endsWith('.py') ? 'python' : 'prototxt';
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...env, SHAPELENS_CACHE_DIR: cacheDir } });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onNotification('textDocument/publishDiagnostics', () => {});
  connection.onNotification('window/logMessage', (m) => {
    if (m.type === 1) console.error(`server error: ${m.message}`);
  });
  connection.listen();
  // VS Code's capabilities for what the bench uses, as bench/lsp.mjs and bench/worker.mjs declare them:
  // hint tooltips come from inlayHint/resolve, so the first answer carries none.
  const inlayHint = { resolveSupport: { properties: ['tooltip', 'textEdits', 'label.tooltip', 'label.location', 'label.command'] } };
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { inlayHint, publishDiagnostics: {} } } });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const hints = await connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = cpuMs(child);
  if (!Array.isArray(hints) || hints.length === 0) throw new Error(`no hints for ${file}`);
  if (linger > 0) await new Promise((resolve) => setTimeout(resolve, linger));
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
  return { ms, cpu };
}

const f = (x) => (x === null || Number.isNaN(x) ? '?' : `${x.toFixed(0)} ms`);

const { resnetBlocksPython } = await benchInputs();
const work = mkdtempSync(path.join(tmpdir(), 'shapelens-start-'));
const keras = path.join(work, 'keras-2000.py');
writeFileSync(keras, resnetBlocksPython(2000));

console.log(`\nLanguage server start → first hints, cold and warm code cache (${STARTS} starts each, alternating)`);
for (const [label, file, target] of [
  ['resnet152.prototxt', path.join(root, 'test/data/caffe/resnet152.prototxt'), '   (target ≤ 300 ms)'],
  ['Keras, 2,000 lines', keras, '   (target ≤ 300 ms: issue 12\'s "Python 2,000 lines: start → first hints")'],
]) {
  // The warm directory: filled by a session open long enough for both threads to save (main.ts, worker-main.ts).
  const warmDir = mkdtempSync(path.join(work, 'warm-'));
  await start(file, warmDir, 3500);
  const saved = readdirSync(warmDir).filter((n) => n.endsWith('.v8cache')).length;
  const runs = { cold: [], warm: [] };
  for (let i = 0; i < STARTS; i++) {
    const coldDir = mkdtempSync(path.join(work, 'cold-'));
    runs.cold.push(await start(file, coldDir));
    rmSync(coldDir, { recursive: true, force: true });
    runs.warm.push(await start(file, warmDir));
  }
  console.log(`  ${label} (${saved} cache files after the first session)`);
  for (const [mode, rs] of Object.entries(runs)) {
    const ms = rs.map((r) => r.ms);
    const cpu = rs.map((r) => r.cpu).filter((c) => c !== null);
    console.log(`    ${mode.padEnd(5)} p50 ${f(quantile(ms, 0.5))}, max ${f(Math.max(...ms))}; server CPU to first hints p50 ${cpu.length ? f(quantile(cpu, 0.5)) : '?'}${target}`);
  }
}
rmSync(work, { recursive: true, force: true });
