// The `shapelens` program as a user runs it: the built bundle, real files, exit codes, JSON.
// Expected shapes: ResNet-50 conv1 112×112 and pool1 56×56 (He et al. 2016, Table 1; pool1 is 56
// in Caffe's ceil mode, SHAPE_SEMANTICS §5.2); LeNet on MNIST 28×28 → conv1 24×24, pool1 12×12
// (Caffe MNIST tutorial, examples/mnist/lenet_train_test.prototxt); the Deconvolution2D seed
// (SHAPE_SEMANTICS §2.4.1).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const CORPUS = 'test/data/caffe';
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs']);
}, 60_000);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonLayer {
  line: number;
  name: string | null;
  type: string;
  outputs: Record<string, (number | string | null)[] | null>;
  params: number | null;
  macs: number | null;
}
interface JsonFile {
  file: string;
  language: string;
  layers: JsonLayer[];
  diagnostics: { line: number; column: number; severity: string; code: string; message: string; fixes: unknown[] }[];
}

function json(...args: string[]): { status: number | null; files: JsonFile[] } {
  const r = cli('--json', ...args);
  return { status: r.status, files: JSON.parse(r.stdout) as JsonFile[] };
}

const tmp = mkdtempSync(join(tmpdir(), 'shapelens-cli-'));
function file(name: string, content: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

describe('reports', () => {
  test('the JSON contract on ResNet-50: line, name, type, one output per top, params, MACs', () => {
    const { status, files } = json('examples/resnet50.prototxt');
    expect(status).toBe(0);
    expect(files).toHaveLength(1);
    const [f] = files;
    expect(f).toMatchObject({ file: 'examples/resnet50.prototxt', language: 'prototxt', diagnostics: [] });
    const conv1 = f!.layers.find((l) => l.name === 'conv1')!;
    // conv1 has a bias (bias_term defaults to true): 64·3·7·7 + 64 weights; 112·112·64·147 MACs.
    expect(conv1).toEqual({ line: 8, name: 'conv1', type: 'Convolution', outputs: { conv1: [1, 64, 112, 112] }, params: 9472, macs: 118013952 });
    expect(f!.layers.find((l) => l.name === 'pool1')!.outputs).toEqual({ pool1: [1, 64, 56, 56] });
  });

  test('the table: one row per layer, totals, like model.summary()', () => {
    const { status, stdout } = cli('examples/resnet50.prototxt');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^conv1 \(Convolution\) +\(1, 64, 112, 112\) +9,472 +118,013,952$/m);
    expect(stdout).toMatch(/^Total params: 25,557,096 \(25\.56 M\)$/m);
  });

  test('--input gives the shape an LMDB Data layer cannot state; --phase picks the TRAIN view', () => {
    const test = json('--input', 'data=100,1,28,28', `${CORPUS}/lenet_train_test.prototxt`);
    expect(test.status).toBe(0);
    const byName = (f: JsonFile, n: string) => f.layers.find((l) => l.name === n)!;
    expect(byName(test.files[0]!, 'conv1').outputs).toEqual({ conv1: [100, 20, 24, 24] });
    expect(byName(test.files[0]!, 'pool1').outputs).toEqual({ pool1: [100, 20, 12, 12] });
    expect(byName(test.files[0]!, 'accuracy')).toBeDefined();
    const train = json('--phase', 'TRAIN', '--input', 'data=64,1,28,28', `${CORPUS}/lenet_train_test.prototxt`);
    expect(byName(train.files[0]!, 'conv1').outputs).toEqual({ conv1: [64, 20, 24, 24] });
    expect(train.files[0]!.layers.some((l) => l.name === 'accuracy')).toBe(false);
  });

  test('without --input, the unknown stays unknown downstream and the file says how to fix it', () => {
    const { files } = json(`${CORPUS}/lenet_train_test.prototxt`);
    const conv1 = files[0]!.layers.find((l) => l.name === 'conv1')!;
    expect(conv1.outputs.conv1).toEqual([100, 20, null, null]);
    const advice = files[0]!.diagnostics.map((d) => d.message).join('\n');
    expect(advice).toContain('--input data=D0,D1,…');
    expect(advice).toContain('"shapelens.prototxt.defaultInputs": {"data": [D0, D1, …]}');
  });

  test('Python: the Deconvolution2D seed is an error (exit 1) with the right output_shape', () => {
    const { status, files } = json('examples/deconv_seed.py');
    expect(status).toBe(1);
    const d = files[0]!.diagnostics.find((x) => x.code === 'deconv-output-shape')!;
    expect(d).toMatchObject({ line: 7, severity: 'error' });
    expect(d.message.startsWith("output_shape (None, 3, 14, 14) is invalid: rows and cols must be 55 or 56, channels 256")).toBe(true);
    expect(d.message).toContain('is 3 but nb_filter is 256');
    // The fix: the 56×56 that Caffe's Deconvolution with the same numbers gives (the file's comment),
    // replacing the `(None, 3, 14, 14)` argument in place (line 7, columns 65–81); its title says why 56
    // of the admissible {55, 56}: S·I, what Caffe's deconv with pad (K − S)/2 = 1 gives.
    expect(d.fixes).toEqual([{ title: 'Set output_shape to (None, 256, 56, 56) — 2× upsampling, as Caffe pad 1; 55 also valid', edits: [{ line: 7, column: 65, endLine: 7, endColumn: 82, newText: '(None, 256, 56, 56)' }] }]);
  });

  test('Python: symbolic dims are strings in JSON', () => {
    const p = file('sym.py', 'from tensorflow.keras import layers\nx = layers.Input(shape=(None, None, 3))\ny = layers.Conv2D(8, 3, strides=2, padding="same")(x)\n');
    const { files } = json(p);
    expect(files[0]!.layers.find((l) => l.type === 'layers.Conv2D')!.outputs).toEqual({ y: [null, 'ceil(H/2)', 'ceil(W/2)', 8] });
  });
});

describe('Python imports across files (on-disk fixture test/cli/fixtures/project)', () => {
  // SAME convs: out = ceil(in / stride) (TensorFlow's tf.nn.convolution docs); no-bias Conv2D
  // params = filters·k·k·in; BatchNormalization 4·channels; Dense units·(in + 1).
  const TRAIN = 'test/cli/fixtures/project/app/train.py';
  test('--path DIR finds the helpers; their layers count in the table, with their file in the JSON', () => {
    const { status, files } = json('--path', 'test/cli/fixtures/project/lib', TRAIN);
    expect(status).toBe(0);
    const f = files[0]!;
    expect(f.diagnostics).toEqual([]);
    const convs = f.layers.filter((l) => l.type === 'layers.Conv2D') as (JsonLayer & { file?: string })[];
    expect(convs.map((l) => [Object.values(l.outputs)[0], l.params])).toEqual([
      [[null, 16, 16, 16], 432],
      [[null, 8, 8, 32], 4608],
      [[null, 8, 8, 64], 18432],
    ]);
    expect(convs[2]!.file).toMatch(/fixtures\/project\/lib\/nets\/blocks\.py$/);
    expect(f.layers.find((l) => l.type === 'layers.Dense')!.outputs).toEqual({ output: [null, 10] });
    // 432 + 64 + 4608 + 128 + 18432 + 256 + 650
    expect(cli('--path', 'test/cli/fixtures/project/lib', TRAIN).stdout).toContain('Total params: 24,570');
  });

  test('without it, each import of the helpers gets one information note and nothing else', () => {
    const { status, files } = json(TRAIN);
    expect(status).toBe(0);
    expect(files[0]!.diagnostics.map((d) => [d.line, d.severity, d.code])).toEqual([
      [4, 'information', 'unresolved-import'],
      [5, 'information', 'unresolved-import'],
    ]);
  });
});

describe('files, directories, formats', () => {
  test('a directory stands for the model files under it, in name order', () => {
    const dir = join(tmp, 'project');
    mkdirSync(join(dir, 'nets', 'deep'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'pkg'), { recursive: true });
    mkdirSync(join(dir, '.git'), { recursive: true });
    writeFileSync(join(dir, 'nets', 'lenet.prototxt'), readFileSync(`${CORPUS}/lenet_train_test.prototxt`));
    writeFileSync(join(dir, 'nets', 'deep', 'seed.py'), readFileSync('examples/deconv_seed.py'));
    writeFileSync(join(dir, 'nets', 'README.md'), 'not a model');
    writeFileSync(join(dir, 'node_modules', 'pkg', 'vendored.py'), readFileSync('examples/deconv_seed.py'));
    writeFileSync(join(dir, '.git', 'hook.py'), readFileSync('examples/deconv_seed.py'));
    execFileSync('mkfifo', [join(dir, 'nets', 'pipe.py')]); // never opened: reading it would wait for a writer
    const { status, files } = json('--input', 'data=100,1,28,28', dir);
    expect(files.map((f) => f.file)).toEqual([join(dir, 'nets', 'deep', 'seed.py'), join(dir, 'nets', 'lenet.prototxt')]);
    expect(status).toBe(1); // the seed's error
  });

  test('a file without layers says so in one line', () => {
    const r = cli(file('helpers.py', 'import os\n\ndef scale(x):\n    return 2 * x\n'));
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${join(tmp, 'helpers.py')} (python): no layers found\n`);
  });

  test('--json is --format json; --format sarif is a SARIF 2.1.0 log of the diagnostics', () => {
    expect(cli('--json', 'examples/deconv_seed.py').stdout).toBe(cli('--format', 'json', 'examples/deconv_seed.py').stdout);
    const r = cli('--format', 'sarif', 'examples/deconv_seed.py');
    expect(r.status).toBe(1);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string; version: string } }; results: { ruleId: string; level: string }[] }[] };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'Shape Lens', version: pkg.version });
    expect(log.runs[0]!.results.map((x) => [x.ruleId, x.level])).toEqual([['deconv-output-shape', 'error']]);
  });

  test('--version prints package.json\'s version; --help every flag and the exit codes', () => {
    expect(cli('--version')).toMatchObject({ status: 0, stdout: `shapelens ${pkg.version}\n` });
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const flag of ['--format', '--json', '--notes', '--input', '--phase', '--version', '--help']) expect(help.stdout).toContain(flag);
    expect(help.stdout).toContain('Exit status:');
  });
});

describe('bad input never crashes', () => {
  test.each([
    ['empty.prototxt', ''],
    ['garbage.prototxt', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))],
    ['garbage.py', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 104729) % 256))],
    ['absurd.prototxt', 'input: "data" input_dim: 1 input_dim: 3 input_dim: 1e30 input_dim: -4\nlayer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { num_output: 1e30 kernel_size: -3 stride: 0 } }\n'],
    ['cycle.prototxt', 'layer { name: "a" type: "ReLU" bottom: "b" top: "a" }\nlayer { name: "b" type: "ReLU" bottom: "a" top: "b" }\n'],
  ])('%s: a report, exit 0 or 1, no NaN, no negative size', (name, content) => {
    const r = cli('--json', file(name, content));
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.status);
    expect(r.stdout).not.toMatch(/NaN|-\d+,|: -\d/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  test('a file just under the 8 M-character cap is analysed (past it: test/cli/limits.test.ts)', () => {
    const layer = (i: number) => `layer { name: "r${i}" type: "ReLU" bottom: "data" top: "r${i}" }\n`;
    let text = 'input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8\n';
    for (let i = 0; text.length < 7_900_000; i++) text += layer(i);
    const { status, files } = json(file('big.prototxt', text));
    expect(status).toBe(0);
    expect(files[0]!.layers.length).toBeGreaterThan(100_000);
  }, 120_000);

  test('usage errors and unreadable files exit 2 with a clear message', () => {
    expect(cli()).toMatchObject({ status: 2, stderr: expect.stringContaining('no input files') });
    expect(cli('--bogus', 'x.prototxt')).toMatchObject({ status: 2, stderr: expect.stringContaining("unknown option '--bogus'") });
    expect(cli(join(tmp, 'missing.prototxt'))).toMatchObject({ status: 2, stderr: expect.stringContaining('cannot read') });
    expect(cli(file('notes.txt', 'hello'))).toMatchObject({ status: 2, stderr: expect.stringContaining('not a .prototxt, .pbtxt, .py or .ipynb file') });
    const fifo = join(tmp, 'named-pipe.prototxt');
    execFileSync('mkfifo', [fifo]);
    expect(cli(fifo)).toMatchObject({ status: 2, stderr: `shapelens: ${fifo}: cannot read: not a regular file\n` });
    expect(cli('--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('usage: shapelens') });
  });
});

test('`npm run demo`: one screen, the flagged Deconvolution2D and its fix first, exit 0 explained', () => {
  const r = spawnSync(process.execPath, ['scripts/demo.mjs'], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines.length).toBeLessThan(70);
  const fix = lines.findIndex((l) => l.includes('fix (line 7): Set output_shape to (None, 256, 56, 56)'));
  expect(fix).toBeGreaterThan(0);
  expect(fix).toBeLessThan(lines.findIndex((l) => l.includes('examples/resnet50.prototxt')));
  expect(lines.some((l) => l.includes('asymmetric-same-padding'))).toBe(true);
  expect(lines.at(-1)).toContain('the demo exits 0');
});
