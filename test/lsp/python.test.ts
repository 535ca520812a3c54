/**
 * The real server over LSP on Keras/TensorFlow Python: hints (a helper called twice gets one hint
 * joining its shapes), hovers with the padding explained, porting notes on/off, a quick fix and the
 * SAME → explicit padding refactor applied end to end.
 *
 * Expected shapes (examples/official_resnet_stem.py, the stem of tensorflow/models
 * official/r1/resnet/resnet_model.py): He et al. 2016 Table 1 — conv1 7×7/2 on 224 → 112 (the
 * official model pads 3 before and 3 after with fixed_padding: 230, then VALID: ⌊(230−7)/2⌋+1 = 112),
 * 3×3/2 max pool → 56. A 3×3/2 conv on 56 gives 28 under SAME (⌈56/2⌉) and under fixed_padding +
 * VALID (⌊(58−3)/2⌋+1).
 * The refactor test cites its own sources (SHAPE_SEMANTICS §1.6, §5.1; keras/applications/resnet.py).
 * examples/deconv_seed.py: Caffe Deconvolution k4 s2 p1 on 28 gives 2·(28−1)+4−2 = 56
 * (caffe/src/caffe/layers/deconv_layer.cpp · compute_output_shape); TF accepts 55 or 56 for
 * conv2d_transpose with SAME, stride 2, on 28 (S(I−1)+1 … S·I).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { applyEdits, fileUri, ROOT, TestClient } from './support/harness.js';
import { serverForSuite, type ClientOptions } from './support/suite.js';

const startClient = serverForSuite();
const start = (options: ClientOptions = {}): Promise<TestClient> => startClient({ env: { SHAPELENS_CHECK_INCREMENTAL: '1' }, ...options });

function example(file: string): { uri: string; text: string } {
  const p = path.join(ROOT, 'examples', file);
  return { uri: fileUri(p), text: readFileSync(p, 'utf8') };
}

function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`no line with ${needle}`);
  return line;
}

async function hoverText(c: TestClient, uri: string, line: number, character: number): Promise<string> {
  const h = await c.hover(uri, { line, character });
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
}

describe('Python over LSP', () => {
  it('hints each layer; a helper called twice gets one hint with both shapes', async () => {
    const c = await start();
    const { uri, text } = example('official_resnet_stem.py');
    await c.open(uri, 'python', text);
    const hints = (await c.hints(uri))!;
    const at = (needle: string) => hints.filter((h) => h.position.line === lineOf(text, needle)).map((h) => h.label);
    expect(at('images = tf.placeholder')).toEqual(['→ (None, 224, 224, 3)']);
    expect(at('net = conv2d_fixed_padding(images')).toEqual(['→ (None, 112, 112, 64)']);
    expect(at('net = tf.layers.max_pooling2d')).toEqual(['→ (None, 56, 56, 64)']);
    expect(at('same = tf.layers.conv2d')).toEqual(['→ (None, 28, 28, 128)']);
    expect(at('fixed = conv2d_fixed_padding')).toEqual(['→ (None, 28, 28, 128)']);
    // Inside the helper: the conv ran on (230, 230, 3) and on (58, 58, 64); its hint follows the call's
    // last line, not its first.
    expect(at('return tf.layers.conv2d(')).toEqual([]);
    expect(at('      data_format=data_format)')).toEqual(['→ (None, 112, 112, 64) | (None, 28, 28, 128)']);
    // Hints sit at the end of their line.
    for (const h of hints) expect(h.position.character).toBe(text.split('\n')[h.position.line]!.length);
    expect(c.errors.join('\n').slice(0, 3000)).toBe('');
  });

  it('hover explains TF SAME (0 before, 1 after) and the helper\'s two calls', async () => {
    const c = await start();
    const { uri, text } = example('official_resnet_stem.py');
    await c.open(uri, 'python', text);
    const pool = await hoverText(c, uri, lineOf(text, 'net = tf.layers.max_pooling2d'), 12);
    expect(pool).toContain('→ `net: (None, 56, 56, 64)`');
    expect(pool).toContain('(kernel 3, stride 2, SAME) → 56: pad 0 before, 1 after');
    expect(pool).toContain('`⌈112 / 2⌉ = 56`');
    expect(pool).toMatch(/```text\n[\s\S]*w55[\s\S]*```/);
    expect(pool).toContain('fixed_padding pad 1 before and 1 after');
    const helper = await hoverText(c, uri, lineOf(text, 'return tf.layers.conv2d('), 12);
    expect(helper).toContain('built 2 times');
    expect(helper).toContain('`(None, 230, 230, 3) → (None, 112, 112, 64)`');
    expect(helper).toContain('(kernel 7, stride 2, VALID) → 112, no padding: `⌊(230 − 7) / 2⌋ + 1 = 112`');
    expect(helper).toContain('`⌊(58 − 3) / 2⌋ + 1 = 28`');
  });

  it('shows porting notes as information diagnostics when asked, and none by default', async () => {
    const { uri, text } = example('official_resnet_stem.py');
    const on = await start({ settings: { notes: true } });
    await on.open(uri, 'python', text);
    const notes = (await on.waitDiagnostics(uri, 1)).diagnostics;
    expect(notes.length).toBeGreaterThan(0);
    for (const d of notes) expect(d).toMatchObject({ severity: 3, code: 'asymmetric-same-padding', source: 'shapelens' });
    expect(notes[0]!.relatedInformation?.[0]?.message).toBeTruthy();
    const off = await start();
    await off.open(uri, 'python', text);
    expect((await off.waitDiagnostics(uri, 1)).diagnostics).toEqual([]);
  });

  it('offers the quick fix for a wrong Deconvolution2D output_shape, and applying it clears the error', async () => {
    const c = await start();
    const { uri, text } = example('deconv_seed.py');
    await c.open(uri, 'python', text);
    const errors = (await c.waitDiagnostics(uri, 1)).diagnostics.filter((d) => d.severity === 1);
    expect(errors.map((d) => d.code)).toEqual(['deconv-output-shape']);
    expect(errors[0]!.message).toMatch(/^output_shape \(None, 3, 14, 14\) is invalid: rows and cols must be 55 or 56/);
    const actions = (await c.codeActions(uri, errors[0]!.range))!;
    const fix = actions.find((a) => a.kind === 'quickfix' && a.title.includes('(None, 256, 56, 56)'));
    expect(fix, JSON.stringify(actions.map((a) => a.title))).toBeTruthy();
    // The title says why 56 of TF's {55, 56} (SHAPE_SEMANTICS §1.4): S·I, Caffe's deconv with pad (K − S)/2 = 1.
    expect(fix!.title).toBe('Set output_shape to (None, 256, 56, 56) — 2× upsampling, as Caffe pad 1; 55 also valid');
    expect(fix!.diagnostics?.[0]?.code).toBe('deconv-output-shape');
    const fixed = applyEdits(text, fix!.edit!.changes![uri]!);
    expect(fixed).toContain('output_shape=(None, 256, 56, 56)');
    const v = await c.change(uri, fixed);
    expect((await c.waitDiagnostics(uri, v)).diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    const hints = (await c.hints(uri))!.map((h) => h.label);
    expect(hints).toContain('→ (None, 256, 56, 56)');
  });

  it('puts a multi-line call\'s hint after its last line, padded off the code', async () => {
    // keras-io examples/vision/mnist_convnet.py: Conv2D(32, kernel_size=(3, 3)) 'valid' on 28×28 → 26
    // (⌊(28 − 3)/1⌋ + 1, keras/src/ops/operation_utils.py · compute_conv_output_shape); MaxPooling2D(2) → 13.
    const c = await start();
    const uri = fileUri(path.join(ROOT, 'examples', 'multi_line.py'));
    const text = [
      'from tensorflow import keras',
      'from tensorflow.keras import layers',
      '',
      'inputs = keras.Input(shape=(28, 28, 1))',
      'x = layers.Conv2D(',
      '    32,',
      '    kernel_size=(3, 3),',
      "    activation='relu',",
      ')(inputs)',
      'x = layers.MaxPooling2D(pool_size=(2, 2))(x)',
      '',
    ].join('\n');
    await c.open(uri, 'python', text);
    const hints = (await c.hints(uri))!;
    expect(hints.map((h) => [h.position.line, h.label])).toEqual([
      [3, '→ (None, 28, 28, 1)'],
      [8, '→ (None, 26, 26, 32)'],
      [9, '→ (None, 13, 13, 32)'],
    ]);
    expect(hints[1]!.position.character).toBe(')(inputs)'.length);
    for (const h of hints) expect(h.paddingLeft).toBe(true);
  });

  it('marks the hint of a layer that has an error, and its tooltip says why', async () => {
    const c = await start({ resolveTooltips: true });
    const { uri, text } = example('deconv_seed.py');
    await c.open(uri, 'python', text);
    const error = (await c.waitDiagnostics(uri, 1)).diagnostics.find((d) => d.severity === 1)!;
    const hints = (await c.hints(uri))!;
    const marked = hints.filter((h) => String(h.label).includes('✗'));
    // The Deconvolution2D call ends on the line with `(x)`: its hint sits there, marked.
    expect(marked.map((h) => h.position.line)).toEqual([lineOf(text, "subsample=(2, 2), dim_ordering='th')(x)")]);
    expect(String(marked[0]!.label)).toMatch(/ ✗$/);
    // The Input has no error: unmarked.
    expect(hints.find((h) => h.position.line === lineOf(text, 'x = Input('))!.label).toBe('→ (None, 512, 28, 28)');
    const resolved = await c.connection.sendRequest<InlayHint>('inlayHint/resolve', marked[0]);
    const tooltip = typeof resolved.tooltip === 'object' ? resolved.tooltip.value : String(resolved.tooltip);
    expect(tooltip).toContain('✗');
    expect(tooltip).toContain(error.message);
  });

  it('writes Keras\' batch as N in the cross shape format', async () => {
    const c = await start({ settings: { shapeFormat: 'cross' } });
    const { uri, text } = example('deconv_seed.py');
    await c.open(uri, 'python', text);
    const hints = (await c.hints(uri))!;
    expect(hints.find((h) => h.position.line === lineOf(text, 'x = Input('))!.label).toBe('→ N×512×28×28');
  });

  it('answers shapelens/modelSummary with a list of tables (rows, edges, totals) that follows edits', async () => {
    // Caffe's Deconvolution k4 s2 p1 on 28 → 56 (see the header): the fixed file's deconv row reads 56.
    const c = await start();
    const { uri, text } = example('deconv_seed.py');
    await c.open(uri, 'python', text);
    type Summary = { uri: string; version: number; language: string; tables: { title: string; rows: { type: string; output: string; error: string | null }[]; edges: { from: number; to: number; label: string }[] }[] };
    const ask = () => c.connection.sendRequest<Summary | null>('shapelens/modelSummary', { textDocument: { uri } });
    const first = (await ask())!;
    expect(first).toMatchObject({ uri, version: 1, language: 'python' });
    expect(first.tables).toHaveLength(1);
    const [table] = first.tables;
    expect(table!.title).toBe('deconv_seed.py');
    expect(table!.rows.map((r) => r.type)).toEqual(['Input', 'Deconvolution2D']);
    expect(table!.rows[0]!.output).toBe('(None, 512, 28, 28)');
    expect(table!.rows[1]!.error).toContain('output_shape');
    expect(table!.edges).toEqual([{ from: 0, to: 1, label: '(None, 512, 28, 28)' }]);
    const v = await c.change(uri, text.replace('output_shape=(None, 3, 14, 14)', 'output_shape=(None, 256, 56, 56)'));
    const second = (await ask())!;
    expect(second.version).toBe(v);
    expect(second.tables[0]!.rows[1]).toMatchObject({ output: '(None, 256, 56, 56)', error: null });
    expect(await c.connection.sendRequest('shapelens/modelSummary', { textDocument: { uri: 'file:///nowhere.py' } })).toBeNull();
  });

  it('offers the SAME → ZeroPadding2D + valid refactor on a Keras conv line, and applying it keeps the shapes', async () => {
    // SHAPE_SEMANTICS §1.6/§5.1: k7 s2 SAME on 224 pads (2, 3); Caffe pad 3 and fixed_padding pad (3, 3);
    // both give 112. keras/applications/resnet.py writes conv1 as ZeroPadding2D(((3, 3), (3, 3))) + a 'valid'
    // Conv2D(64, 7, strides=2): 230 → ⌊(230 − 7)/2⌋ + 1 = 112.
    const c = await start();
    const uri = fileUri(path.join(ROOT, 'examples', 'refactor_stem.py'));
    const text = [
      'from tensorflow.keras import layers',
      '',
      'img = layers.Input(shape=(224, 224, 3))',
      "x = layers.Conv2D(64, 7, strides=2, padding='same', name='conv1')(img)",
      'x = layers.MaxPooling2D(3, strides=2)(x)',
      '',
    ].join('\n');
    await c.open(uri, 'python', text);
    const conv = lineOf(text, 'layers.Conv2D');
    const title = "Pad explicitly like Caffe: ZeroPadding2D(((3, 3), (3, 3))) + padding='valid'";
    const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });
    const actions = (await c.codeActions(uri, at(conv, 12)))!;
    expect(actions.map((a) => [a.kind, a.title])).toEqual([['refactor.rewrite', title]]);
    expect(actions[0]!.diagnostics).toBeUndefined();
    expect(actions[0]!.isPreferred).toBeUndefined();
    expect((await c.codeActions(uri, at(conv, 12), ['refactor']))!.map((a) => a.title)).toEqual([title]);
    expect(await c.codeActions(uri, at(conv, 12), ['quickfix'])).toEqual([]);
    // Outside the conv call (the assignment target, the pooling line): nothing.
    expect(await c.codeActions(uri, at(conv, 0))).toEqual([]);
    expect(await c.codeActions(uri, at(lineOf(text, 'MaxPooling2D'), 12))).toEqual([]);

    const fixed = applyEdits(text, actions[0]!.edit!.changes![uri]!);
    // The conv is a statement: the padding gets a line of its own above it.
    expect(fixed.split('\n').slice(conv, conv + 2)).toEqual(['x = layers.ZeroPadding2D(((3, 3), (3, 3)))(img)', "x = layers.Conv2D(64, 7, strides=2, padding='valid', name='conv1')(x)"]);
    const before = (await c.hints(uri))!.map((h) => [h.position.line, h.label]);
    await c.change(uri, fixed);
    const after = (await c.hints(uri))!.map((h) => [h.position.line, h.label]);
    // One hint per line: the padding's 230, then the same 112 and 56 one line lower.
    expect(after).toEqual([
      ...before.filter(([line]) => (line as number) < conv),
      [conv, '→ (None, 230, 230, 3)'],
      ...before.filter(([line]) => (line as number) >= conv).map(([line, label]) => [(line as number) + 1, label]),
    ]);
    expect(before.find(([line]) => line === conv)![1]).toBe('→ (None, 112, 112, 64)');
    expect(await c.codeActions(uri, at(conv + 1, 12))).toEqual([]);
    expect(c.errors.join('\n').slice(0, 3000)).toBe('');
  });

  it('keeps answering while Python is typed half-way, then gives the same hints again', async () => {
    const c = await start();
    const { uri, text } = example('official_resnet_stem.py');
    await c.open(uri, 'python', text);
    const initial = await c.hints(uri);
    const cut = text.indexOf('same = tf.layers.conv2d');
    for (let i = 0; i < 40; i++) {
      await c.change(uri, text.slice(0, cut) + 'same = tf.layers.conv2d(net, 1'.slice(0, i) + '\n' + text.slice(cut));
      expect(Array.isArray(await c.hints(uri))).toBe(true);
      await c.hover(uri, { line: lineOf(text, 'same ='), character: 3 });
    }
    await c.change(uri, 'def f(:\n  return (((\n' + text);
    expect(Array.isArray(await c.hints(uri))).toBe(true);
    await c.change(uri, text);
    expect(JSON.stringify(await c.hints(uri)) === JSON.stringify(initial)).toBe(true);
    expect(c.alive).toBe(true);
    expect(c.errors.join('\n').slice(0, 3000)).toBe('');
  });

  // Issue 11 §1. Shapes: Keras' VALID conv rule out = in - k + 1 (keras/src/ops/operation_utils.py,
  // compute_conv_output_shape); Dense acts on the last axis (keras/src/layers/core/dense.py).
  it('while one line is typed, the untouched lines keep their hints, the broken line gets a syntax error and nothing guesses', async () => {
    const c = await start();
    const uri = 'file:///tmp/typing.py';
    const good = `from tensorflow.keras import layers, Input
inp = Input(shape=(32, 32, 3))
x = layers.Conv2D(8, 3)(inp)
x = layers.Conv2D(8, 3)(x)
x = layers.Conv2D(16, 3)(x)
y = layers.Dense(4)(inp)
`;
    await c.open(uri, 'python', good);
    const before = (await c.hints(uri))!;
    const at = (hints: typeof before, line: number) => hints.filter((h) => h.position.line === line).map((h) => h.label);
    expect(at(before, 4)).toEqual(['→ (None, 26, 26, 16)']);
    const version = await c.change(uri, good.replace('layers.Conv2D(8, 3)(x)', 'layers.Conv2D(8, 3)(x'));
    const during = (await c.hints(uri))!;
    for (const line of [1, 2, 5]) expect(at(during, line)).toEqual(at(before, line));
    expect(at(during, 4).join(' ')).not.toMatch(/\(None, \d+, \d+, 16\)/);
    const d = await c.waitDiagnostics(uri, version);
    expect(d.diagnostics.map((x) => [x.range.start.line, x.severity, x.code])).toEqual([[3, 1, 'syntax-error']]);
    await c.change(uri, good);
    expect(JSON.stringify(await c.hints(uri))).toBe(JSON.stringify(before));
    expect(c.errors).toEqual([]);
  });
});
