// The CLI as a whole process (issue 12 "cold start", issue 11 §4 "big files"):
//   - bare `node -e 0` on this machine, then `shapelens` on a prototxt and on a Keras file, medians
//     of several runs, and the CLI's time above bare node;
//   - the CLI on a Keras ResNet-50 (keras-applications' blocks, bench/inputs.ts) against TensorFlow.js
//     building the same model and printing its summary (bench/tfjs-resnet50.mjs): wall time and peak
//     RSS, both as whole processes (targets: time ratio ≤ 0.10, memory ratio ≤ 0.5), in this
//     environment and, when it sets NODE_EXTRA_CA_CERTS (a file Node reads at every start), without it;
//   - each `shapelens` figure twice: cold, the first run after installing or updating (an empty
//     code cache: server/src/startup/code-cache.ts; the run compiles the bundle and writes the
//     cache), and warm (the cache an earlier run wrote), runs alternating; and CPU time (user +
//     system, all threads), which a loaded machine's wall times hide;
//   - a Keras file just under the 8 M-character cap (generated bottleneck blocks): wall time and
//     peak RSS (targets: ≤ 15 s, ≤ 1.5 GB); one past the cap: the time to refuse it (target < 1 s).
// Peak RSS and CPU time come from GNU time (`/usr/bin/time -f '%M %U %S'`), when installed. Prints
// figures; asserts nothing.
//
// Usage: node bench/cli.mjs [--runs 7] [--no-big]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 7) || 7;
const cli = path.join(root, 'dist/cli.js');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Wall time in ms (and with GNU time, peak RSS in MB and CPU ms) of one run of `node ...argv`, with
 * its code cache in `cacheDir` (SHAPELENS_CACHE_DIR).
 */
function run(argv, cacheDir, base = process.env) {
  const env = cacheDir === undefined ? base : { ...base, SHAPELENS_CACHE_DIR: cacheDir };
  const t0 = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync(gnuTime, ['-f', '%M %U %S', process.execPath, ...argv], { encoding: 'utf8', maxBuffer: 1 << 30, env })
    : spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 30, env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = gnuTime ? /(\d+) ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr) : null;
  return { ms, rssMB: m ? Number(m[1]) / 1024 : NaN, cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN, status: r.status, stderr: r.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medians = (runs) => ({ ms: median(runs.map((r) => r.ms)), rssMB: median(runs.map((r) => r.rssMB)), cpuMs: median(runs.map((r) => r.cpuMs)) });
function medianOf(argv, base) {
  return medians(Array.from({ length: RUNS }, () => run(argv, undefined, base)));
}

const work = mkdtempSync(path.join(tmpdir(), 'shapelens-bench-'));
/** `shapelens ...argv` cold (a new, empty cache directory each run) and warm (one filled first), alternating. */
function coldAndWarm(argv, base) {
  const warmDir = mkdtempSync(path.join(work, 'warm-'));
  run([cli, ...argv], warmDir, base);
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const coldDir = mkdtempSync(path.join(work, 'cold-'));
    cold.push(run([cli, ...argv], coldDir, base));
    rmSync(coldDir, { recursive: true, force: true });
    warm.push(run([cli, ...argv], warmDir, base));
  }
  return { cold: medians(cold), warm: medians(warm) };
}

const bare = medianOf(['-e', '0']);
const mb = (x) => (Number.isNaN(x) ? '?' : `${x.toFixed(0)} MB`);
const cpu = (x) => (Number.isNaN(x) ? '' : `   CPU ${x.toFixed(0)} ms`);
const row = (label, m) => `  ${label.padEnd(40)} ${m.ms.toFixed(0).padStart(5)} ms   ${mb(m.rssMB)}${cpu(m.cpuMs)}   (${(m.ms - bare.ms).toFixed(0)} ms above bare node)`;
console.log(`\nCLI start-up (medians of ${RUNS} runs; cold: empty code cache, warm: filled)`);
console.log(`  ${'bare node -e 0'.padEnd(40)} ${bare.ms.toFixed(0).padStart(5)} ms   ${mb(bare.rssMB)}${cpu(bare.cpuMs)}`);
for (const file of ['examples/resnet50.prototxt', 'examples/official_resnet_stem.py']) {
  const { cold, warm } = coldAndWarm([path.join(root, file)]);
  console.log(row(`shapelens ${file}, cold`, cold));
  console.log(row(`shapelens ${file}, warm`, warm));
}

await build({ entryPoints: [path.join(root, 'bench/inputs.ts')], outfile: path.join(root, 'dist/bench/inputs.mjs'), format: 'esm', platform: 'node', logLevel: 'warning' });
const { resnetBlocksNear, resnetHelpersPython } = await import(pathToFileURL(path.join(root, 'dist/bench/inputs.mjs')).href);
const dir = work;

const resnet50 = path.join(dir, 'resnet50.py');
writeFileSync(resnet50, resnetHelpersPython([3, 4, 6, 3], 'resnet50'));
/** shapelens and TensorFlow.js on the ResNet-50 file, both started with the environment `base`. */
function compare(title, base, nodeMs) {
  const ours = coldAndWarm([resnet50], base);
  const tfjs = medianOf([path.join(root, 'bench/tfjs-resnet50.mjs')], base);
  const above = (m) => `${m.ms.toFixed(0).padStart(5)} ms   ${mb(m.rssMB)}${cpu(m.cpuMs)}   (${(m.ms - nodeMs).toFixed(0)} ms above bare node)`;
  console.log(`\nKeras ResNet-50 (keras-applications blocks): shapelens vs TensorFlow.js building it and printing its summary (medians of ${RUNS}), ${title}`);
  console.log(`  ${'shapelens resnet50.py, cold'.padEnd(40)} ${above(ours.cold)}`);
  console.log(`  ${'shapelens resnet50.py, warm'.padEnd(40)} ${above(ours.warm)}`);
  console.log(`  ${'node bench/tfjs-resnet50.mjs'.padEnd(40)} ${above(tfjs)}`);
  for (const [label, m] of [['cold', ours.cold], ['warm', ours.warm]]) {
    console.log(`  ratio, ${label}: time ${(m.ms / tfjs.ms).toFixed(3)} (target ≤ 0.10), peak memory ${(m.rssMB / tfjs.rssMB).toFixed(2)} (target ≤ 0.5)`);
  }
}
compare('this environment', process.env, bare.ms);
// Node reads the file NODE_EXTRA_CA_CERTS names at every start, before any JavaScript (43 ms of
// bare node's 71 on the bench machine, which sets it for its proxy): the same for both processes,
// and not there on a machine without the variable.
if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
  const without = { ...process.env, NODE_EXTRA_CA_CERTS: undefined };
  const bareWithout = medianOf(['-e', '0'], without);
  compare(`without NODE_EXTRA_CA_CERTS (bare node ${bareWithout.ms.toFixed(0)} ms)`, without, bareWithout.ms);
}

if (!args.includes('--no-big')) {
  const CAP = 8_000_000;
  const { text, lines } = resnetBlocksNear(CAP);
  const under = path.join(dir, 'under-cap.py');
  const over = path.join(dir, 'over-cap.py');
  writeFileSync(under, text);
  writeFileSync(over, text + '#'.repeat(CAP - text.length + 1));
  const big = run([cli, under], path.join(work, 'warm-big'));
  const refused = run([cli, over], path.join(work, 'warm-big'));
  console.log(`\nCLI on big files`);
  console.log(`  ${(text.length / 1e6).toFixed(2)} M characters of Keras (${lines} lines): ${(big.ms / 1000).toFixed(1)} s, peak RSS ${mb(big.rssMB)}, exit ${big.status}   (targets ≤ 15 s, ≤ 1.5 GB)`);
  console.log(`  one character past the cap: refused in ${refused.ms.toFixed(0)} ms, exit ${refused.status}   (target < 1 s, exit 2)`);
}
rmSync(work, { recursive: true, force: true });
