/**
 * Sizes checked in Python as in prototxt (issue 11 §2), in the real server: the diagnostics of
 * test/cli/fixtures/sizes/tf_keras_sizes.py sit on the argument they judge, with the LSP severity of
 * each verdict; the tuple fix for `Reshape(3136)` clears its error; the valid twins get exact hints
 * and no hint shows a negative or float size. Verdicts and their sources: test/cli/sizes.test.ts
 * (each case with its accepted twin and the source line in test/python/sizes.test.ts).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { applyEdits, fileUri, ROOT } from './support/harness.js';
import { serverForSuite } from './support/suite.js';

const startClient = serverForSuite();

const FILE = path.join(ROOT, 'test', 'cli', 'fixtures', 'sizes', 'tf_keras_sizes.py');

it('puts each size verdict on its argument with its severity, and the Reshape tuple fix clears its error', async () => {
  const c = await startClient({ env: { SHAPELENS_CHECK_INCREMENTAL: '1' } });
  const uri = fileUri(FILE);
  const text = readFileSync(FILE, 'utf8');
  const lines = text.split('\n');
  await c.open(uri, 'python', text);
  const diagnostics = (await c.waitDiagnostics(uri, 1)).diagnostics;
  const at = (needle: string) => {
    const line = lines.findIndex((l) => l.includes(needle));
    return { line, character: lines[line]!.indexOf(needle) };
  };
  expect(diagnostics.map((d) => [d.range.start, d.severity, d.code])).toEqual([
    [at('-8'), DiagnosticSeverity.Error, 'invalid-size'],
    [at('0)(flat)'), DiagnosticSeverity.Warning, 'empty-output'],
    [at('(7.0, 7, 64)'), DiagnosticSeverity.Information, 'size-rejected-somewhere'],
    [at('3136)(flat)'), DiagnosticSeverity.Error, 'invalid-size'],
    [at('(-1, -1, 64)'), DiagnosticSeverity.Error, 'invalid-size'],
    [at('((1, 2), (-1, 1))'), DiagnosticSeverity.Error, 'invalid-size'],
    [at('((20, 20), (0, 0))'), DiagnosticSeverity.Warning, 'non-positive-output'],
    [at('"ab,bc->ac"'), DiagnosticSeverity.Error, 'invalid-equation'],
  ]);
  const hints = (await c.hints(uri))!.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
  expect(hints).toContain('→ (None, 7, 7, 64)');
  expect(hints).toContain('→ (None, 10, 64)');
  for (const h of hints) expect(h).not.toMatch(/-\d|\d\.\d|e\+/);

  const reshape = diagnostics.find((d) => d.range.start.line === at('3136)(flat)').line)!;
  const fix = (await c.codeActions(uri, reshape.range))!.find((a) => a.title === 'Write it as the tuple (3136,)');
  expect(fix).toBeTruthy();
  const fixed = applyEdits(text, fix!.edit!.changes![uri]!);
  expect(fixed).toContain('layers.Reshape((3136,))(flat)');
  const v = await c.change(uri, fixed);
  const after = (await c.waitDiagnostics(uri, v)).diagnostics;
  expect(after.filter((d) => d.range.start.line === reshape.range.start.line)).toEqual([]);
  expect(after).toHaveLength(diagnostics.length - 1);
});
