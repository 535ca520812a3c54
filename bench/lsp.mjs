// Language-server latency over LSP, as an editor sees it, on resnet152.prototxt (or --file):
//   - start → first hints: from spawning `node dist/server.js --stdio` to the first inlayHint answer
//     (initialize, initialized, didOpen, inlayHint); several fresh servers.
//   - one-character edit → fresh hints: didChange then inlayHint, for the whole document and for a
//     60-line viewport around the edit. The change is sent as the server asks for it in its
//     initialize result, as VS Code does: the whole text (Full sync) or the one replaced character
//     (Incremental sync). Every answer is checked to reflect the edit (untimed).
//   - the first 20 edits after opening the file and pausing 1 s (whole document), on fresh servers.
//   - with --places: one-character edits → whole-document hints at each place bench/inputs.ts
//     `editPlaces` names (first line, a comment mid-file, a layer's argument, the last line), each
//     edited and undone in turn, p50/p95 per place and the worst p95 (target ≤ 15 ms wherever the
//     edit is).
// Each edit figure also gives the server's CPU time per edit (both threads, from /proc): on a
// loaded machine wall times mostly measure the wait for a core.
// Prints figures; asserts nothing. Targets (on resnet152.prototxt): start → hints ≤ 300 ms, edit →
// hints p95 ≤ 15 ms; other files' figures are reported only.
//
// The server runs with the Node flags and environment VS Code's client gives it (client/src/serverFlags.ts).
//
// Usage: node bench/lsp.mjs [--server dist/server.js] [--file PATH] [--edit TEXT] [--edits 200] [--starts 5]
//                           [--paused 3] [--settle MS] [--breakdown] [--places | --place NAME] [--json]
//                           [--cpu-prof DIR] [--ipc] [--node-args "FLAGS"]
//   --edit TEXT   the edited place: the last digit of the first TEXT after the middle of the file, a
//                 number whose new value a hint must then show (default `num_output: 256`; the
//                 language is the file's: .py is Python)
//   --settle MS   wait MS after the first hints before the timed edits (the server warms up while
//                 idle; without it the first edits run code V8 has not optimised yet)
//   --breakdown   also time the same edits in steps (see measureSteps)
//   --cpu-prof DIR  run the servers with `node --cpu-prof` (both threads), profiles written to DIR
//   --place NAME  --places, at only the places whose name contains NAME
//   --ipc         talk to the server over Node IPC (`--node-ipc`, as VS Code's client starts it) instead of stdio
//   --node-args "FLAGS"  start the server with these Node flags instead of the client's ("" for none)
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { args, benchInputs, cpuMs, opt, quantile, root, serverEnv, serverNodeArgs } from './common.mjs';

const require = createRequire(import.meta.url);
const { createMessageConnection, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const server = path.resolve(opt('server', process.env.SHAPELENS_SERVER ?? path.join(root, 'dist/server.js')));
const TARGET_FILE = path.join(root, 'test/data/caffe/resnet152.prototxt');
const file = path.resolve(opt('file', TARGET_FILE));
const EDIT = opt('edit', 'num_output: 256');
const languageId = file.endsWith('.py') ? 'python' : 'prototxt';
const targets = file === TARGET_FILE;
const EDITS = Number(opt('edits', '200'));
const STARTS = Number(opt('starts', '5'));
const PAUSED = Number(opt('paused', '3'));
const SETTLE = Number(opt('settle', '0'));
const breakdown = args.includes('--breakdown');
const onlyPlace = opt('place', null);
const atPlaces = args.includes('--places') || onlyPlace !== null;
const json = args.includes('--json');
const profileDir = opt('cpu-prof', null);
const ipc = args.includes('--ipc');
const nodeArgs = await serverNodeArgs();
const env = await serverEnv();

if (!existsSync(server)) {
  console.error(`bench/lsp.mjs: ${server} does not exist; run \`npm run build\` first`);
  process.exit(1);
}
if (!existsSync(file)) {
  console.error(`bench/lsp.mjs: ${file} does not exist`);
  process.exit(1);
}

const text = readFileSync(file, 'utf8');
const uri = pathToFileURL(file).href;
const lineCount = text.split('\n').length;
const whole = { start: { line: 0, character: 0 }, end: { line: lineCount, character: 0 } };

function start() {
  const flags = [...nodeArgs, ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profileDir)] : []), server, ipc ? '--node-ipc' : '--stdio'];
  const child = spawn(process.execPath, flags, { stdio: ipc ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['pipe', 'pipe', 'inherit'], env });
  const connection = ipc ? createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)) : createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onNotification('textDocument/publishDiagnostics', () => {});
  connection.onNotification('window/logMessage', (m) => {
    if (m.type === 1) console.error(`server error: ${m.message}`);
  });
  connection.listen();
  return { child, connection };
}

async function initialize(connection) {
  const result = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { inlayHint: { resolveSupport: { properties: ['tooltip', 'textEdits', 'label.tooltip', 'label.location', 'label.command'] } }, publishDiagnostics: {} } },
  });
  await connection.sendNotification('initialized', {});
  const sync = result.capabilities.textDocumentSync;
  // TextDocumentSyncKind: 1 Full, 2 Incremental (a bare number is the kind itself).
  return (typeof sync === 'number' ? sync : sync?.change) === 2 ? 'incremental' : 'full';
}

async function stop({ child, connection }) {
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.on('exit', resolve)));
}

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

// 1. Start → first hints, on fresh servers.
const startTimes = [];
let hintCount = 0;
for (let i = 0; i < STARTS; i++) {
  const t0 = process.hrtime.bigint();
  const s = start();
  await initialize(s.connection);
  await s.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const hints = await s.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: whole });
  startTimes.push(ms(t0));
  hintCount = hints.length;
  await stop(s);
}

// 2. One-character edits → fresh hints. The edited digit is a layer's width in the middle of the
// file (by default a num_output): it changes the shapes downstream of it, as a real edit does.
const anchor = text.indexOf(EDIT, Math.floor(text.length / 2));
const oldNumber = /(\d+)$/.exec(EDIT)?.[1];
if (anchor < 0 || !oldNumber) {
  console.error(`bench/lsp.mjs: no ${JSON.stringify(EDIT)} ending in a number after the middle of ${file}`);
  process.exit(1);
}
const digitAt = anchor + EDIT.length - 1;
const newDigit = String((Number(text[digitAt]) + 1) % 10);
const newNumber = `${oldNumber.slice(0, -1)}${newDigit}`;
const showsNew = new RegExp(`\\b${newNumber}\\b`);
const editLine = text.slice(0, digitAt).split('\n').length - 1;
const editAt = { line: editLine, character: digitAt - (text.lastIndexOf('\n', digitAt - 1) + 1) };
const viewport = { start: { line: Math.max(0, editLine - 30), character: 0 }, end: { line: editLine + 30, character: 0 } };
// The edited layer's hint shows the new width after the edit (257 channels) and none does before it
// or after undoing it.
const showsEdit = (hints) => hints.some((h) => showsNew.test(typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
const edits = [
  { text: `${text.slice(0, digitAt)}${newDigit}${text.slice(digitAt + 1)}`, range: { start: editAt, end: { line: editLine, character: editAt.character + 1 } }, char: newDigit },
  { text, range: { start: editAt, end: { line: editLine, character: editAt.character + 1 } }, char: text[digitAt] },
];
/** A fresh server with the file open and its first hints answered. */
async function session() {
  const server = start();
  const sync = await initialize(server.connection);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const first = await server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: whole });
  if (showsEdit(first)) throw new Error(`the unedited file already has a hint with ${newNumber}`);
  return { ...server, sync, version: 1 };
}
/** `count` edits, each timed from sending didChange to receiving hints for `range` that reflect it. */
async function measure(s, range, count) {
  const times = [];
  const cpu0 = cpuMs(s.child);
  for (let i = 0; i < count; i++) {
    const edit = edits[i % 2];
    const change = s.sync === 'incremental' ? { range: edit.range, text: edit.char } : { text: edit.text };
    const t0 = process.hrtime.bigint();
    await s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++s.version }, contentChanges: [change] });
    const hints = await s.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
    times.push(ms(t0));
    if (!Array.isArray(hints) || hints.length === 0) throw new Error('no hints after an edit');
    if (showsEdit(hints) !== (i % 2 === 0)) throw new Error(`edit ${i}: the hints do not reflect the edit`);
  }
  const cpu1 = cpuMs(s.child);
  times.cpuPerEdit = cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / count;
  return times;
}
/**
 * `count` edits, each timed in three steps: didChange → hints for an empty range (the server has
 * parsed and analysed the edit; nothing to send), then hints for `range` from that analysis (built
 * and sent), then the same request again (hints built already: JSON and transport only).
 */
async function measureSteps(s, range, count) {
  const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const steps = { analysed: [], hints: [], repeated: [] };
  for (let i = 0; i < count; i++) {
    const edit = edits[i % 2];
    const change = s.sync === 'incremental' ? { range: edit.range, text: edit.char } : { text: edit.text };
    let t0 = process.hrtime.bigint();
    await s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++s.version }, contentChanges: [change] });
    await s.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: nowhere });
    steps.analysed.push(ms(t0));
    t0 = process.hrtime.bigint();
    const hints = await s.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
    steps.hints.push(ms(t0));
    t0 = process.hrtime.bigint();
    await s.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
    steps.repeated.push(ms(t0));
    if (showsEdit(hints) !== (i % 2 === 0)) throw new Error(`edit ${i}: the hints do not reflect the edit`);
  }
  return steps;
}
/** Edits at each of bench/inputs.ts' places (whole-document hints), on the open session; undone in turn. */
async function measurePlaces(s) {
  const { editPlaces } = await benchInputs();
  const out = [];
  for (const place of editPlaces(text).filter((p) => onlyPlace === null || p.name.includes(onlyPlace))) {
    const line = text.slice(0, place.at).split('\n').length - 1;
    const character = place.at - (text.lastIndexOf('\n', place.at - 1) + 1);
    const range = { start: { line, character }, end: { line, character: character + 1 } };
    const variants = [
      { text: `${text.slice(0, place.at)}${place.to}${text.slice(place.at + 1)}`, char: place.to },
      { text, char: text[place.at] },
    ];
    const times = [];
    const cpu0 = cpuMs(s.child);
    for (let i = 0; i < EDITS; i++) {
      const v = variants[i % 2];
      const change = s.sync === 'incremental' ? { range, text: v.char } : { text: v.text };
      const t0 = process.hrtime.bigint();
      await s.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++s.version }, contentChanges: [change] });
      const hints = await s.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: whole });
      times.push(ms(t0));
      if (!Array.isArray(hints) || hints.length === 0) throw new Error(`no hints after an edit at the ${place.name}`);
    }
    const cpu1 = cpuMs(s.child);
    out.push({ place: place.name, p50: quantile(times, 0.5), p95: quantile(times, 0.95), edits: times.length, cpuPerEdit: cpu0 === null || cpu1 === null ? null : (cpu1 - cpu0) / EDITS });
  }
  return out;
}
const s = await session();
const sync = s.sync;
if (SETTLE > 0) await new Promise((resolve) => setTimeout(resolve, SETTLE));
const wholeTimes = await measure(s, whole, EDITS);
const viewportTimes = await measure(s, viewport, EDITS);
const steps = breakdown ? { whole: await measureSteps(s, whole, EDITS), viewport: await measureSteps(s, viewport, EDITS) } : null;
const placeTimes = atPlaces ? await measurePlaces(s) : null;
await stop(s);

// 3. The first edits after opening, as a user makes them: open, first hints, a 1 s pause, then 20
// edits → whole-document hints, on fresh servers (the code V8 has not optimised yet shows here).
const firstTimes = [];
for (let i = 0; i < PAUSED; i++) {
  const p = await session();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  firstTimes.push(...(await measure(p, whole, 20)));
  await stop(p);
}

const summary = {
  file: path.basename(file),
  sync,
  lines: lineCount,
  hints: hintCount,
  startToFirstHintsMs: { p50: quantile(startTimes, 0.5), max: Math.max(...startTimes), runs: startTimes.length, ...(targets ? { target: 300 } : {}) },
  editToHintsWholeMs: { p50: quantile(wholeTimes, 0.5), p95: quantile(wholeTimes, 0.95), edits: wholeTimes.length, serverCpuPerEdit: wholeTimes.cpuPerEdit, ...(targets ? { target95: 15 } : {}) },
  editToHintsViewportMs: { p50: quantile(viewportTimes, 0.5), p95: quantile(viewportTimes, 0.95), edits: viewportTimes.length, serverCpuPerEdit: viewportTimes.cpuPerEdit, ...(targets ? { target95: 15 } : {}) },
  firstEditsAfterPauseMs: firstTimes.length > 0 ? { p50: quantile(firstTimes, 0.5), p95: quantile(firstTimes, 0.95), edits: firstTimes.length } : null,
};
if (placeTimes) summary.placesMs = { places: placeTimes, worst95: Math.max(...placeTimes.map((p) => p.p95)) };
const quantiles = (xs) => ({ p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) });
if (steps) {
  summary.breakdownMs = Object.fromEntries(
    Object.entries(steps).map(([range, st]) => [range, Object.fromEntries(Object.entries(st).map(([step, xs]) => [step, quantiles(xs)]))]),
  );
}
if (json) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  const f = (x) => `${x.toFixed(1)} ms`;
  const cpu = (x) => (x === null ? '' : `; server CPU ${f(x)} per edit`);
  console.log(`\nLanguage server (${summary.file}: ${lineCount} lines, ${hintCount} inlay hints, ${sync} sync${ipc ? ', Node IPC' : ''})`);
  const target = (t) => (targets ? `   (target ${t})` : '');
  console.log(`  start → first hints            p50 ${f(summary.startToFirstHintsMs.p50)}, max ${f(summary.startToFirstHintsMs.max)} over ${STARTS} starts${target('≤ 300 ms')}`);
  console.log(`  1-char edit → hints, whole doc  p50 ${f(summary.editToHintsWholeMs.p50)}, p95 ${f(summary.editToHintsWholeMs.p95)} over ${EDITS} edits${cpu(summary.editToHintsWholeMs.serverCpuPerEdit)}${target('p95 ≤ 15 ms')}`);
  console.log(`  1-char edit → hints, viewport   p50 ${f(summary.editToHintsViewportMs.p50)}, p95 ${f(summary.editToHintsViewportMs.p95)} over ${EDITS} edits${cpu(summary.editToHintsViewportMs.serverCpuPerEdit)}${target('p95 ≤ 15 ms')}`);
  if (summary.firstEditsAfterPauseMs) console.log(`  first 20 edits after open+1 s   p50 ${f(summary.firstEditsAfterPauseMs.p50)}, p95 ${f(summary.firstEditsAfterPauseMs.p95)} over ${PAUSED} servers (whole doc)`);
  if (summary.placesMs) {
    console.log(`  1-char edit → hints (whole doc) at each place, ${EDITS} edits each:`);
    for (const p of summary.placesMs.places) console.log(`    ${p.place.padEnd(20)} p50 ${f(p.p50)}, p95 ${f(p.p95)}${cpu(p.cpuPerEdit)}`);
    console.log(`    worst p95 ${f(summary.placesMs.worst95)}   (target ≤ 15 ms wherever the edit is)`);
  }
  if (summary.breakdownMs) {
    const q = (x) => `p50 ${f(x.p50)}, p95 ${f(x.p95)}`;
    console.log(`  the same edits in steps (${EDITS} each):`);
    for (const [range, b] of Object.entries(summary.breakdownMs)) {
      console.log(`    ${range.padEnd(9)} edit → analysed ${q(b.analysed)} · its hints ${q(b.hints)} · asked again ${q(b.repeated)}`);
    }
  }
}
