/** Pure formatting for the editor views: shapes, counts, hint labels and tooltips, the summary. */
import { formatShape, shapeFormat } from '../../server/src/analysis/format.js';
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { sym } from '../../server/src/engine/dim.js';
import { formatCompact, groupByAnchor, hintLabel, hintTooltip, summaryText } from '../../server/src/lsp/format.js';
import { layer } from './support/layers.js';

describe('shapes', () => {
  it('writes Caffe and Keras shapes as tuples or compactly', () => {
    expect(formatShape([1, 64, 112, 112], shapeFormat('python'))).toBe('(1, 64, 112, 112)');
    expect(formatShape([1, 64, 112, 112], shapeFormat('prototxt', 'cross'))).toBe('1×64×112×112');
    expect(formatShape([null, 112, 112, 64], shapeFormat('python'))).toBe('(None, 112, 112, 64)');
    // Keras' first axis is the batch (keras.Input docs: "shape … not including the batch size", which
    // Keras shows as None): in the compact style it reads `N`; `?` would read as unknown or broken.
    expect(formatShape([null, 10], shapeFormat('python', 'cross'))).toBe('N×10');
    expect(formatShape([null, null, 3], shapeFormat('python', 'cross'))).toBe('N×?×3');
    // A lone unknown axis may be a flattened size (tf.reshape(x, [-1])): unknown, not the batch.
    expect(formatShape([null], shapeFormat('python', 'cross'))).toBe('?');
    // A Caffe net has no None batch: its unknowns stay `?`.
    expect(formatShape([null, 3, 8, 8], shapeFormat('prototxt', 'cross'))).toBe('?×3×8×8');
    // An unknown Caffe size is `?`: `None` means nothing in a prototxt.
    expect(formatShape([100, null, null, null], shapeFormat('prototxt'))).toBe('(100, ?, ?, ?)');
    expect(formatShape([null], shapeFormat('python'))).toBe('(None,)');
    expect(formatShape(null, shapeFormat('python'))).toBe('?');
    expect(formatShape([null, sym('H'), 64], shapeFormat('python'))).toBe('(None, H, 64)');
  });

  it('writes counts compactly', () => {
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(9408)).toBe('9.4K');
    expect(formatCompact(60965224)).toBe('61.0M');
    expect(formatCompact(118013952)).toBe('118M');
    expect(formatCompact(3.87e9)).toBe('3.9G');
  });
});

describe('inlay hint labels', () => {
  it('shows one layer\'s output', () => {
    expect(hintLabel([layer({})], { format: shapeFormat('python'), showParams: false })).toBe('→ (1, 64, 112, 112)');
    expect(hintLabel([layer({})], { format: shapeFormat('python', 'cross'), showParams: true })).toBe('→ 1×64×112×112 · 9.4K params');
  });

  it('names the tops of a layer with several outputs', () => {
    const slice = layer({ outputs: [{ name: 'a', shape: [1, 2] }, { name: 'b', shape: [1, 3] }] });
    expect(hintLabel([slice], { format: shapeFormat('python'), showParams: false })).toBe('→ a: (1, 2), b: (1, 3)');
  });

  it('joins the distinct shapes of a helper called several times', () => {
    const calls = [
      layer({ outputs: [{ name: 'x', shape: [null, 112, 112, 64] }] }),
      layer({ outputs: [{ name: 'x', shape: [null, 56, 56, 128] }] }),
      layer({ outputs: [{ name: 'x', shape: [null, 112, 112, 64] }] }),
    ];
    expect(hintLabel(calls, { format: shapeFormat('python'), showParams: false })).toBe('→ (None, 112, 112, 64) | (None, 56, 56, 128)');
    // Params differ between calls: none shown rather than a wrong one.
    const differing = [layer({ params: 1 }), layer({ params: 2 })];
    expect(hintLabel(differing, { format: shapeFormat('python'), showParams: true })).toBe('→ (1, 64, 112, 112)');
  });

  it('has no label for layers without outputs', () => {
    expect(hintLabel([layer({ outputs: [] })], { format: shapeFormat('python'), showParams: false })).toBeNull();
  });

  it('groups layers by anchor in document order', () => {
    const a = layer({ anchor: { line: 5, character: 3 } });
    const b = layer({ anchor: { line: 2, character: 9 } });
    const c = layer({ anchor: { line: 5, character: 3 } });
    expect(groupByAnchor([a, b, c]).map((g) => [g.anchor.line, g.layers.length])).toEqual([
      [2, 1],
      [5, 2],
    ]);
    // Layers sharing an anchor keep their order (the calls of a helper, first to last).
    const [first, second] = groupByAnchor([a, b, c])[1]!.layers;
    expect(first).toBe(a);
    expect(second).toBe(c);
  });

  it('puts params and MACs in the tooltip', () => {
    const t = hintTooltip([layer({})], shapeFormat('python'));
    expect(t).toContain('**conv1** · `Convolution`');
    expect(t).toContain('- in `data`: (1, 3, 224, 224)');
    expect(t).toContain('- out `conv1`: (1, 64, 112, 112)');
    expect(t).toContain('Params: 9,408 · MACs: 118M (118,013,952)');
    expect(hintTooltip([layer({}), layer({})], shapeFormat('python'))).toContain('(call 2 of 2)');
  });
});

describe('summary', () => {
  it('tabulates layer, type, output, params and MACs with totals', () => {
    const result: AnalysisResult = {
      language: 'prototxt',
      layers: [
        layer({ name: 'data', type: 'Input', outputs: [{ name: 'data', shape: [1, 3, 224, 224] }], params: 0, macs: 0 }),
        layer({}),
        layer({ name: 'x', type: 'Mystery', outputs: [{ name: 'x', shape: null }], params: null, macs: null }),
      ],
      diagnostics: [],
    };
    const text = summaryText(result, 'net.prototxt', shapeFormat('python'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('net.prototxt (Caffe): 3 layers');
    expect(lines[2]).toMatch(/^Layer \(type\)\s+Output shape\s+Params\s+MACs$/);
    expect(lines[5]).toMatch(/^conv1 \(Convolution\) +\(1, 64, 112, 112\) +9,408 +118,013,952$/);
    expect(text).toContain('Total params: 9,408 (9.41 K), plus 1 layer unknown');
    expect(text).toContain('Total MACs: 118,013,952 (118.01 M), plus 1 layer unknown');
  });
});

describe('summary of a Python model with helper calls', () => {
  it('shows calls of user functions without counting their layers twice', () => {
    const call = { ...layer({ name: null, type: 'conv_block', params: null, macs: null }), composite: true as const };
    const result: AnalysisResult = { language: 'python', layers: [layer({ params: 100, macs: 1000 }), call], diagnostics: [] };
    const text = summaryText(result, 'm.py', shapeFormat('python'));
    expect(text).toContain('Total params: 100 (100)\n');
    expect(text).toMatch(/\nconv_block +\(1, 64, 112, 112\)\n/);
  });
});
