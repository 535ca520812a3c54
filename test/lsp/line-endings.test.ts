/**
 * Line ends as LSP counts them (3.17 "Text Documents": `\n`, `\r\n` and a lone `\r` each end a
 * line), in the real server: the same file with `\n`, `\r\n`, lone `\r` or a mix gets its hints
 * and diagnostics on the same lines, each hint at the end of its line, never past it.
 *
 * Expected shapes are those of test/lsp/python.test.ts for the same files, with its sources:
 * examples/official_resnet_stem.py (He et al. 2016 Table 1: conv1 → 112, pool → 56) and
 * examples/deconv_seed.py (TF accepts 55 or 56 for conv2d_transpose SAME stride 2 on 28,
 * SHAPE_SEMANTICS §2.4.1); examples/resnet50.prototxt (He et al. 2016 Table 1: conv1 112×112).
 * Python ends a line at a lone `\r` too (python/cpython Parser/tokenizer.c · translate_newlines turns
 * `\r\n` and `\r` into `\n`; Lib/importlib/_bootstrap_external.py · decode_source reads modules with
 * universal newlines).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { fileUri, ROOT, TestClient } from './support/harness.js';
import { serverForSuite } from './support/suite.js';

const startClient = serverForSuite();
const start = (): Promise<TestClient> => startClient({ env: { SHAPELENS_CHECK_INCREMENTAL: '1' } });

function example(file: string): string {
  return readFileSync(path.join(ROOT, 'examples', file), 'utf8');
}

/** The lines of `text` joined by `ends(i)`: the line end after line i. */
function rejoin(text: string, ends: (i: number) => string): string {
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? l + ends(i) : l)).join('');
}

const MIXED = ['\r', '\r\n', '\n'];
const VARIANTS: [string, (i: number) => string][] = [
  ['\\r\\n', () => '\r\n'],
  ['lone \\r', () => '\r'],
  ['mixed', (i) => MIXED[i % 3]!],
];

function lineTexts(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function hintRows(hints: readonly InlayHint[]): string[] {
  return hints.map((h) => `${h.position.line}:${h.position.character} ${String(h.label)}`).sort();
}

describe('line ends in positions', () => {
  for (const [name, ends] of VARIANTS) {
    it(`Python with ${name}: hints and the diagnostic on the lines of the \\n file`, async () => {
      const c = await start();
      const stem = example('official_resnet_stem.py');
      const seed = example('deconv_seed.py');
      const [stemUri, seedUri] = [fileUri('/tmp/le/stem.py'), fileUri('/tmp/le/seed.py')];
      const [stemLfUri, seedLfUri] = [fileUri('/tmp/le/stem-lf.py'), fileUri('/tmp/le/seed-lf.py')];
      await c.open(stemLfUri, 'python', stem);
      await c.open(seedLfUri, 'python', seed);
      const stemText = rejoin(stem, ends);
      await c.open(stemUri, 'python', stemText);
      await c.open(seedUri, 'python', rejoin(seed, ends));

      const hints = (await c.hints(stemUri))!;
      expect(hintRows(hints)).toEqual(hintRows((await c.hints(stemLfUri))!));
      const conv1 = stem.split('\n').findIndex((l) => l.includes('net = conv2d_fixed_padding(images'));
      expect(hints.filter((h) => h.position.line === conv1).map((h) => h.label)).toEqual(['→ (None, 112, 112, 64)']);
      const lines = lineTexts(stemText);
      for (const h of hints) expect(h.position.character).toBe(lines[h.position.line]!.length);

      const errors = (await c.waitDiagnostics(seedUri, 1)).diagnostics.filter((d) => d.severity === 1);
      const expected = (await c.waitDiagnostics(seedLfUri, 1)).diagnostics.filter((d) => d.severity === 1);
      expect(errors.map((d) => d.code)).toEqual(['deconv-output-shape']);
      expect(errors.map((d) => d.range)).toEqual(expected.map((d) => d.range));
      expect(c.errors.join('\n')).toBe('');
    });

    it(`prototxt with ${name}: hints and a syntax error on the lines of the \\n file`, async () => {
      const c = await start();
      // A syntax error in the last layer: `top: :`.
      const net = example('resnet50.prototxt').replace(/top: "prob"/, 'top: : "prob"');
      const [uri, lfUri] = [fileUri('/tmp/le/net.prototxt'), fileUri('/tmp/le/net-lf.prototxt')];
      const text = rejoin(net, ends);
      await c.open(lfUri, 'prototxt', net);
      await c.open(uri, 'prototxt', text);
      const hints = (await c.hints(uri))!;
      expect(hintRows(hints)).toEqual(hintRows((await c.hints(lfUri))!));
      expect(hints.map((h) => h.label)).toContain('→ (1, 64, 112, 112)');
      const lines = lineTexts(text);
      for (const h of hints) expect(h.position.character).toBeLessThanOrEqual(lines[h.position.line]!.length);
      const syntax = (await c.waitDiagnostics(uri, 1)).diagnostics.filter((d) => d.code === 'syntax-error');
      const expected = (await c.waitDiagnostics(lfUri, 1)).diagnostics.filter((d) => d.code === 'syntax-error');
      expect(syntax.length).toBeGreaterThan(0);
      expect(syntax.map((d) => [d.range, d.message])).toEqual(expected.map((d) => [d.range, d.message]));
      expect(lines[syntax[0]!.range.start.line]).toContain('top: :');
    });
  }

  it('a lone \\r ends a Python line: `x = 1\\ry = 2` style statements each get their hint', async () => {
    const c = await start();
    const stem = example('official_resnet_stem.py');
    // Every line end a lone \r: tree-sitter-python alone would read the file as one broken line.
    const uri = fileUri('/tmp/le/all-cr.py');
    await c.open(uri, 'python', stem.replace(/\n/g, '\r'));
    const lf = fileUri('/tmp/le/all-lf.py');
    await c.open(lf, 'python', stem);
    expect(hintRows((await c.hints(uri))!)).toEqual(hintRows((await c.hints(lf))!));
    expect((await c.waitDiagnostics(uri, 1)).diagnostics).toEqual((await c.waitDiagnostics(lf, 1)).diagnostics);
  });

  it('edits in a document with lone \\r keep hints on their lines', async () => {
    const c = await start();
    const stem = example('official_resnet_stem.py');
    const uri = fileUri('/tmp/le/edit.py');
    await c.open(uri, 'python', rejoin(stem, (i) => MIXED[i % 3]!));
    // Insert a comment line (ended by a lone \r) at the top, then remove it again.
    await c.edit(uri, [{ start: 0, end: 0, text: '# shapes\r' }]);
    const moved = (await c.hints(uri))!;
    const lf = fileUri('/tmp/le/edit-lf.py');
    await c.open(lf, 'python', `# shapes\n${stem}`);
    expect(hintRows(moved)).toEqual(hintRows((await c.hints(lf))!));
    expect(c.errors.join('\n')).toBe('');
  });
});
