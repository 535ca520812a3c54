// The CLI as a whole process (issue 12 "cold start", issue 11 §4 "big files"):
//   - bare `node -e 0` on this machine, then `shapelens` on a prototxt and on a Keras file, medians
//     of several runs, and the CLI's time above bare node;
//   - the CLI on a Keras ResNet-50 (keras-applications' blocks, bench/inputs.ts) against TensorFlow.js
//     building the same model and printing its summary (bench/tfjs-resnet50.mjs): wall time and peak
//     RSS, both as whole processes (targets: time ratio ≤ 0.10, memory ratio ≤ 0.5);
//   - a Keras file just under the 8 M-character cap (generated bottleneck blocks): wall time and
//     peak RSS (targets: ≤ 15 s, ≤ 1.5 GB); one past the cap: the time to refuse it (target < 1 s).
// Peak RSS comes from GNU time (`/usr/bin/time -f %M`), when installed. Prints figures; asserts nothing.
//
// Usage: node bench/cli.mjs [--runs 7] [--no-big]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 7) || 7;
const cli = path.join(root, 'dist/cli.js');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Wall time in ms (and peak RSS in MB with GNU time) of one run of `node ...argv`. */
function run(argv) {
  const t0 = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync(gnuTime, ['-f', '%M', process.execPath, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30 })
    : spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const kb = gnuTime ? Number(/(\d+)\s*$/.exec(r.stderr)?.[1]) : NaN;
  return { ms, rssMB: kb / 1024, status: r.status, stderr: r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function medianOf(argv) {
  const runs = Array.from({ length: RUNS }, () => run(argv));
  return { ms: median(runs.map((r) => r.ms)), rssMB: median(runs.map((r) => r.rssMB)) };
}

const bare = medianOf(['-e', '0']);
const mb = (x) => (Number.isNaN(x) ? '?' : `${x.toFixed(0)} MB`);
console.log(`\nCLI start-up (medians of ${RUNS} runs)`);
console.log(`  bare node -e 0                         ${bare.ms.toFixed(0).padStart(5)} ms   ${mb(bare.rssMB)}`);
for (const file of ['examples/resnet50.prototxt', 'examples/official_resnet_stem.py']) {
  const m = medianOf([cli, path.join(root, file)]);
  console.log(`  shapelens ${file.padEnd(32)} ${m.ms.toFixed(0).padStart(5)} ms   ${mb(m.rssMB)}   (${(m.ms - bare.ms).toFixed(0)} ms above bare node)`);
}

await build({ entryPoints: [path.join(root, 'bench/inputs.ts')], outfile: path.join(root, 'dist/bench/inputs.mjs'), format: 'esm', platform: 'node', logLevel: 'warning' });
const { resnetBlocksNear, resnetHelpersPython } = await import(pathToFileURL(path.join(root, 'dist/bench/inputs.mjs')).href);
const dir = mkdtempSync(path.join(tmpdir(), 'shapelens-bench-'));

const resnet50 = path.join(dir, 'resnet50.py');
writeFileSync(resnet50, resnetHelpersPython([3, 4, 6, 3], 'resnet50'));
const ours = medianOf([cli, resnet50]);
const tfjs = medianOf([path.join(root, 'bench/tfjs-resnet50.mjs')]);
console.log(`\nKeras ResNet-50 (keras-applications blocks): shapelens vs TensorFlow.js building it and printing its summary (medians of ${RUNS})`);
console.log(`  shapelens resnet50.py                  ${ours.ms.toFixed(0).padStart(5)} ms   ${mb(ours.rssMB)}   (${(ours.ms - bare.ms).toFixed(0)} ms above bare node)`);
console.log(`  node bench/tfjs-resnet50.mjs           ${tfjs.ms.toFixed(0).padStart(5)} ms   ${mb(tfjs.rssMB)}`);
console.log(`  ratio: time ${(ours.ms / tfjs.ms).toFixed(3)} (target ≤ 0.10), peak memory ${(ours.rssMB / tfjs.rssMB).toFixed(2)} (target ≤ 0.5)`);

if (!args.includes('--no-big')) {
  const CAP = 8_000_000;
  const { text, lines } = resnetBlocksNear(CAP);
  const under = path.join(dir, 'under-cap.py');
  const over = path.join(dir, 'over-cap.py');
  writeFileSync(under, text);
  writeFileSync(over, text + '#'.repeat(CAP - text.length + 1));
  const big = run([cli, under]);
  const refused = run([cli, over]);
  console.log(`\nCLI on big files`);
  console.log(`  ${(text.length / 1e6).toFixed(2)} M characters of Keras (${lines} lines): ${(big.ms / 1000).toFixed(1)} s, peak RSS ${mb(big.rssMB)}, exit ${big.status}   (targets ≤ 15 s, ≤ 1.5 GB)`);
  console.log(`  one character past the cap: refused in ${refused.ms.toFixed(0)} ms, exit ${refused.status}   (target < 1 s, exit 2)`);
}
