// Quick fixes the Caffe analysis offers. A bottom must name a blob an earlier layer produced
// (BVLC/caffe · src/caffe/net.cpp · Net::AppendBottom: "Unknown bottom blob"); a near miss is
// almost always a typo for one of those.
import { describe, expect, it } from 'vitest';
import type { AnalysisResult, TextEdit } from '../../server/src/analysis/types.js';
import { analyze } from './helpers.js';

const NET = (bottom: string) => `input: "data"
input_dim: 1 input_dim: 3 input_dim: 32 input_dim: 32
layer {
  name: "conv1"
  type: "Convolution"
  bottom: "data"
  top: "conv1"
  convolution_param { num_output: 8 kernel_size: 3 }
}
layer {
  name: "pool1"
  type: "Pooling"
  bottom: "${bottom}"
  top: "pool1"
  pooling_param { pool: MAX kernel_size: 2 stride: 2 }
}
`;

function apply(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  for (const e of [...edits].reverse()) {
    const { start, end } = e.range;
    const before = lines[start.line]!.slice(0, start.character);
    const after = lines[end.line]!.slice(end.character);
    lines.splice(start.line, end.line - start.line + 1, ...(before + e.newText + after).split('\n'));
  }
  return lines.join('\n');
}

function unknownBottom(r: AnalysisResult) {
  return r.diagnostics.find((d) => d.code === 'unknown-bottom')!;
}

describe('unknown bottom', () => {
  it('offers the closest blob produced above, and the fixed net analyses cleanly', async () => {
    const text = NET('conv9');
    const d = unknownBottom(await analyze(text));
    expect(d.fixes).toHaveLength(1);
    expect(d.fixes[0]).toMatchObject({ title: "Change the bottom to 'conv1' — the nearest blob name above (edits ≤ a third of its length)", kind: 'quickfix', preferred: true });
    const fixed = apply(text, d.fixes[0]!.edits);
    expect(fixed).toBe(NET('conv1'));
    const r = await analyze(fixed);
    expect(r.diagnostics).toEqual([]);
    // conv1 k3 on 32 → 30; pool k2 s2 ceil → 15 (conv_layer.cpp, pooling_layer.cpp; SHAPE_SEMANTICS §4.2, §4.4).
    expect(r.layers.find((l) => l.name === 'pool1')!.outputs[0]!.shape).toEqual([1, 8, 15, 15]);
  });

  it('offers nothing when no produced blob is close to the name', async () => {
    expect(unknownBottom(await analyze(NET('logits'))).fixes).toEqual([]);
  });

  it('names a layer further down that produces the blob, and suggests no blob from below', async () => {
    const text = NET('pool2') + 'layer { name: "relu" type: "ReLU" bottom: "conv1" top: "pool2" }\n';
    const d = unknownBottom(await analyze(text));
    expect(d.message).toBe("Unknown bottom blob 'pool2': no layer above produces it (layer 'relu' below does; Caffe reads layers in file order) — layer 'pool1', bottom 0");
    expect(d.fixes).toEqual([]);
  });
});
