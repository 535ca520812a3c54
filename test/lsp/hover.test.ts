/**
 * Hover markdown from LayerResults whose windowing comes from the real engine: the formula with
 * the numbers, the pad split, the diagram and the cross-framework note.
 */
import { shapeFormat } from '../../server/src/analysis/format.js';
import { describe, expect, it } from 'vitest';
import { windowAxis, type Padding } from '../../server/src/engine/window.js';
import { hoverMarkdown, layersAt } from '../../server/src/lsp/hover.js';
import { layer } from './support/layers.js';

function axis(input: number, kernel: number, stride: number, padding: Padding) {
  const r = windowAxis(input, { kernel, stride, dilation: 1 }, padding);
  if (!r.ok) throw new Error('bad axis');
  return r.value;
}


describe('hover', () => {
  it('explains a Caffe convolution: formula, pads, diagram, TF note', () => {
    // ResNet-50 conv1: 7×7, stride 2, pad 3 on 224 → 112 (He et al. 2016, Table 1).
    const a = axis(224, 7, 2, { kind: 'caffe-conv', pad: 3 });
    const md = hoverMarkdown([layer({ windowing: { kind: 'window', op: 'convolution', axes: [a, a], axisNames: ['H', 'W'], framework: 'caffe' } })], shapeFormat('python'))!;
    expect(md).toContain('**conv1** · `Convolution`');
    expect(md).toContain('`data: (1, 3, 224, 224)` → `conv1: (1, 64, 112, 112)`');
    expect(md).toContain('Params: 9,408');
    expect(md).toContain('**H, W** (kernel 7, stride 2, pad 3) → 112: pad 3 before, 3 after  \n`O = trunc((I + 2P − E) / S) + 1`: `trunc((224 + 2·3 − 7) / 2) + 1 = 112`');
    expect(md).toContain('```text\n');
    expect(md).toMatch(/TF\/Keras `padding='same'` would give the same size, but pad 2 before, 3 after/);
    // H and W are the same computation: explained once.
    expect(md.match(/```text/g)).toHaveLength(1);
    const b = axis(200, 7, 2, { kind: 'caffe-conv', pad: 3 });
    const rect = hoverMarkdown([layer({ windowing: { kind: 'window', op: 'convolution', axes: [a, b], axisNames: ['H', 'W'], framework: 'caffe' } })], shapeFormat('python'))!;
    expect(rect.match(/```text/g)).toHaveLength(2);
    expect(rect).toContain('**W** (kernel 7, stride 2, pad 3) → 100');
  });

  it('puts the pad split and its arithmetic first, says nothing twice, and keeps the diagram within 50 columns', () => {
    // SHAPE_SEMANTICS §1.6: TF SAME k7 s2 on 224: T = max(0, 111·2 + 7 − 224) = 5 → 2 before, 3 after.
    const a = axis(224, 7, 2, { kind: 'same' });
    const md = hoverMarkdown([layer({ type: 'layers.Conv2D', name: null, windowing: { kind: 'window', op: 'convolution', axes: [a, a], axisNames: ['H', 'W'], framework: 'keras' } })], shapeFormat('python'))!;
    const block = md.split('---\n\n')[1]!.split('\n');
    expect(block.slice(0, 3)).toEqual([
      '**H, W** (kernel 7, stride 2, SAME) → 112: pad 2 before, 3 after  ',
      '`T = max(0, (O−1)·S + E − I) = max(0, 111·2 + 7 − 224) = 5 → ⌊5/2⌋ = 2 before, 3 after`  ',
      '`O = ⌈I / S⌉`: `⌈224 / 2⌉ = 112`',
    ]);
    const diagram = md.slice(md.indexOf('```text\n') + 8, md.lastIndexOf('\n```'));
    for (const line of diagram.split('\n')) expect([...line].length).toBeLessThanOrEqual(50);
    expect(diagram).toContain('w111');
    // "2 before, 3 after" once: the note does not say it again.
    expect(md.match(/2 before, 3 after/g)).toHaveLength(2);
    const sentences = md.split(/(?<=[.;])\s+|\n/).map((x) => x.trim()).filter((x) => x.length > 20);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it('says a VALID conv without padding in one line', () => {
    // ⌊(224 − 3)/1⌋ + 1 = 222 (keras/src/ops/operation_utils.py · compute_conv_output_shape, 'valid').
    const a = axis(224, 3, 1, { kind: 'valid' });
    const md = hoverMarkdown([layer({ type: 'layers.Conv2D', name: null, windowing: { kind: 'window', op: 'convolution', axes: [a, a], axisNames: ['H', 'W'], framework: 'keras' } })], shapeFormat('python'))!;
    expect(md.split('---\n\n')[1]).toBe('**H, W** (kernel 3, stride 1, VALID) → 222, no padding: `⌊(224 − 3) / 1⌋ + 1 = 222`');
  });

  it('shows the sum a concatenation came from', () => {
    // GoogLeNet inception (3a): 64 + 128 + 32 + 32 = 256 channels (Szegedy et al. 2015, Table 1).
    const inputs = [64, 128, 32, 32].map((c, i) => ({ name: `b${i}`, shape: [1, c, 28, 28] }));
    const concat = layer({ name: 'inception_3a/output', type: 'Concat', inputs, outputs: [{ name: 'inception_3a/output', shape: [1, 256, 28, 28] }], params: 0, macs: 0 });
    expect(hoverMarkdown([concat], shapeFormat('prototxt'))).toContain('Concatenated on axis 1: `64 + 128 + 32 + 32 = 256`');
    // An unknown size: no sum rather than a guess.
    const unknown = layer({ type: 'Concat', inputs: [{ name: 'a', shape: [1, null, 28, 28] }, { name: 'b', shape: [1, 32, 28, 28] }], outputs: [{ name: 'c', shape: [1, null, 28, 28] }] });
    expect(hoverMarkdown([unknown], shapeFormat('prototxt'))).not.toContain('Concatenated');
  });

  it('explains TF SAME on an even input: 0 before, 1 after', () => {
    const a = axis(224, 3, 2, { kind: 'same' });
    const md = hoverMarkdown([layer({ type: 'layers.Conv2D', name: null, windowing: { kind: 'window', op: 'convolution', axes: [a], axisNames: ['H'], framework: 'tensorflow' } })], shapeFormat('python'))!;
    expect(md).toContain('**H** (kernel 3, stride 2, SAME) → 112: pad 0 before, 1 after');
    expect(md).toContain('`T = max(0, (O−1)·S + E − I)');
    expect(md).toContain('fixed_padding');
  });

  it('lists the calls of a helper layer and explains each distinct computation once', () => {
    const a1 = axis(224, 3, 2, { kind: 'same' });
    const a2 = axis(112, 3, 2, { kind: 'same' });
    const w = (a: typeof a1) => ({ kind: 'window' as const, op: 'convolution' as const, axes: [a], axisNames: ['H'], framework: 'keras' as const });
    const calls = [
      layer({ inputs: [{ name: 'x', shape: [null, 224, 224, 3] }], outputs: [{ name: 'y', shape: [null, 112, 112, 64] }], windowing: w(a1) }),
      layer({ inputs: [{ name: 'x', shape: [null, 112, 112, 64] }], outputs: [{ name: 'y', shape: [null, 56, 56, 64] }], windowing: w(a2) }),
      layer({ inputs: [{ name: 'x', shape: [null, 224, 224, 3] }], outputs: [{ name: 'y', shape: [null, 112, 112, 64] }], windowing: w(a1) }),
    ];
    const md = hoverMarkdown(calls, shapeFormat('python'))!;
    expect(md).toContain('built 3 times');
    expect(md).toContain('1. `(None, 224, 224, 3) → (None, 112, 112, 64)`');
    expect(md).toContain('2. `(None, 112, 112, 64) → (None, 56, 56, 64)`');
    expect(md.match(/On input/g)).toHaveLength(2);
  });

  it('shows the pads of a pad layer and the crop of a transposed conv', () => {
    const md = hoverMarkdown([layer({ type: 'ZeroPadding2D', windowing: { kind: 'pad', pads: [{ before: 3, after: 3 }], axisNames: ['H'], framework: 'keras' } })], shapeFormat('python'))!;
    expect(md).toContain('**H**: pad 3 before, 3 after');
  });

  it('finds the innermost layer at a position', () => {
    const outer = layer({ name: 'outer', range: { start: { line: 10, character: 0 }, end: { line: 30, character: 1 } } });
    const inner = layer({ name: 'inner', range: { start: { line: 12, character: 2 }, end: { line: 14, character: 3 } } });
    expect(layersAt([outer, inner], { line: 13, character: 0 }).map((l) => l.name)).toEqual(['inner']);
    expect(layersAt([outer, inner], { line: 20, character: 0 }).map((l) => l.name)).toEqual(['outer']);
    expect(layersAt([outer, inner], { line: 40, character: 0 })).toEqual([]);
    expect(hoverMarkdown([], shapeFormat('python'))).toBeNull();
  });
});
