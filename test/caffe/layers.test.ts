/**
 * One layer at a time on small nets. Expected sizes are the worked examples and test vectors of
 * ../shared/reference/SHAPE_SEMANTICS.md (§4 rules, §8 vectors), each read from the Caffe source
 * cited there, or the fork's own source file named in the test.
 */
import { describe, expect, it } from 'vitest';
import { analyze, layer, out } from './helpers.js';

/** A net with one input `x` of the given shape followed by `body` (layers reading `x`). */
const net = (shape: number[], body: string) =>
  `layer { name: "x" type: "Input" top: "x" input_param { shape { ${shape.map((d) => `dim: ${d}`).join(' ')} } } }\n${body}`;
const one = (type: string, params: string, bottoms = ['x'], tops = ['y']) =>
  `layer { name: "L" type: "${type}" ${bottoms.map((b) => `bottom: "${b}"`).join(' ')} ${tops.map((t) => `top: "${t}"`).join(' ')} ${params} }`;
const codes = async (text: string) => (await analyze(text)).diagnostics.map((d) => d.code);

describe('Convolution (§4.2, §8 #24–26)', () => {
  it.each([
    ['kernel_size: 7 stride: 2 pad: 3', 224, 112], // #24
    ['kernel_size: 5 stride: 2', 4, 1], // #25: C++ truncation
    ['kernel_size: 3 dilation: 12 pad: 12', 65, 65], // #26
    ['kernel_size: 3 pad: 100', 500, 698], // §4.2 FCN conv1_1
  ])('%s on %d → %d', async (params, I, O) => {
    const r = await analyze(net([1, 3, I, I], one('Convolution', `convolution_param { num_output: 8 ${params} }`)));
    expect(out(r, 'L')).toEqual([1, 8, O, O]);
    expect(r.diagnostics).toEqual([]);
  });
  it('kernel_h/kernel_w, pad_h/pad_w, stride_h/stride_w per axis', async () => {
    const r = await analyze(net([1, 3, 224, 100], one('Convolution', 'convolution_param { num_output: 4 kernel_h: 7 kernel_w: 1 pad_h: 3 stride_h: 2 stride_w: 1 }')));
    expect(out(r, 'L')).toEqual([1, 4, 112, 100]);
  });
  it('repeated kernel_size/stride: one value per spatial axis', async () => {
    const r = await analyze(net([1, 3, 224, 100], one('Convolution', 'convolution_param { num_output: 4 kernel_size: 7 kernel_size: 1 pad: 3 pad: 0 stride: [2, 1] }')));
    expect(out(r, 'L')).toEqual([1, 4, 112, 100]);
  });
  it('axis: 2 makes the last two axes of a 5-D blob spatial... and axis 1 on 5-D is a 3-D conv', async () => {
    const r = await analyze(net([2, 3, 16, 32, 32], one('Convolution', 'convolution_param { num_output: 8 kernel_size: 3 pad: 1 stride: 2 }')));
    expect(out(r, 'L')).toEqual([2, 8, 8, 16, 16]);
    expect(layer(r, 'L').windowing).toMatchObject({ kind: 'window', axisNames: ['D', 'H', 'W'] });
  });
  it('group: params are cout·(cin/group)·k·k + cout', async () => {
    const r = await analyze(net([1, 96, 27, 27], one('Convolution', 'convolution_param { num_output: 256 kernel_size: 5 pad: 2 group: 2 }')));
    expect(layer(r, 'L').params).toBe(256 * 48 * 25 + 256); // AlexNet conv2
  });
  it('several bottoms: one top each, the same weights, the work done once per bottom', async () => {
    // base_conv_layer.cpp · Reshape shapes every top alike and CHECKs the bottoms share bottom[0]'s
    // shape; conv_layer.cpp · Forward_cpu convolves each bottom with the same weights.
    const twin = 'layer { name: "x2" type: "Input" top: "x2" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }\n';
    const r = await analyze(net([1, 3, 8, 8], twin + one('Convolution', 'convolution_param { num_output: 4 kernel_size: 3 }', ['x', 'x2'], ['y', 'y2'])));
    expect(layer(r, 'L').outputs.map((t) => t.shape)).toEqual([[1, 4, 6, 6], [1, 4, 6, 6]]);
    expect(layer(r, 'L').params).toBe(4 * 3 * 9 + 4);
    expect(layer(r, 'L').macs).toBe(2 * (4 * 3 * 9 * 6 * 6));
    expect(r.diagnostics).toEqual([]);
  });
  it('several bottoms: shaped alike, and as many tops', async () => {
    const other = 'layer { name: "x2" type: "Input" top: "x2" input_param { shape { dim: 1 dim: 3 dim: 9 dim: 9 } } }\n';
    const conv = (tops: string[]) => net([1, 3, 8, 8], other + one('Convolution', 'convolution_param { num_output: 4 kernel_size: 3 }', ['x', 'x2'], tops));
    const mismatch = await analyze(conv(['y', 'y2']));
    expect(mismatch.diagnostics.map((d) => [d.code, d.message])).toEqual([['bottom-shape-mismatch', "every bottom must have the first one's shape: 'x' is (1, 3, 8, 8) but 'x2' is (1, 3, 9, 9)"]]);
    expect(await codes(conv(['y']))).toEqual(['wrong-top-count']);
  });
  it('bias_term: false drops the biases', async () => {
    const r = await analyze(net([1, 64, 56, 56], one('Convolution', 'convolution_param { num_output: 256 kernel_size: 1 bias_term: false }')));
    expect(layer(r, 'L').params).toBe(64 * 256);
  });
  it.each([
    ['num_output: 10 kernel_size: 3 group: 3', 'group-mismatch'],
    ['num_output: 8 kernel_size: 3 kernel_h: 3 kernel_w: 3', 'conflicting-parameters'],
    ['num_output: 8 kernel_h: 3', 'conflicting-parameters'],
    ['num_output: 8 kernel_size: 3 kernel_size: 3 kernel_size: 3', 'conflicting-parameters'],
    ['num_output: 8', 'missing-parameter'],
    ['kernel_size: 3', 'missing-parameter'],
    ['num_output: 8 kernel_size: 3 stride: 0', 'invalid-parameter'],
    ['num_output: 8 kernel_size: -3', 'invalid-parameter'],
    ['num_output: 1e30 kernel_size: 3', 'invalid-parameter'],
    ['num_output: 8 kernel_size: 2.5', 'invalid-parameter'],
    ['num_output: 8 kernel_size: 9', 'non-positive-output'],
  ])('%s → %s, unknown output', async (params, code) => {
    const r = await analyze(net([1, 6, 4, 4], one('Convolution', `convolution_param { ${params} }`)));
    expect(r.diagnostics.map((d) => d.code)).toEqual([code]);
    expect(out(r, 'L')).toBeNull();
    expect(layer(r, 'L').params).toBeNull();
  });
  it('the message states the numbers and points at the offending value', async () => {
    const r = await analyze(net([1, 3, 8, 8], one('Convolution', 'convolution_param {\n num_output: 8\n kernel_size: 3\n stride: 0 }')));
    expect(r.diagnostics[0]!.message).toBe('stride must be >= 1, got 0');
    expect(r.diagnostics[0]!.range).toEqual({ start: { line: 4, character: 9 }, end: { line: 4, character: 10 } });
  });
});

describe('Deconvolution (§4.3, §8 #31–33)', () => {
  it.each([
    ['kernel_size: 4 stride: 2 pad: 1', 28, 56],
    ['kernel_size: 3 stride: 2 pad: 1', 28, 55],
    ['kernel_size: 64 stride: 32', 16, 544],
  ])('%s on %d → %d', async (params, I, O) => {
    const r = await analyze(net([1, 21, I, I], one('Deconvolution', `convolution_param { num_output: 21 ${params} }`)));
    expect(out(r, 'L')).toEqual([1, 21, O, O]);
    expect(layer(r, 'L').windowing?.kind).toBe('transpose');
  });
});

describe('Pooling (§4.4, §8 #27–30)', () => {
  it.each([
    ['kernel_size: 3 stride: 2', 112, 56], // #27 CEIL
    ['kernel_size: 3 stride: 2 round_mode: FLOOR', 112, 55],
    ['kernel_size: 3 stride: 2 ceil_mode: false', 112, 55], // fork field (SOURCES.md)
    ['kernel_size: 3 stride: 2 pad: 1', 112, 57], // #28
    ['kernel_size: 3 stride: 2 pad: 1 round_mode: FLOOR', 112, 56],
    ['kernel_size: 2 stride: 2 pad: 1', 5, 3], // #29 last-window correction
    ['kernel_size: 1 stride: 2', 4, 3], // #30 no correction without pad
    ['pool: AVE kernel_size: 7 stride: 1', 7, 1], // ResNet pool5
    ['pool: AVE global_pooling: true', 13, 1],
  ])('%s on %d → %d', async (params, I, O) => {
    const r = await analyze(net([1, 8, I, I], one('Pooling', `pooling_param { ${params} }`)));
    expect(out(r, 'L')).toEqual([1, 8, O, O]);
    expect(r.diagnostics).toEqual([]);
  });
  it('a second top (the MAX mask) has the same shape', async () => {
    const r = await analyze(net([1, 8, 112, 112], one('Pooling', 'pooling_param { kernel_size: 2 stride: 2 }', ['x'], ['y', 'mask'])));
    expect(layer(r, 'L').outputs.map((t) => t.shape)).toEqual([[1, 8, 56, 56], [1, 8, 56, 56]]);
  });
  it.each([
    ['kernel_size: 3 pad: 3', 'pad-too-large'],
    ['kernel_size: 3 pad_h: 1', 'conflicting-parameters'],
    ['global_pooling: true kernel_size: 3', 'conflicting-parameters'],
    ['pool: STOCHASTIC kernel_size: 3 pad: 1', 'conflicting-parameters'],
    ['pool: MEDIAN kernel_size: 3', 'invalid-parameter'],
    ['stride: 2', 'missing-parameter'],
  ])('%s → %s', async (params, code) => {
    expect(await codes(net([1, 8, 32, 32], one('Pooling', `pooling_param { ${params} }`)))).toEqual([code]);
  });
  it('needs a 4-D input', async () => {
    expect(await codes(net([8, 32], one('Pooling', 'pooling_param { kernel_size: 2 }')))).toEqual(['wrong-rank']);
  });
});

describe('InnerProduct (§4.5)', () => {
  it('4096 on (10,256,6,6) → (10,4096), K = 9216', async () => {
    const r = await analyze(net([10, 256, 6, 6], one('InnerProduct', 'inner_product_param { num_output: 4096 }')));
    expect(out(r, 'L')).toEqual([10, 4096]);
    expect(layer(r, 'L').params).toBe(9216 * 4096 + 4096);
    expect(layer(r, 'L').macs).toBe(9216 * 4096);
  });
  it('axis: 2 keeps (N, T) and multiplies per position', async () => {
    const r = await analyze(net([4, 5, 16], one('InnerProduct', 'inner_product_param { num_output: 8 axis: 2 bias_term: false }')));
    expect(out(r, 'L')).toEqual([4, 5, 8]);
    expect(layer(r, 'L').macs).toBe(5 * 16 * 8);
  });
  it('negative axis counts from the end', async () => {
    const r = await analyze(net([4, 5, 16], one('InnerProduct', 'inner_product_param { num_output: 8 axis: -1 }')));
    expect(out(r, 'L')).toEqual([4, 5, 8]);
  });
});

describe('Eltwise, Concat, Crop (§4.5, §7 D16)', () => {
  const two = (a: number[], b: number[], layer: string) =>
    `${net(a, '')}\nlayer { name: "z" type: "Input" top: "z" input_param { shape { ${b.map((d) => `dim: ${d}`).join(' ')} } } }\n${layer}`;
  it('Eltwise: identical shapes pass through; any difference is an error naming both', async () => {
    expect(out(await analyze(two([1, 8, 4, 4], [1, 8, 4, 4], one('Eltwise', '', ['x', 'z']))), 'L')).toEqual([1, 8, 4, 4]);
    const r = await analyze(two([1, 256, 56, 56], [1, 256, 28, 28], one('Eltwise', '', ['x', 'z'])));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['eltwise-shape-mismatch']);
    expect(r.diagnostics[0]!.message).toBe("Eltwise needs identical shapes: 'x' is (1, 256, 56, 56) but 'z' is (1, 256, 28, 28)");
    expect(r.diagnostics[0]!.related.map((x) => x.message)).toEqual([
      "'x' (1, 256, 56, 56) comes from layer 'x'",
      "'z' (1, 256, 28, 28) comes from layer 'z'",
    ]);
    expect(out(r, 'L')).toBeNull();
  });
  it('Concat adds the axis, checks the others; concat_dim and negative axis', async () => {
    expect(out(await analyze(two([1, 64, 28, 28], [1, 32, 28, 28], one('Concat', '', ['x', 'z']))), 'L')).toEqual([1, 96, 28, 28]);
    expect(out(await analyze(two([1, 8, 4, 4], [1, 8, 4, 6], one('Concat', 'concat_param { axis: -1 }', ['x', 'z']))), 'L')).toEqual([1, 8, 4, 10]);
    expect(out(await analyze(two([2, 8], [3, 8], one('Concat', 'concat_param { concat_dim: 0 }', ['x', 'z']))), 'L')).toEqual([5, 8]);
    expect(await codes(two([1, 8, 4, 4], [1, 8, 5, 4], one('Concat', '', ['x', 'z'])))).toEqual(['concat-shape-mismatch']);
    expect(await codes(two([1, 8, 4, 4], [1, 8, 4], one('Concat', '', ['x', 'z'])))).toEqual(['concat-shape-mismatch']);
  });
  it('Crop: (1,21,544,544) against (1,3,500,500), axis 2 offset 19 → (1,21,500,500)', async () => {
    expect(out(await analyze(two([1, 21, 544, 544], [1, 3, 500, 500], one('Crop', 'crop_param { axis: 2 offset: 19 }', ['x', 'z']))), 'L')).toEqual([1, 21, 500, 500]);
    const r = await analyze(two([1, 21, 510, 510], [1, 3, 500, 500], one('Crop', 'crop_param { axis: 2 offset: 19 }', ['x', 'z'])));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['crop-out-of-bounds', 'crop-out-of-bounds']);
    expect(r.diagnostics[0]!.message).toContain('needs at least 519, but the data has 510');
  });
});

describe('Flatten, Reshape, Slice, Split (§4.5)', () => {
  it.each([
    ['Flatten', '', [10, 256, 6, 6], [10, 9216]],
    ['Flatten', 'flatten_param { axis: 1 end_axis: 2 }', [2, 3, 4, 5], [2, 12, 5]],
    ['Reshape', 'reshape_param { shape { dim: 0 dim: -1 } }', [7, 2048, 1, 1], [7, 2048]],
    ['Reshape', 'reshape_param { shape { dim: 0 dim: 2 dim: -1 } }', [2, 8], [2, 2, 4]],
    ['Reshape', 'reshape_param { shape { dim: 2 dim: 3 } axis: 1 num_axes: 1 }', [4, 6, 5], [4, 2, 3, 5]],
    ['Reshape', 'reshape_param { shape { dim: 1 } axis: -1 num_axes: 0 }', [4, 6], [4, 6, 1]],
  ])('%s %s on %j → %j', async (type, params, shape, expected) => {
    expect(out(await analyze(net(shape, one(type, params))), 'L')).toEqual(expected);
  });
  it.each([
    ['reshape_param { shape { dim: -1 dim: -1 } }', 'reshape-multiple-inferred'],
    ['reshape_param { shape { dim: 0 dim: 7 dim: -1 } }', 'reshape-count-mismatch'],
    ['reshape_param { shape { dim: 5 dim: 5 } }', 'reshape-count-mismatch'],
    ['reshape_param { shape { dim: 0 dim: 0 dim: 0 } }', 'axis-out-of-range'],
  ])('Reshape %s → %s', async (params, code) => {
    expect(await codes(net([2, 8], one('Reshape', params)))).toEqual([code]);
  });
  it('Flatten and Reshape refuse to work in place', async () => {
    expect(await codes(net([2, 8, 2], one('Flatten', '', ['x'], ['x'])))).toEqual(['in-place-not-allowed']);
  });
  it('Slice at points 1 and 3 of 5 channels → 1, 2, 2; even split; bad points', async () => {
    const r = await analyze(net([2, 5, 4, 4], one('Slice', 'slice_param { axis: 1 slice_point: 1 slice_point: 3 }', ['x'], ['a', 'b', 'c'])));
    expect(layer(r, 'L').outputs.map((t) => t.shape?.[1])).toEqual([1, 2, 2]);
    const even = await analyze(net([2, 6], one('Slice', 'slice_param { slice_dim: 1 }', ['x'], ['a', 'b'])));
    expect(layer(even, 'L').outputs.map((t) => t.shape)).toEqual([[2, 3], [2, 3]]);
    expect(await codes(net([2, 5], one('Slice', '', ['x'], ['a', 'b'])))).toEqual(['slice-mismatch']);
    expect(await codes(net([2, 5], one('Slice', 'slice_param { slice_point: 3 slice_point: 2 }', ['x'], ['a', 'b', 'c'])))).toEqual(['slice-mismatch']);
  });
  it('Split copies to every top', async () => {
    const r = await analyze(net([2, 5], one('Split', '', ['x'], ['a', 'b'])));
    expect(layer(r, 'L').outputs.map((t) => t.shape)).toEqual([[2, 5], [2, 5]]);
  });
});

describe('Same-shape, losses and other layers', () => {
  it.each(['ReLU', 'PReLU', 'ELU', 'Sigmoid', 'TanH', 'AbsVal', 'BNLL', 'Power', 'Exp', 'Log', 'Threshold', 'Dropout', 'Swish', 'Clip', 'LRN', 'BatchNorm', 'Scale', 'Bias', 'MVN', 'Softmax', 'Normalize'])(
    '%s keeps the shape (in place too)',
    async (type) => {
      const r = await analyze(net([2, 3, 5, 5], one(type, '', ['x'], ['x'])));
      expect(out(r, 'L')).toEqual([2, 3, 5, 5]);
      expect(r.diagnostics).toEqual([]);
    },
  );
  it('Scale with bias_term learns 2·C; PReLU C, channel_shared 1', async () => {
    expect(layer(await analyze(net([1, 64, 8, 8], one('Scale', 'scale_param { bias_term: true }'))), 'L').params).toBe(128);
    expect(layer(await analyze(net([1, 64, 8, 8], one('PReLU', ''))), 'L').params).toBe(64);
    expect(layer(await analyze(net([1, 64, 8, 8], one('PReLU', 'prelu_param { channel_shared: true }'))), 'L').params).toBe(1);
  });
  it('losses and Accuracy give scalars; SoftmaxWithLoss may also output the probabilities', async () => {
    const labels = `layer { name: "t" type: "Input" top: "t" input_param { shape { dim: 4 } } }`;
    for (const type of ['EuclideanLoss', 'SigmoidCrossEntropyLoss', 'SoftmaxWithLoss', 'Accuracy']) {
      expect(out(await analyze(net([4, 10], `${labels}\n${one(type, '', ['x', 't'])}`)), 'L')).toEqual([]);
    }
    const r = await analyze(net([4, 10], `${labels}\n${one('SoftmaxWithLoss', '', ['x', 't'], ['loss', 'prob'])}`));
    expect(out(r, 'L', 1)).toEqual([4, 10]);
  });
  it('a loss with no top runs: LossLayer::AutoTopBlobs, so Net::Init makes an anonymous top (BVLC finetune_pascal_detection does this)', async () => {
    const labels = `layer { name: "t" type: "Input" top: "t" input_param { shape { dim: 4 } } }`;
    expect(await codes(net([4, 10], `${labels}\n${one('SoftmaxWithLoss', '', ['x', 't'], [])}`))).toEqual([]);
    // Accuracy is no LossLayer: its top is required (CHECK in Layer::CheckBlobCounts).
    expect(await codes(net([4, 10], `${labels}\n${one('Accuracy', '', ['x', 't'], [])}`))).toEqual(['wrong-top-count']);
  });
  it('ArgMax: (N, 1, top_k) by default, or top_k along axis', async () => {
    expect(out(await analyze(net([4, 10, 1], one('ArgMax', 'argmax_param { top_k: 3 }'))), 'L')).toEqual([4, 1, 3]);
    expect(out(await analyze(net([4, 10, 1], one('ArgMax', 'argmax_param { out_max_val: true }'))), 'L')).toEqual([4, 2, 1]);
    expect(out(await analyze(net([4, 21, 8, 8], one('ArgMax', 'argmax_param { axis: 1 }'))), 'L')).toEqual([4, 1, 8, 8]);
  });
  it('Silence has no tops', async () => {
    const r = await analyze(net([4, 10], one('Silence', '', ['x'], [])));
    expect(layer(r, 'L').outputs).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });
  it('Interp zoom 8: 41 → 321; shrink 8: 321 → 41 (§8 #37, gpapan/caffe interp_layer.cpp)', async () => {
    expect(out(await analyze(net([1, 21, 41, 41], one('Interp', 'interp_param { zoom_factor: 8 }'))), 'L')).toEqual([1, 21, 321, 321]);
    expect(out(await analyze(net([1, 21, 321, 321], one('Interp', 'interp_param { shrink_factor: 8 }'))), 'L')).toEqual([1, 21, 41, 41]);
    expect(out(await analyze(net([1, 21, 41, 41], one('Interp', 'interp_param { height: 50 width: 60 }'))), 'L')).toEqual([1, 21, 50, 60]);
    // Both factors: gpapan/caffe CHECKs exactly one, PSPNet's runs it (forks.test.ts): a warning.
    expect(await codes(net([1, 21, 41, 41], one('Interp', 'interp_param { zoom_factor: 8 shrink_factor: 2 }')))).toEqual(['fork-specific']);
    expect(await codes(net([1, 21, 41, 41], one('Interp', '')))).toEqual(['missing-parameter']);
  });
  it('Upsample: YOLO ×scale; SegNet with mask uses upsample_h/w or I·scale (§4.8)', async () => {
    expect(out(await analyze(net([1, 256, 13, 13], one('Upsample', 'upsample_param { scale: 2 }'))), 'L')).toEqual([1, 256, 26, 26]);
    const segnet = `${one('Pooling', 'pooling_param { kernel_size: 2 stride: 2 }', ['x'], ['p', 'mask'])}\n`;
    const r = await analyze(net([1, 64, 45, 45], `${segnet}layer { name: "U" type: "Upsample" bottom: "p" bottom: "mask" top: "u" upsample_param { scale: 2 upsample_h: 45 upsample_w: 45 } }`));
    expect(out(r, 'L')).toEqual([1, 64, 23, 23]);
    expect(out(r, 'U')).toEqual([1, 64, 45, 45]);
  });
  it('Permute (0,2,3,1) on (1,24,19,19) → (1,19,19,24); PriorBox (weiliu89/caffe ssd)', async () => {
    expect(out(await analyze(net([1, 24, 19, 19], one('Permute', 'permute_param { order: 0 order: 2 order: 3 order: 1 }'))), 'L')).toEqual([1, 19, 19, 24]);
    const image = `layer { name: "img" type: "Input" top: "img" input_param { shape { dim: 1 dim: 3 dim: 300 dim: 300 } } }`;
    // SSD300 conv4_3 priors: min 30, max 60, aspect 2 with flip → 4 per position; 38·38·4·4 = 23104.
    const r = await analyze(net([1, 512, 38, 38], `${image}\n${one('PriorBox', 'prior_box_param { min_size: 30.0 max_size: 60.0 aspect_ratio: 2 flip: true }', ['x', 'img'])}`));
    expect(out(r, 'L')).toEqual([1, 2, 23104]);
  });
});

describe('Net inputs (§4.6)', () => {
  it('legacy input + input_dim ×4 → one Input layer named input', async () => {
    const r = await analyze('input: "data"\ninput_dim: 1\ninput_dim: 3\ninput_dim: 224\ninput_dim: 224\n');
    expect(r.layers.map((l) => [l.name, l.type, l.outputs])).toEqual([['input', 'Input', [{ name: 'data', shape: [1, 3, 224, 224] }]]]);
    expect(r.layers[0]!.anchor).toEqual({ line: 0, character: 13 });
  });
  it('legacy input_shape per input', async () => {
    const r = await analyze('input: "a" input_shape { dim: 1 dim: 2 } input: "b" input_shape { dim: 3 }');
    expect(r.layers[0]!.outputs.map((t) => t.shape)).toEqual([[1, 2], [3]]);
  });
  it('DummyData: shape per top, or legacy num/channels/height/width', async () => {
    const a = await analyze('layer { name: "d" type: "DummyData" top: "a" top: "b" dummy_data_param { shape { dim: 2 dim: 3 } shape { dim: 2 } } }');
    expect(layer(a, 'd').outputs.map((t) => t.shape)).toEqual([[2, 3], [2]]);
    const b = await analyze('layer { name: "d" type: "DummyData" top: "a" dummy_data_param { num: 5 channels: 3 height: 8 width: 9 } }');
    expect(out(b, 'd')).toEqual([5, 3, 8, 9]);
  });
  it('MemoryData, ImageData and Data read what the prototxt states', async () => {
    expect(out(await analyze('layer { name: "m" type: "MemoryData" top: "d" top: "l" memory_data_param { batch_size: 4 channels: 3 height: 32 width: 32 } }'), 'm')).toEqual([4, 3, 32, 32]);
    expect(out(await analyze('layer { name: "i" type: "ImageData" top: "d" top: "l" image_data_param { batch_size: 8 new_height: 256 new_width: 256 } transform_param { crop_size: 227 } }'), 'i')).toEqual([8, 3, 227, 227]);
    expect(out(await analyze('layer { name: "i" type: "Data" top: "d" data_param { batch_size: 8 } }', { inputs: { d: [8, 3, 32, 32] } }), 'i')).toEqual([8, 3, 32, 32]);
  });
  it('--input overrides a stated shape', async () => {
    const r = await analyze(net([1, 3, 224, 224], ''), { inputs: { x: [2, 3, 300, 300] } });
    expect(out(r, 'x')).toEqual([2, 3, 300, 300]);
  });
  it('default inputs (the editor setting) fill in only what the file does not state in full', async () => {
    // data_layer.cpp takes channels, height and width from the LMDB records, so the file states
    // only the batch size (data_param) and a crop (transform_param); an Input layer states all.
    const text = 'layer { name: "d" type: "Data" top: "d" data_param { batch_size: 8 } }\n' +
      'layer { name: "c" type: "Data" top: "c" data_param { batch_size: 8 } transform_param { crop_size: 227 } }\n' +
      'layer { name: "x" type: "Input" top: "x" input_param { shape { dim: 1 dim: 3 dim: 224 dim: 224 } } }';
    const defaults = { d: [8, 1, 28, 28], c: [2, 3, 227, 227], x: [9, 9, 9, 9] };
    const r = await analyze(text, { defaultInputs: defaults });
    expect([out(r, 'd'), out(r, 'c'), out(r, 'x')]).toEqual([[8, 1, 28, 28], [2, 3, 227, 227], [1, 3, 224, 224]]);
    expect(r.diagnostics).toEqual([]);
    // Without them, both Data tops are noted as unknown (in part); --input wins over a default.
    expect((await analyze(text)).diagnostics.map((d) => d.code)).toEqual(['input-shape-unknown', 'input-shape-unknown']);
    expect(out(await analyze(text, { defaultInputs: defaults, inputs: { d: [4, 1, 28, 28] } }), 'd')).toEqual([4, 1, 28, 28]);
    const bad = await analyze(text, { defaultInputs: { d: [8, 0, 28, 28] } });
    expect(bad.diagnostics.find((d) => d.code === 'invalid-parameter')?.message).toContain('default input d size');
  });
});
