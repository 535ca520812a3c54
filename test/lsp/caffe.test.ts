/**
 * The real server (dist/server.js, or $SHAPELENS_SERVER) over LSP on the Caffe corpus: inlay hints
 * and hovers checked against published shapes, edits that break and restore the syntax,
 * diagnostics, the summary.
 *
 * Expected shapes:
 * - AlexNet (BVLC deploy, 10×3×227×227 input): Krizhevsky, Sutskever & Hinton 2012, "ImageNet
 *   Classification with Deep Convolutional Neural Networks", §3.5 and Fig. 2: the first conv layer
 *   gives 55×55×96; then 27×27×256, 13×13×384, 13×13×384, 13×13×256, 6×6×256 after the last pool,
 *   4096, 4096, 1000.
 * - ResNet-50 (KaimingHe/deep-residual-networks deploy, 1×3×224×224): He, Zhang, Ren & Sun 2016,
 *   "Deep Residual Learning for Image Recognition", Table 1: conv1 112×112 (7×7, 64, stride 2);
 *   conv2_x 56×56 after the 3×3 stride-2 max pool (Caffe rounds pooling up: ⌈(112−3)/2⌉+1 = 56);
 *   conv3_x 28×28, conv4_x 14×14, conv5_x 7×7 with 256/512/1024/2048 output channels; 1000-d fc.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { CORPUS, fileUri, startCheckedClient, type TestClient } from './support/harness.js';

let client: TestClient;

beforeAll(async () => {
  client = await startCheckedClient();
}, 60_000);

afterAll(async () => {
  await client?.stop();
});

function read(file: string): { uri: string; text: string } {
  return { uri: fileUri(path.join(CORPUS, file)), text: readFileSync(path.join(CORPUS, file), 'utf8') };
}

/** Hint labels by layer name (the tooltip starts with `**name**`). */
function byName(hints: readonly InlayHint[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of hints) {
    const tooltip = typeof h.tooltip === 'string' ? h.tooltip : (h.tooltip?.value ?? '');
    const name = /^\*\*(.+?)\*\*/.exec(tooltip)?.[1];
    if (name && typeof h.label === 'string') out.set(name, h.label);
  }
  return out;
}

/** The position of `name: "<layer>"` in the text. */
function nameAt(text: string, layer: string): { line: number; character: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(`name: "${layer}"`));
  if (line < 0) throw new Error(`no layer ${layer}`);
  return { line, character: lines[line]!.indexOf('name') + 2 };
}

async function hoverText(uri: string, at: { line: number; character: number }): Promise<string> {
  const h = await client.hover(uri, at);
  return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
}

const ALEXNET = {
  data: '→ (10, 3, 227, 227)',
  conv1: '→ (10, 96, 55, 55)',
  pool1: '→ (10, 96, 27, 27)',
  conv2: '→ (10, 256, 27, 27)',
  pool2: '→ (10, 256, 13, 13)',
  conv3: '→ (10, 384, 13, 13)',
  conv4: '→ (10, 384, 13, 13)',
  conv5: '→ (10, 256, 13, 13)',
  pool5: '→ (10, 256, 6, 6)',
  fc6: '→ (10, 4096)',
  fc7: '→ (10, 4096)',
  fc8: '→ (10, 1000)',
};

const RESNET50 = {
  conv1: '→ (1, 64, 112, 112)',
  pool1: '→ (1, 64, 56, 56)',
  res2c: '→ (1, 256, 56, 56)',
  res3d: '→ (1, 512, 28, 28)',
  res4f: '→ (1, 1024, 14, 14)',
  res5c: '→ (1, 2048, 7, 7)',
  fc1000: '→ (1, 1000)',
};

describe('Caffe over LSP', () => {
  it('AlexNet: hints show the published shapes', async () => {
    const { uri, text } = read('alexnet.prototxt');
    await client.open(uri, 'prototxt', text);
    const hints = byName((await client.hints(uri))!);
    for (const [layer, label] of Object.entries(ALEXNET)) expect([layer, hints.get(layer)]).toEqual([layer, label]);
    expect(client.errors.join('\n').slice(0, 3000)).toBe('');
  });

  it('AlexNet: hovering conv1 explains 55 with the numbers in one line (no padding)', async () => {
    const { uri, text } = read('alexnet.prototxt');
    // Anywhere in the layer block: on its name, and on a line of its convolution_param.
    for (const at of [nameAt(text, 'conv1'), { line: nameAt(text, 'conv1').line + 14, character: 4 }]) {
      const md = await hoverText(uri, at);
      expect(md).toContain('**conv1** · `Convolution`');
      expect(md).toContain('`data: (10, 3, 227, 227)` → `conv1: (10, 96, 55, 55)`');
      // ⌊(227 − 11)/4⌋ + 1 = 55 windows end exactly at the input's end: nothing to draw.
      expect(md).toContain('**H, W** (kernel 11, stride 4, pad 0) → 55, no padding: `trunc((227 + 2·0 − 11) / 4) + 1 = 55`');
      expect(md).not.toContain('```text');
      // 11·11·3·96 weights + 96 biases.
      expect(md).toContain('Params: 34,944');
    }
    const pool = await hoverText(uri, nameAt(text, 'pool1'));
    expect(pool).toContain('`⌈(55 + 2·0 − 3) / 2⌉ + 1 = 27`');
  });

  it('ResNet-50: conv1 112, pool1 56 (Caffe ceil pooling), stages 56/28/14/7', async () => {
    const { uri, text } = read('resnet50.prototxt');
    await client.open(uri, 'prototxt', text);
    const hints = byName((await client.hints(uri))!);
    for (const [layer, label] of Object.entries(RESNET50)) expect([layer, hints.get(layer)]).toEqual([layer, label]);
    const pool = await hoverText(uri, nameAt(text, 'pool1'));
    expect(pool).toContain('`⌈(112 + 2·0 − 3) / 2⌉ + 1 = 56`');
    // Its last window (w55) starts on cell 110 and reaches past the 112 cells: drawn.
    expect(pool).toMatch(/```text\n[\s\S]+w55[\s\S]+```/);
    const conv = await hoverText(uri, nameAt(text, 'conv1'));
    expect(conv).toContain('(kernel 7, stride 2, pad 3) → 112: pad 3 before, 3 after');
    expect(conv).toContain('`trunc((224 + 2·3 − 7) / 2) + 1 = 112`');
    expect(conv).toContain("TF/Keras `padding='same'`");
  });

  it('hints honour the range asked for', async () => {
    const { uri, text } = read('resnet50.prototxt');
    const all = (await client.hints(uri))!;
    const line = nameAt(text, 'pool1').line;
    const some = (await client.hints(uri, { start: { line: line - 1, character: 0 }, end: { line: line + 1, character: 0 } }))!;
    expect(some.map((h) => h.label)).toEqual(['→ (1, 64, 56, 56)']);
    expect(all.length).toBeGreaterThan(200);
  });

  it('stays correct and alive through edits that break the syntax and restore it', async () => {
    const { text } = read('alexnet.prototxt');
    const uri = 'file:///tmp/alexnet-edited.prototxt';
    await client.open(uri, 'prototxt', text);
    const initial = await client.hints(uri);
    const lines = text.split('\n');
    const conv3 = lines.findIndex((l) => l.includes('name: "conv3"'));
    // Drop the `layer {` line of conv3: everything after it is malformed.
    const broken = [...lines.slice(0, conv3 - 1), ...lines.slice(conv3)].join('\n');
    await client.change(uri, broken);
    const during = byName((await client.hints(uri))!);
    expect(during.get('conv1')).toBe(ALEXNET.conv1);
    expect(during.get('pool2')).toBe(ALEXNET.pool2);
    expect(Array.isArray(await client.codeActions(uri, client.wholeRange(uri)))).toBe(true);
    await client.hover(uri, { line: conv3, character: 3 });
    // Unbalanced garbage, a truncation mid-token, an empty document.
    for (const t of [`${text.slice(0, 2000)}}}}{{"`, text.slice(0, text.indexOf('num_output: 256') + 13), '', '\u0000\uffff{']) {
      await client.change(uri, t);
      expect(Array.isArray(await client.hints(uri))).toBe(true);
    }
    await client.change(uri, text);
    expect(JSON.stringify(await client.hints(uri)) === JSON.stringify(initial), "hints after restoring equal the first ones").toBe(true);
    expect(client.alive).toBe(true);
    expect(client.errors.join('\n').slice(0, 3000)).toBe('');
  });

  it('follows an edit of num_output into the hints and the params', async () => {
    const { text } = read('alexnet.prototxt');
    const uri = 'file:///tmp/alexnet-narrow.prototxt';
    await client.open(uri, 'prototxt', text);
    await client.change(uri, text.replace('num_output: 96', 'num_output: 64'));
    const hints = (await client.hints(uri))!;
    expect(byName(hints).get('conv1')).toBe('→ (10, 64, 55, 55)');
    const md = await hoverText(uri, nameAt(client.text(uri), 'conv1'));
    expect(md).toContain(`Params: ${(11 * 11 * 3 * 64 + 64).toLocaleString('en-US')}`);
  });

  it('pushes a diagnostic for an impossible kernel, and clears it when fixed', async () => {
    const { text } = read('alexnet.prototxt');
    const uri = 'file:///tmp/alexnet-bad.prototxt';
    await client.open(uri, 'prototxt', text);
    expect((await client.waitDiagnostics(uri, 1)).diagnostics).toEqual([]);
    const v = await client.change(uri, text.replace('kernel_size: 11', 'kernel_size: 300'));
    const published = await client.waitDiagnostics(uri, v);
    const errors = published.diagnostics.filter((d) => d.severity === 1);
    expect(errors.length).toBeGreaterThan(0);
    for (const d of errors) {
      expect(typeof d.code).toBe('string');
      expect(d.source).toBe('shapelens');
    }
    const actions = (await client.codeActions(uri, errors[0]!.range))!;
    for (const a of actions) expect(a.edit?.changes?.[uri] ?? a.edit?.documentChanges).toBeTruthy();
    const v2 = await client.change(uri, text);
    expect((await client.waitDiagnostics(uri, v2)).diagnostics).toEqual([]);
  });

  it('summarises a model: layer, type, output, params, MACs', async () => {
    const { uri } = read('resnet50.prototxt');
    const s = (await client.summary(uri))!;
    expect(s.title).toBe('resnet50.prototxt');
    expect(s.text).toMatch(/Layer \(type\)\s+Output shape\s+Params\s+MACs/);
    // conv1 keeps Caffe's default bias here: 7·7·3·64 + 64 = 9,472 params; 9,408 · 112² MACs.
    expect(s.text).toMatch(/conv1 \(Convolution\)\s+\(1, 64, 112, 112\)\s+9,472\s+118,013,952/);
    // He et al. 2016, Table 1: ResNet-50 has 3.8×10⁹ FLOPs (counted as multiply-adds).
    const macs = Number(/Total MACs: ([\d,]+)/.exec(s.text)![1]!.replace(/,/g, ''));
    expect(macs).toBeGreaterThan(3.8e9);
    expect(macs).toBeLessThan(3.9e9);
  });

  it('LeNet (LMDB inputs): the phase setting picks the layers, default input shapes fill the unstated data blob', async () => {
    // BVLC/caffe examples/mnist: 28×28 MNIST digits, conv1 5×5 with 20 outputs → 24×24, pool1 2×2/2 → 12×12,
    // conv2 5×5 with 50 outputs → 8×8, pool2 → 4×4, ip1 500, ip2 10. The Data layers state only the
    // batch (64 TRAIN, 100 TEST); the rest comes from the setting.
    let settings: unknown = { prototxt: { phase: 'TEST', defaultInputs: { data: [100, 1, 28, 28] } } };
    const c = await startCheckedClient({ configuration: () => settings });
    try {
      const { uri, text } = read('lenet_train_test.prototxt');
      await c.open(uri, 'prototxt', text);
      await new Promise((r) => setTimeout(r, 200));
      let hints = byName((await c.hints(uri))!);
      expect(hints.get('conv1')).toBe('→ (100, 20, 24, 24)');
      expect(hints.get('pool2')).toBe('→ (100, 50, 4, 4)');
      expect(hints.get('ip2')).toBe('→ (100, 10)');
      expect(hints.has('accuracy')).toBe(true);
      settings = { prototxt: { phase: 'TRAIN', defaultInputs: { data: [64, 1, 28, 28] } } };
      await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await new Promise((r) => setTimeout(r, 200));
      hints = byName((await c.hints(uri))!);
      expect(hints.get('conv1')).toBe('→ (64, 20, 24, 24)');
      expect(hints.has('accuracy')).toBe(false);
    } finally {
      await c.stop();
    }
  });

  it('the stages setting picks the data layer; the hover of a fork layer names the fork', async () => {
    // Net::StateMeetsRule (BVLC net.cpp): an include rule with a stage meets only a state that has it;
    // Axpy's top is X's shape (hujie-frank/SENet axpy_layer.cpp · Reshape).
    const text = `layer { name: "data" type: "DummyData" top: "x" include { stage: "small" } dummy_data_param { shape { dim: 1 dim: 4 dim: 2 dim: 2 } } }
layer { name: "a" type: "DummyData" top: "a" dummy_data_param { shape { dim: 1 dim: 4 dim: 1 dim: 1 } } }
layer { name: "se" type: "Axpy" bottom: "a" bottom: "x" bottom: "x" top: "se" }`;
    let settings: unknown = { prototxt: { stages: ['small'] } };
    const c = await startCheckedClient({ configuration: () => settings });
    try {
      const uri = 'file:///forks/se.prototxt';
      await c.open(uri, 'prototxt', text);
      await new Promise((r) => setTimeout(r, 200));
      expect(byName((await c.hints(uri))!).get('se')).toBe('→ (1, 4, 2, 2)');
      const hover = await c.hover(uri, { line: 2, character: 10 });
      expect(JSON.stringify(hover)).toContain('fork: hujie-frank/SENet');
      settings = { prototxt: { stages: [] } };
      await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await new Promise((r) => setTimeout(r, 200));
      expect(byName((await c.hints(uri))!).has('data')).toBe(false);
    } finally {
      await c.stop();
    }
  });

  it('analyses every corpus file without an error in the server log', async () => {
    for (const file of ['caffenet.prototxt', 'googlenet.prototxt', 'lenet_train_test.prototxt', 'cifar10_quick.prototxt', 'vgg16.prototxt', 'squeezenet_v1.1.prototxt', 'mobilenet.prototxt', 'densenet121.prototxt', 'fcn8s.prototxt', 'colorization.prototxt']) {
      const { uri, text } = read(file);
      await client.open(uri, 'prototxt', text);
      expect((await client.hints(uri))!.length, file).toBeGreaterThan(5);
      await client.hover(uri, { line: 5, character: 2 });
      await client.close(uri);
    }
    expect(client.errors.join('\n').slice(0, 3000)).toBe('');
    expect(client.alive).toBe(true);
  });
});
