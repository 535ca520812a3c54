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
    expect(md).toContain('**H, W** (kernel 7, stride 2, pad 3)');
    expect(md).toContain('`trunc((224 + 2·3 − 7) / 2) + 1 = 112` · pad 3 before, 3 after');
    expect(md).toContain('```text\n');
    expect(md).toMatch(/TF\/Keras `padding='same'` would give the same size, but pad 2 before, 3 after/);
    // H and W are the same computation: explained once.
    expect(md.match(/```text/g)).toHaveLength(1);
    const b = axis(200, 7, 2, { kind: 'caffe-conv', pad: 3 });
    const rect = hoverMarkdown([layer({ windowing: { kind: 'window', op: 'convolution', axes: [a, b], axisNames: ['H', 'W'], framework: 'caffe' } })], shapeFormat('python'))!;
    expect(rect.match(/```text/g)).toHaveLength(2);
    expect(rect).toContain('**W** (kernel 7, stride 2, pad 3)');
  });

  it('explains TF SAME on an even input: 0 before, 1 after', () => {
    const a = axis(224, 3, 2, { kind: 'same' });
    const md = hoverMarkdown([layer({ type: 'layers.Conv2D', name: null, windowing: { kind: 'window', op: 'convolution', axes: [a], axisNames: ['H'], framework: 'tensorflow' } })], shapeFormat('python'))!;
    expect(md).toContain('`⌈224 / 2⌉ = 112` · pad 0 before, 1 after');
    expect(md).toContain('total pad T');
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
