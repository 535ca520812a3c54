/**
 * Where a prototxt layer's hint goes and how an erroneous layer's hint reads, over LSP, on
 * examples/resnet50.prototxt (KaimingHe/deep-residual-networks ResNet-50-deploy.prototxt); a
 * concatenation's hover on test/data/caffe/googlenet.prototxt (BVLC bvlc_googlenet deploy): the
 * inception (3a) output is 64 + 128 + 32 + 32 = 256 channels at 28×28 (Szegedy et al. 2015, Table 1).
 * Shapes: He et al. 2016, Table 1 (conv1 112×112×64; pool1 56×56 with Caffe's ceil pooling).
 * A bottom no layer above produces is an error in Caffe (net.cpp · AppendBottom: "Unknown bottom
 * blob"), so pool1 reading "conv9" has one, and its hint is marked.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { fileUri, ROOT, startCheckedClient, type TestClient } from './support/harness.js';

let client: TestClient;

beforeAll(async () => {
  client = await startCheckedClient({ resolveTooltips: true });
}, 60_000);

afterAll(async () => {
  await client?.stop();
});

const file = path.join(ROOT, 'examples', 'resnet50.prototxt');
const text = readFileSync(file, 'utf8');

describe('prototxt hovers', () => {
  it('show the sum a Concat came from', async () => {
    const googlenet = path.join(ROOT, 'test', 'data', 'caffe', 'googlenet.prototxt');
    const source = readFileSync(googlenet, 'utf8');
    const uri = fileUri(googlenet);
    await client.open(uri, 'prototxt', source);
    const line = source.split('\n').findIndex((l) => l.includes('name: "inception_3a/output"'));
    const hover = await client.hover(uri, { line, character: 4 });
    const md = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    expect(md).toContain('`inception_3a/output: (10, 256, 28, 28)`');
    expect(md).toContain('Concatenated on axis 1: `64 + 128 + 32 + 32 = 256`');
  });
});

describe('prototxt hints', () => {
  it('sit at the end of each layer\'s name: line (not after its block), padded', async () => {
    const uri = fileUri(file);
    await client.open(uri, 'prototxt', text);
    const hints = (await client.hints(uri))!;
    const lines = text.split('\n');
    expect(hints.length).toBeGreaterThan(200);
    // The legacy net input (`input: "data"` + `input_dim`) has no layer block: its hint is on that line.
    expect(lines[hints[0]!.position.line]).toBe('input: "data"');
    for (const h of hints.slice(1)) {
      expect(lines[h.position.line]).toMatch(/^\s*name:/);
      expect(h.position.character).toBe(lines[h.position.line]!.replace(/\r$/, '').length);
      expect(h.paddingLeft).toBe(true);
    }
    const at = (name: string) => hints.find((h) => lines[h.position.line]!.includes(`name: "${name}"`))!.label;
    expect(at('conv1')).toBe('→ (1, 64, 112, 112)');
    expect(at('pool1')).toBe('→ (1, 64, 56, 56)');
  });

  it('mark the layer with an error, and the tooltip says why', async () => {
    const uri = fileUri(path.join(ROOT, 'examples', 'resnet50-broken.prototxt'));
    const pool1 = text.indexOf('name: "pool1"');
    const bottom = text.lastIndexOf('bottom: "conv1"', pool1);
    const broken = text.slice(0, bottom) + 'bottom: "conv9"' + text.slice(bottom + 'bottom: "conv1"'.length);
    await client.open(uri, 'prototxt', broken);
    const errors = (await client.waitDiagnostics(uri, 1)).diagnostics.filter((d) => d.severity === 1);
    expect(errors.length).toBeGreaterThan(0);
    const hints = (await client.hints(uri))!;
    const lines = broken.split('\n');
    const marked = hints.filter((h) => String(h.label).endsWith(' ✗'));
    expect(marked.map((h) => lines[h.position.line]!.trim())).toContain('name: "pool1"');
    // conv1 itself is fine: unmarked.
    expect(hints.find((h) => lines[h.position.line]!.includes('name: "conv1"'))!.label).toBe('→ (1, 64, 112, 112)');
    const poolHint = marked.find((h) => lines[h.position.line]!.includes('name: "pool1"'))!;
    const resolved = await client.connection.sendRequest<InlayHint>('inlayHint/resolve', poolHint);
    const tooltip = typeof resolved.tooltip === 'object' ? resolved.tooltip.value : String(resolved.tooltip);
    expect(tooltip).toMatch(/^✗ .*conv9/);
  });
});
