// The size cap the CLI shares with the server (analysis/analyze.ts · MAX_SOURCE_CHARS, 8,000,000
// UTF-16 units, issue 11 §4): a file past it is refused with exit 2 and a message saying why, and
// the other files are still reported; and what the CLI's start-up loads (issue 12: none of the
// language server's modules).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs']);
}, 60_000);

function cli(...args: string[]) {
  return spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8', timeout: 60_000 });
}

test.each([
  ['one character over the cap', 8_000_001, '8.0 M characters is more than the 8 M Shape Lens analyses'],
  ['three times the cap in bytes, refused unread', 24_000_001, '24,000,001 bytes is more than the 8 M characters'],
])('refuses a Python file %s with exit 2, and reports the others', (_name, size, message) => {
  const dir = mkdtempSync(join(tmpdir(), 'shapelens-cap-'));
  const big = join(dir, 'big.py');
  const stem = readFileSync('examples/official_resnet_stem.py', 'utf8');
  writeFileSync(big, stem + '#'.repeat(size - stem.length));
  const r = cli(big, 'examples/official_resnet_stem.py');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`${big}: not analysed: ${message}`);
  // The file under the cap is still reported: conv1 → 112 (He et al. 2016, Table 1).
  expect(r.stdout).toContain('(None, 112, 112, 64)');
});

test('analyses a file at the cap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shapelens-cap-'));
  const file = join(dir, 'at-cap.py');
  const stem = readFileSync('examples/official_resnet_stem.py', 'utf8');
  writeFileSync(file, stem + '#'.repeat(8_000_000 - stem.length));
  const r = cli(file);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('(None, 112, 112, 64)');
});

test("the CLI bundle holds none of the language server's modules", () => {
  const bundle = readFileSync('dist/cli-bundle.js', 'utf8');
  expect(bundle).toContain('node_modules/web-tree-sitter/');
  expect(bundle).not.toMatch(/node_modules\/vscode-(languageserver|jsonrpc)/);
  expect(bundle).not.toContain('server/src/lsp/');
});
