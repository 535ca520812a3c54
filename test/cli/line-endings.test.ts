// The CLI reports lines as LSP counts them (`\n`, `\r\n`, lone `\r`; parsing/lines.ts), so a file
// saved with old-Mac or mixed line ends gets the rows and diagnostics of the same file with `\n`.
// Expected values are the `\n` file's (examples/deconv_seed.py: its sources are in test/lsp/python.test.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs']);
}, 60_000);

function report(file: string): unknown {
  const r = spawnSync(process.execPath, ['dist/cli.js', '--json', file], { encoding: 'utf8', timeout: 60_000 });
  const files = JSON.parse(r.stdout) as { file: string }[];
  return files.map(({ file: _, ...rest }) => rest);
}

test.each([
  ['lone \\r', '\r'],
  ['mixed', null],
])('a Python file with %s line ends reports the lines of the \\n file', (_name, end) => {
  const dir = mkdtempSync(join(tmpdir(), 'shapelens-le-'));
  const text = readFileSync('examples/deconv_seed.py', 'utf8');
  const ends = ['\r', '\r\n', '\n'];
  const lines = text.split('\n');
  const other = lines.map((l, i) => (i < lines.length - 1 ? l + (end ?? ends[i % 3]) : l)).join('');
  writeFileSync(join(dir, 'lf.py'), text);
  writeFileSync(join(dir, 'other.py'), other);
  const expected = report(join(dir, 'lf.py'));
  expect(JSON.stringify(expected)).toContain('deconv-output-shape');
  expect(report(join(dir, 'other.py'))).toEqual(expected);
});
