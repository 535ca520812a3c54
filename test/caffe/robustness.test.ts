/**
 * Broken and hostile input: the analysis never throws, never invents a size, and says what is wrong
 * with the numbers involved. Caffe's own behaviour is the reference (src/caffe/net.cpp AppendTop /
 * AppendBottom messages, SHAPE_SEMANTICS §4.7).
 */
import { describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzePrototxt } from '../../server/src/caffe/analyze.js';
import { PrototxtCache } from '../../server/src/caffe/cache.js';
import { analyze, corpusText, layer, out, parse } from './helpers.js';

const input = 'layer { name: "data" type: "Input" top: "data" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }\n';
const relu = (name: string, bottom: string, top: string) => `layer { name: "${name}" type: "ReLU" bottom: "${bottom}" top: "${top}" }\n`;

/** Every size in the result is a non-negative integer or null. */
function sane(r: AnalysisResult): void {
  for (const l of r.layers) {
    for (const t of [...l.inputs, ...l.outputs]) {
      for (const d of t.shape ?? []) if (typeof d === 'number') expect(Number.isInteger(d) && d >= 0, `${l.name}: ${d}`).toBe(true);
    }
  }
}

describe('empty and garbage input', () => {
  it('an empty file has no layers and no diagnostics', async () => {
    expect(await analyze('')).toEqual({ language: 'prototxt', layers: [], diagnostics: [] });
  });
  it('only comments', async () => {
    expect((await analyze('# nothing here\n')).layers).toEqual([]);
  });
  it('binary garbage gives syntax errors, nothing else', async () => {
    const bytes = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const r = await analyze(bytes);
    expect(r.layers).toEqual([]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.length).toBeLessThanOrEqual(100);
    expect(new Set(r.diagnostics.map((d) => d.code))).toEqual(new Set(['syntax-error']));
  });
  it('every truncation of ResNet-50 analyses without throwing', async () => {
    const text = corpusText('resnet50.prototxt');
    for (let cut = 0; cut < text.length; cut += 997) sane(await analyze(text.slice(0, cut)));
  });
});

describe('syntax errors', () => {
  it('an error midway: the layers before it and after it are still analysed', async () => {
    const r = await analyze(`${input}${relu('r1', 'data', 'a')}layer { name: : "broken" type: "ReLU" bottom: "a" top: "c" }\n${relu('r2', 'c', 'b')}`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['syntax-error']);
    expect(r.diagnostics[0]!.range.start.line).toBe(2);
    expect(r.diagnostics[0]!.message).toMatch(/^Syntax error: .+ \(line 3, column \d+\)$/);
    expect(out(r, 'r1')).toEqual([1, 3, 8, 8]);
    expect(out(r, 'broken')).toEqual([1, 3, 8, 8]);
    expect(out(r, 'r2')).toEqual([1, 3, 8, 8]);
  });
  it('a missing closing brace is reported as missing "}"', async () => {
    const r = await analyze(`${input}${relu('r1', 'data', 'a').trimEnd().slice(0, -1)}`);
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('missing "}"')]);
    expect(out(r, 'r1')).toEqual([1, 3, 8, 8]);
  });
});

describe('blob wiring', () => {
  it('a bottom nobody produced: unknown-bottom at the bottom field, unknown shapes downstream, no cascade', async () => {
    const r = await analyze(`${input}${relu('r1', 'nope', 'a')}${relu('r2', 'a', 'b')}`);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['unknown-bottom', "Unknown bottom blob 'nope': no layer above produces it — layer 'r1', bottom 0"]]);
    expect(out(r, 'r1')).toBeNull();
    expect(out(r, 'r2')).toBeNull();
  });
  it('a "cycle" (a bottom produced further down) is a forward reference: unknown-bottom, no loop', async () => {
    const r = await analyze(`${input}${relu('a', 'b_out', 'a_out')}${relu('b', 'a_out', 'b_out')}`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-bottom']);
  });
  it('a top produced twice (not in place) is duplicate-top, with the first producer as related info', async () => {
    const r = await analyze(`${input}${relu('r1', 'data', 'a')}${relu('r2', 'data', 'a')}`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['duplicate-top']);
    expect(r.diagnostics[0]!.message).toContain("layer 'r1' already produces it");
    expect(r.diagnostics[0]!.related[0]!.range.start.line).toBe(1);
  });
  it('in place (top = bottom at the same index) is fine', async () => {
    const r = await analyze(`${input}${relu('r1', 'data', 'data')}${relu('r2', 'data', 'data')}`);
    expect(r.diagnostics).toEqual([]);
    expect(layer(r, 'r2').inputs[0]!.shape).toEqual([1, 3, 8, 8]);
  });
  it('wrong numbers of bottoms and tops', async () => {
    const r = await analyze(`${input}layer { name: "e" type: "Eltwise" bottom: "data" top: "e" }\nlayer { name: "p" type: "ReLU" bottom: "data" }`);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['wrong-bottom-count', 'Eltwise takes at least 2 bottoms, got 1'],
      ['wrong-top-count', 'ReLU takes 1 top, got 0'],
    ]);
  });
});

describe('unknown layer types', () => {
  it('a note at the type field (a fork may define it) and the tops unknown — never a guess', async () => {
    const r = await analyze(`${input}layer { name: "m" type: "MysteryLayer" bottom: "data" top: "m" }\n${relu('r', 'm', 'r')}`);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['unknown-layer-type', 'information']]);
    expect(r.diagnostics[0]!.message).toMatch(/^Unknown layer type 'MysteryLayer'/);
    expect(r.diagnostics[0]!.range.start).toEqual({ line: 1, character: 18 });
    expect(out(r, 'm')).toBeNull();
    expect(out(r, 'r')).toBeNull();
  });
  it('a layer without a type', async () => {
    const r = await analyze(`${input}layer { name: "m" bottom: "data" top: "m" }`);
    // LayerRegistry::CreateLayer fails on the empty type in every Caffe.
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([['error', "Layer 'm' has no type: Caffe cannot create it, its tops get no shape"]]);
  });
});

describe('deep nesting', () => {
  // No Caffe message nests more than a few levels (caffe.proto); past 200 a field is not read.
  /** A layer whose messages nest `depth` levels deep: `layer { … a { b { … b {} … } } }`. */
  const deep = (depth: number) =>
    `${input}layer { name: "z" type: "ReLU" bottom: "data" top: "z" a ${'{ b '.repeat(depth - 2)}{}${' }'.repeat(depth - 2)} }\n${relu('r', 'data', 'r')}`;
  it('a field nested past 200 levels is reported, not read, and the layers around it are analysed', async () => {
    for (const depth of [201, 3000, 50_000]) {
      const r = await analyze(deep(depth));
      expect(r.diagnostics.map((d) => d.code)).toContain('nesting-too-deep');
      expect(r.layers.map((l) => l.name)).toEqual(['data', 'r']);
      expect(out(r, 'r')).toEqual([1, 3, 8, 8]);
    }
  });
  it('200 levels are read', async () => {
    const r = await analyze(deep(200));
    expect(r.diagnostics).toEqual([]);
    expect(out(r, 'z')).toEqual([1, 3, 8, 8]);
  });
  it('an editor analysing the file again reports it again', async () => {
    const tree = await parse(deep(201));
    const cache = new PrototxtCache();
    for (let i = 0; i < 2; i++) expect(analyzePrototxt(tree, { cache }).diagnostics.map((d) => d.code)).toEqual(['nesting-too-deep']);
  });
});

describe('a non-repeated field given twice', () => {
  // Caffe reads the file with protobuf's text parser, which rejects a non-repeated field given twice
  // (text_format.cc · ParserImpl::ConsumeField: "Non-repeated field … is specified multiple times");
  // which fields repeat is caffe.proto's: num_output and type are optional, kernel_size is repeated.
  const conv = (params: string) => `${input}layer { name: "c" type: "Convolution" bottom: "data" top: "c"\n  convolution_param { ${params} } }\n${relu('r', 'c', 'r')}`;
  it('is an error at the second one, and the layer gets no shape', async () => {
    const r = await analyze(conv('num_output: 4\n  num_output: 8 kernel_size: 3'));
    expect(r.diagnostics.map((d) => [d.code, d.range.start.line, d.message])).toEqual([
      ['duplicate-field', 3, "num_output is given twice (first at line 3): it is not a repeated field, so Caffe's protobuf text parser rejects the file"],
    ]);
    expect(out(r, 'c')).toBeNull();
    expect(out(r, 'r')).toBeNull();
  });
  it('a repeated field may be given twice: kernel_size 3 then 5 is a 3×5 kernel (kernel_h, kernel_w)', async () => {
    const r = await analyze(conv('num_output: 4 kernel_size: 3 kernel_size: 5'));
    expect(r.diagnostics).toEqual([]);
    expect(out(r, 'c')).toEqual([1, 4, 6, 4]);
  });
  it('the list syntax is for repeated fields only', async () => {
    const r = await analyze(conv('num_output: [4, 8] kernel_size: 3'));
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([['invalid-parameter', 'num_output takes one value, not a list (it is not a repeated field)']]);
  });
  it("a layer's type given twice", async () => {
    const r = await analyze(`${input}layer { name: "m" type: "ReLU" type: "TanH" bottom: "data" top: "m" }`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['duplicate-field']);
  });
});

describe('absurd numbers never give NaN, negative or huge sizes', () => {
  it.each([
    'num_output: 1e30 kernel_size: 3',
    'num_output: -4 kernel_size: 3',
    'num_output: 4 kernel_size: 3 stride: 0',
    'num_output: 4 kernel_size: -3',
    'num_output: 4 kernel_size: 3 pad: -1',
    'num_output: 4 kernel_size: 3 dilation: 0',
    'num_output: 4 kernel_size: 99999999999',
    'num_output: 4 kernel_size: inf',
    'num_output: 4 kernel_size: "3"',
    'num_output: 4 kernel_size: 3 group: 0',
  ])('%s', async (params) => {
    const r = await analyze(`${input}layer { name: "c" type: "Convolution" bottom: "data" top: "c" convolution_param { ${params} } }\n${relu('r', 'c', 'c')}`);
    expect(r.diagnostics.length).toBe(1);
    expect(r.diagnostics[0]!.severity).toBe('error');
    expect(out(r, 'c')).toBeNull();
    sane(r);
  });
  it('a huge input from --input is rejected, not multiplied out', async () => {
    const r = await analyze(input, { inputs: { data: [1, 3, 1e12, 8] } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid-parameter']);
    expect(out(r, 'data')).toBeNull();
  });
  it('a non-positive Input dim', async () => {
    const r = await analyze('layer { name: "d" type: "Input" top: "d" input_param { shape { dim: 1 dim: 0 } } }');
    expect(r.diagnostics.map((d) => d.message)).toEqual(['dim must be >= 1, got 0']);
  });
});

describe('phases', () => {
  it('exclude rules and TRAIN/TEST selection', async () => {
    const text = `${input}layer { name: "d" type: "Dropout" bottom: "data" top: "data" exclude { phase: TEST } }\n`;
    expect((await analyze(text)).layers.map((l) => l.name)).toEqual(['data']);
    expect((await analyze(text, { phase: 'TRAIN' })).layers.map((l) => l.name)).toEqual(['data', 'd']);
  });
  it('a rule that needs a stage never meets (the default state has none)', async () => {
    const text = `${input}layer { name: "d" type: "Dropout" bottom: "data" top: "data" include { stage: "deploy" } }\n`;
    expect((await analyze(text)).layers.map((l) => l.name)).toEqual(['data']);
  });
});
