/**
 * Heavy documents in the real server (issue 11 §4): a Python text over 1 M characters
 * (worker-protocol.ts · HEAVY_CHARS) is analysed in a worker of its own (worker-pool.ts), parsed
 * in parts with no tree kept, so it holds up no other document: a small document opened while
 * it is analysed gets its hints first. Its hints are the same as a small document's would be, a
 * cancelled request on it gets RequestCancelled (-32800), and an edit stops its analysis: the
 * request for the old text ends with ContentModified (-32801) and the new text is analysed
 * (back in the shared worker once it is small). Bounded sizes: ~1.05 M characters, no timings,
 * only the order of replies and their codes.
 *
 * Expected shapes: the bench's generated ResNet blocks (bench/inputs.ts · resnetBlocksPython):
 * 224 → ZeroPadding2D(3) 230 → Conv2D 7/2 VALID ⌊(230 − 7)/2⌋ + 1 = 112 → ZeroPadding2D(1) 114 →
 * MaxPooling2D 3/2 VALID ⌊(114 − 3)/2⌋ + 1 = 56 (keras/src/ops/operation_utils.py ·
 * compute_conv_output_shape / compute_pooling_output_shape; He et al. 2016 Table 1: conv1
 * 112×112, pool 56×56), 256 channels after each block's last 1×1 conv and the Add, and
 * GlobalAveragePooling2D → (None, 256); a 3×3 VALID Conv2D on 32 gives 30.
 */
import { describe, expect, it } from 'vitest';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol/node';
import { resnetBlocksNear } from '../../bench/inputs.js';
import { HEAVY_CHARS } from '../../server/src/lsp/worker-protocol.js';
import { serverForSuite } from './support/suite.js';

const start = serverForSuite();

const HEAVY = 'file:///tmp/heavy-test/blocks.py';
const SMALL_URI = 'file:///tmp/heavy-test/small.py';
const SMALL = 'from tensorflow.keras import layers, Input\nx = Input((32, 32, 3))\ny = layers.Conv2D(8, 3)(x)\n';
const SMALL_HINTS = ['→ (None, 32, 32, 3)', '→ (None, 30, 30, 8)'];

const { text } = resnetBlocksNear(HEAVY_CHARS + 50_000);
/** Each test analyses the heavy text once or twice: seconds on a loaded machine (a bound, not a timing). */
const HEAVY_TIMEOUT = 120_000;

/** How a request ended: 'answered', or its error code. */
function outcome(p: Promise<unknown>): Promise<'answered' | number> {
  return p.then(
    () => 'answered' as const,
    (e: unknown) => (e instanceof ResponseError ? e.code : -1),
  );
}

describe('a heavy document in the server', () => {
  it('is over the size that makes it heavy', () => {
    expect(text.length).toBeGreaterThan(HEAVY_CHARS);
  });

  it('gets the hints a small document would, while a small document opened meanwhile is answered first', async () => {
    const c = await start();
    await c.open(HEAVY, 'python', text);
    let heavyAnswered = false;
    const heavyHints = c.hints(HEAVY).then((h) => ((heavyAnswered = true), h));
    await c.open(SMALL_URI, 'python', SMALL);
    expect((await c.hints(SMALL_URI))!.map((h) => h.label)).toEqual(SMALL_HINTS);
    // The small document did not wait for the heavy one's analysis.
    expect(heavyAnswered).toBe(false);
    const hints = (await heavyHints)!;
    const lines = text.split('\n');
    const at = (line: string): string[] => hints.filter((h) => h.position.line === lines.indexOf(line)).map((h) => String(h.label));
    expect(at("x = layers.Conv2D(64, 7, strides=2, name='conv1_conv')(x)")).toEqual(['→ (None, 112, 112, 64)']);
    expect(at('x = layers.MaxPooling2D(3, strides=2)(x)')).toEqual(['→ (None, 56, 56, 64)']);
    expect(at("y = layers.Conv2D(256, 1, name='b500_3')(y)")).toEqual(['→ (None, 56, 56, 256)']);
    expect(at('outputs = layers.GlobalAveragePooling2D()(x)')).toEqual(['→ (None, 256)']);
    // One hint on every line that applies a layer.
    const layerLines = lines.flatMap((l, i) => (/= (layers|keras)\.\w+\(.*\)\(/.test(l) ? [i] : []));
    const hinted = new Set(hints.map((h) => h.position.line));
    expect(layerLines.filter((i) => !hinted.has(i))).toEqual([]);
    expect(c.errors).toEqual([]);
  }, HEAVY_TIMEOUT);

  it('answers a cancelled request with RequestCancelled, and an edit stops its analysis: the new text is analysed', async () => {
    const c = await start();
    await c.open(HEAVY, 'python', text);
    const source = new CancellationTokenSource();
    const cancelled = outcome(c.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: HEAVY }, range: c.wholeRange(HEAVY) }, source.token));
    setTimeout(() => source.cancel(), 20);
    expect(await cancelled).toBe(-32800);
    const stale = outcome(c.hints(HEAVY));
    const version = await c.change(HEAVY, SMALL);
    // The request for the old text ends with ContentModified: its text is gone.
    expect(await stale).toBe(-32801);
    expect((await c.hints(HEAVY))!.map((h) => h.label)).toEqual(SMALL_HINTS);
    await c.waitDiagnostics(HEAVY, version);
    expect(c.published.filter((p) => p.uri === HEAVY).map((p) => p.version)).toEqual([version]);
    // Heavy again: analysed in a heavy worker started anew.
    const again = text.replace("name='b500_3'", "name='b500_3x'");
    await c.change(HEAVY, again);
    const hints = (await c.hints(HEAVY))!;
    const line = again.split('\n').indexOf("y = layers.Conv2D(256, 1, name='b500_3x')(y)");
    expect(hints.filter((h) => h.position.line === line).map((h) => h.label)).toEqual(['→ (None, 56, 56, 256)']);
    expect(c.errors).toEqual([]);
  }, HEAVY_TIMEOUT);
});
