// Language-server memory under an editing session (issue 11 §6), with the Node flags the VS Code
// client starts the server with (client/src/serverFlags.ts):
//   - open resnet152.prototxt and a 268 KB Keras model; 5,000 one-character edits of the prototxt,
//     each followed by whole-document hints, and every 10th also an edit of the Python file;
//   - then 200 open/close cycles of both files.
// Prints the server's peak RSS (VmHWM from /proc) and its RSS after each phase; asserts nothing
// (target: peak ≤ 400 MB).
//
// Usage: node bench/memory.mjs [--server dist/server.js] [--edits 5000] [--cycles 200] [--node-args "..."] [--json]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { args, benchInputs, opt, root, serverEnv, serverNodeArgs } from './common.mjs';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-languageserver-protocol/node');

const server = path.resolve(opt('server', path.join(root, 'dist/server.js')));
const EDITS = Number(opt('edits', '5000'));
const CYCLES = Number(opt('cycles', '200'));

const { resnetBlocksPython } = await benchInputs();
const nodeArgs = await serverNodeArgs();

const prototxtFile = path.join(root, 'test/data/caffe/resnet152.prototxt');
const prototxt = readFileSync(prototxtFile, 'utf8');
// 268 KB of Keras, as in the measurement (about 7,700 lines of bottleneck blocks).
let lines = 7000;
let python = resnetBlocksPython(lines);
while (python.length < 268 * 1024) python = resnetBlocksPython((lines += 100));

const docs = [
  { uri: 'file:///bench/resnet152.prototxt', languageId: 'prototxt', text: prototxt, edit: 'num_output: 256' },
  { uri: 'file:///bench/model.py', languageId: 'python', text: python, edit: 'Conv2D(64' },
];

const child = spawn(process.execPath, [...nodeArgs, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: await serverEnv() });
const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
connection.onNotification('textDocument/publishDiagnostics', () => {});
connection.onNotification('window/logMessage', (m) => {
  if (m.type === 1) console.error(`server error: ${m.message}`);
});
connection.listen();
await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await connection.sendNotification('initialized', {});

/** The server's resident set now and at its peak, in MB (Linux /proc). */
function rss() {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const whole = { start: { line: 0, character: 0 }, end: { line: 1_000_000, character: 0 } };
const hints = (doc) => connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: whole });
async function open(doc) {
  doc.version = 1;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: doc.uri, languageId: doc.languageId, version: 1, text: doc.text } });
  await hints(doc);
}
/** Flips one digit of a layer's width in the middle of the file, and back on the next call. */
async function edit(doc) {
  const at = doc.text.indexOf(doc.edit, Math.floor(doc.text.length / 2)) + doc.edit.length - 1;
  const before = doc.text.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  doc.flipped = !doc.flipped;
  const digit = doc.flipped ? String((Number(doc.text[at]) + 1) % 10) : doc.text[at];
  await connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: doc.uri, version: ++doc.version },
    contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text: digit }],
  });
  await hints(doc);
}

const t0 = Date.now();
const samples = { start: rss() };
for (const doc of docs) await open(doc);
samples.opened = rss();
for (let i = 0; i < EDITS; i++) {
  await edit(docs[0]);
  if (i % 10 === 0) await edit(docs[1]);
}
samples.edited = rss();
for (let i = 0; i < CYCLES; i++) {
  for (const doc of docs) {
    await connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
    await open(doc);
  }
}
samples.cycled = rss();
const seconds = (Date.now() - t0) / 1000;
await connection.sendRequest('shutdown');
await connection.sendNotification('exit');
connection.dispose();

const summary = { nodeArgs, edits: EDITS, cycles: CYCLES, pythonKB: Math.round(python.length / 1024), seconds, peakRssMB: samples.cycled.peak, rssMB: Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, Math.round(v.now)])), targetPeakMB: 400 };
if (args.includes('--json')) console.log(JSON.stringify(summary, null, 2));
else {
  console.log(`\nLanguage-server memory (${EDITS} edits of resnet152.prototxt + every 10th of a ${summary.pythonKB} KB Keras file, then ${CYCLES} open/close cycles; node ${nodeArgs.join(' ') || '(no flags)'})`);
  console.log(`  peak RSS ${summary.peakRssMB.toFixed(0)} MB (target ≤ 400 MB) · RSS at start ${summary.rssMB.start}, opened ${summary.rssMB.opened}, after edits ${summary.rssMB.edited}, after cycles ${summary.rssMB.cycled} MB · ${seconds.toFixed(0)} s`);
}
