// `shapelens` on Jupyter notebooks (test/data/notebook/, written for these tests): positions as
// (cell, line within the cell) in the table, JSON and SARIF; malformed notebooks refused clearly.
// Expected values: keras-io examples/vision/md/mnist_convnet.md (model.summary(): 34,826 params,
// Dense (None, 10)); Keras 1 Convolution2D(64, 7, 7, subsample=(2, 2), border_mode='same') on 224
// gives 112 (SHAPE_SEMANTICS §2.2; ResNet conv1, He et al. 2016 Table 1); the Deconvolution2D seed's
// error and fix (SHAPE_SEMANTICS §2.4.1, as in test/python/keras1.test.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const DATA = 'test/data/notebook';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs']);
}, 60_000);

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonEdit {
  cell: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}
interface JsonNotebook {
  file: string;
  skippedCells: { cell: number; reason: string }[];
  layers: { cell: number; line: number; type: string; name: string | null; outputs: Record<string, unknown>; params: number | null }[];
  diagnostics: { cell: number; line: number; column: number; severity: string; code: string; fixes: { title: string; edits: JsonEdit[] }[] }[];
}

const json = (file: string) => JSON.parse(cli('--json', `${DATA}/${file}`).stdout) as JsonNotebook[];

/** The 0-based line and 1-based column of `needle` in code cell `cell` of a test notebook. */
function find(file: string, cell: number, needle: string): { line: number; column: number } {
  const nb = JSON.parse(readFileSync(`${DATA}/${file}`, 'utf8')) as { cells: { source: string[] }[] };
  const lines = nb.cells[cell]!.source.join('').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, column: lines[line]!.indexOf(needle) + 1 };
}

describe('notebooks', () => {
  test("keras-io's MNIST convnet: the table, the %%bash cell listed as not analysed", () => {
    const r = cli(`${DATA}/mnist_convnet.ipynb`);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${DATA}/mnist_convnet.ipynb (notebook, python)`);
    expect(r.stdout).toContain('Total params: 34,826');
    expect(lines).toContain(`${DATA}/mnist_convnet.ipynb:cell 4: not analysed: its %%bash cell magic makes it another language`);
  });

  test('JSON: each layer carries its cell and its line within the cell (1-based, as for files)', () => {
    const [nb] = json('mnist_convnet.ipynb');
    expect(nb!.skippedCells).toEqual([{ cell: 4, reason: 'its %%bash cell magic makes it another language' }]);
    const dense = nb!.layers.find((l) => l.type === 'layers.Dense')!;
    expect({ cell: dense.cell, line: dense.line }).toEqual({ cell: 5, line: find('mnist_convnet.ipynb', 5, 'layers.Dense').line + 1 });
  });

  test('a Keras 1 model: shapes, the Deconvolution2D error and its fix in cell positions, exit 1', () => {
    const r = cli('--json', `${DATA}/keras1_deconv.ipynb`);
    expect(r.status).toBe(1);
    const [nb] = JSON.parse(r.stdout) as JsonNotebook[];
    expect(nb!.layers.find((l) => l.type === 'Convolution2D')).toMatchObject({ cell: 2, line: 2, outputs: { c: [null, 64, 112, 112] }, params: 9472 });
    const at = find('keras1_deconv.ipynb', 3, '(None, 3, 14, 14)');
    const [d] = nb!.diagnostics;
    expect(d).toMatchObject({ cell: 3, line: at.line + 1, column: at.column, severity: 'error', code: 'deconv-output-shape' });
    expect(d!.fixes[0]!.edits).toEqual([{ cell: 3, line: at.line + 1, column: at.column, endLine: at.line + 1, endColumn: at.column + '(None, 3, 14, 14)'.length, newText: '(None, 256, 56, 56)' }]);
    const table = cli(`${DATA}/keras1_deconv.ipynb`).stdout;
    expect(table).toContain(`${DATA}/keras1_deconv.ipynb:cell 3:${at.line + 1}:${at.column}: error: output_shape (None, 3, 14, 14) is invalid: rows and cols must be 55 or 56`);
  });

  test('SARIF: the region counts lines in the cell, the location names the cell', () => {
    const log = JSON.parse(cli('--format', 'sarif', `${DATA}/keras1_deconv.ipynb`).stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } }; properties: { cell: number } }[] }[] }[];
    };
    const at = find('keras1_deconv.ipynb', 3, '(None, 3, 14, 14)');
    const [location] = log.runs[0]!.results[0]!.locations;
    expect(location).toEqual({
      physicalLocation: { artifactLocation: { uri: `${DATA}/keras1_deconv.ipynb` }, region: expect.objectContaining({ startLine: at.line + 1, startColumn: at.column }) },
      properties: { cell: 3 },
    });
  });

  test('a functional model split across cells: the tensor of cell 1 flows through cells 3 and 4', () => {
    const [nb] = json('functional_cells.ipynb');
    const layer = (name: string) => nb!.layers.find((l) => l.name === name)!;
    expect(layer('conv')).toMatchObject({ cell: 3, line: 1, outputs: { x: [null, 32, 32, 16] } });
    expect(layer('pool')).toMatchObject({ cell: 3, line: 2, outputs: { x: [null, 16, 16, 16] } });
    expect(layer('head')).toMatchObject({ cell: 4, line: 1, outputs: { outputs: [null, 10] } });
  });
});

test('a notebook of another language (an R kernel) is skipped with a note, not an error: exit 0, the others reported', () => {
  const r = cli(`${DATA}/r_kernel.ipynb`, `${DATA}/functional_cells.ipynb`);
  expect(r.status).toBe(0);
  expect(r.stderr).toMatch(/r_kernel\.ipynb: not analysed: its metadata gives the language R: Shape Lens reads Python notebooks/);
  expect(r.stdout).toContain(`${DATA}/functional_cells.ipynb (notebook, python)`);
});

describe('malformed notebooks exit 2 with a clear message; the other files are still reported', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'shapelens-nb-'));
  const file = (name: string, content: string) => {
    writeFileSync(join(tmp, name), content);
    return join(tmp, name);
  };
  test.each([
    ['truncated.ipynb', `${DATA}/truncated.ipynb`, /: not valid JSON: /],
    ['nbformat3.ipynb', `${DATA}/nbformat3.ipynb`, /: nbformat 3 notebook: Shape Lens reads nbformat 4/],
    ['package.json renamed', file('package.ipynb', '{"name": "x", "version": "1.0.0"}'), /: not a Jupyter notebook: no "nbformat"/],
    ['binary', file('binary.ipynb', String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 256))), /: not valid JSON: /],
  ])('%s', (_, path, message) => {
    const r = cli(path, `${DATA}/functional_cells.ipynb`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toContain(`${DATA}/functional_cells.ipynb (notebook, python)`);
  });
});
