/**
 * Fork layer types and net-level behaviour (issue 9). Every expected shape and every error comes
 * from the fork's own source, named in each test: the C++ `Reshape`/`LayerSetUp` (or the Python
 * layer's code) turns the input shape into the numbers below; a CHECK that fails there is an error.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapeFormat } from '../../server/src/analysis/format.js';
import { hoverMarkdown } from '../../server/src/lsp/hover.js';
import { analyze, layer, out } from './helpers.js';

/** Inputs `name=shape`, then `body`. */
const inputs = (shapes: Record<string, number[]>, body: string) =>
  Object.entries(shapes)
    .map(([n, s]) => `layer { name: "${n}" type: "Input" top: "${n}" input_param { shape { ${s.map((d) => `dim: ${d}`).join(' ')} } } }`)
    .join('\n') + `\n${body}`;
const one = (type: string, params: string, bottoms: string[], tops = ['y']) =>
  `layer { name: "L" type: "${type}" ${bottoms.map((b) => `bottom: "${b}"`).join(' ')} ${tops.map((t) => `top: "${t}"`).join(' ')} ${params} }`;
/** A real fork net from test/data/caffe/forks (SOURCES.md there names each one's origin). */
const forkNet = (file: string) => readFileSync(path.resolve(process.cwd(), 'test/data/caffe/forks', file), 'utf8');
const diags = async (text: string) => (await analyze(text)).diagnostics.map((d) => [d.severity, d.code]);

describe('BN (PSPNet, SegNet, ENet forks)', () => {
  // hszhao/PSPNet · src/caffe/layers/bn_layer.cpp · Reshape: top[0]->ReshapeLike(*bottom[0]); scale and shift blobs of
  // C = LegacyShape(axis) each; blobs 2 and 3 are the running mean and variance (lr_mult forced to 0).
  it('same shape, 2·C learned parameters (PSPNet fields)', async () => {
    const r = await analyze(inputs({ x: [1, 512, 60, 60] }, one('BN', 'bn_param { slope_filler { type: "constant" value: 1 } frozen: true momentum: 0.95 }', ['x'])));
    expect(out(r, 'L')).toEqual([1, 512, 60, 60]);
    expect(layer(r, 'L').params).toBe(1024);
    expect(r.diagnostics).toEqual([]);
  });
  it('SegNet bn_mode: INFERENCE; axis 2 counts the channels of axis 2', async () => {
    // alexgkendall/caffe-segnet caffe.proto · BNParameter.BNMode { LEARN, INFERENCE }.
    expect((await analyze(inputs({ x: [1, 64, 360, 480] }, one('BN', 'bn_param { bn_mode: INFERENCE scale_filler { type: "constant" value: 1 } }', ['x'])))).diagnostics).toEqual([]);
    expect(layer(await analyze(inputs({ x: [1, 64, 10, 480] }, one('BN', 'bn_param { axis: 2 }', ['x']))), 'L').params).toBe(20);
    // caffe-segnet bn_layer.cpp · Reshape: top[1] and top[2], when present, are the batch mean and variance (1, C, 1, 1).
    const stats = await analyze(inputs({ x: [2, 64, 8, 8] }, one('BN', '', ['x'], ['y', 'mean', 'var'])));
    expect(layer(stats, 'L').outputs.map((t) => t.shape)).toEqual([[2, 64, 8, 8], [1, 64, 1, 1], [1, 64, 1, 1]]);
  });
  it('parameter checks: PSPNet CHECK(axis_ == 1 || axis_ == 2); a bn_mode no fork has; more than 4 axes (LegacyShape)', async () => {
    const r = await analyze(inputs({ x: [1, 8, 4, 4] }, one('BN', 'bn_param { axis: 3 }', ['x'])));
    expect(r.diagnostics.map((d) => d.message)).toEqual(["axis 3 must be 1 or 2 (PSPNet's BN CHECKs it; the other forks have no axis field)"]);
    expect(out(r, 'L')).toBeNull();
    expect(await diags(inputs({ x: [1, 8, 4, 4] }, one('BN', 'bn_param { bn_mode: TRAIN }', ['x'])))).toEqual([['error', 'invalid-parameter']]);
    expect(await diags(inputs({ x: [1, 8, 4, 4, 4] }, one('BN', '', ['x'])))).toEqual([['error', 'wrong-rank']]);
  });
});

describe('Axpy (SENet: hujie-frank/SENet · src/caffe/layers/axpy_layer.cpp · Reshape)', () => {
  it('a (N, C, 1, 1), X, Y → like X', async () => {
    const r = await analyze(inputs({ a: [1, 256, 1, 1], X: [1, 256, 56, 56], Y: [1, 256, 56, 56] }, one('Axpy', '', ['a', 'X', 'Y'])));
    expect(out(r, 'L')).toEqual([1, 256, 56, 56]);
    expect(r.diagnostics).toEqual([]);
  });
  it('a broken SE block is an error with the shapes: CHECK_EQ(bottom[0]->shape(1), bottom[1]->shape(1)), CHECK(X == Y)', async () => {
    const r = await analyze(inputs({ a: [1, 128, 1, 1], X: [1, 256, 56, 56], Y: [1, 256, 28, 28] }, one('Axpy', '', ['a', 'X', 'Y'])));
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "the scale 'a' (1, 128, 1, 1) must have the (N, C) of X 'X' (1, 256, 56, 56) (Axpy CHECK_EQs shape(0) and shape(1))",
      "X 'X' (1, 256, 56, 56) and Y 'Y' (1, 256, 28, 28) must have the same shape (Axpy CHECKs it)",
    ]);
    expect(out(r, 'L')).toBeNull();
    expect(await diags(inputs({ a: [1, 256, 2, 1], X: [1, 256, 5, 5] }, one('Axpy', '', ['a', 'X', 'X'])))).toEqual([['error', 'axpy-shape-mismatch']]);
  });
});

describe('ConvolutionDepthwise vs DepthwiseConvolution: two forks, two rules', () => {
  // yonghenglh6/DepthwiseConvolution conv_dw_layer.cpp (sophgo/caffe @101a1e3) · Reshape: top (num, channels,
  // (H + 2p − (d(k−1)+1))/s + 1, …); weights (C, 1, kh, kw), bias (C).
  it('ConvolutionDepthwise keeps the bottom channels: num_output is ignored (a note)', async () => {
    const r = await analyze(inputs({ x: [1, 32, 112, 112] }, one('ConvolutionDepthwise', 'convolution_param { num_output: 64 kernel_size: 3 pad: 1 stride: 2 bias_term: false }', ['x'])));
    expect(out(r, 'L')).toEqual([1, 32, 56, 56]);
    expect(layer(r, 'L').params).toBe(32 * 9);
    expect(layer(r, 'L').macs).toBe(32 * 9 * 56 * 56);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['information', 'num-output-ignored']]);
  });
  it('kernel_h/kernel_w, dilation; an absent stride reads an empty repeated field (unknown H, W, a note)', async () => {
    const r = await analyze(inputs({ x: [1, 8, 20, 20] }, one('ConvolutionDepthwise', 'convolution_param { kernel_h: 3 kernel_w: 1 pad: 2 stride: 1 dilation: 2 }', ['x'])));
    expect(out(r, 'L')).toEqual([1, 8, 20, 24]); // H: (20 + 4 − (2·2 + 1)) + 1; W: (20 + 4 − 1) + 1
    const missing = await analyze(inputs({ x: [1, 8, 20, 20] }, one('ConvolutionDepthwise', 'convolution_param { kernel_size: 3 pad: 1 }', ['x'])));
    expect(out(missing, 'L')).toEqual([1, 8, null, null]);
    expect(missing.diagnostics.map((d) => d.code)).toEqual(['undefined-parameter']);
  });
  it('parameter checks: stride 0 divides by zero in Reshape; more than 4 axes', async () => {
    expect(await diags(inputs({ x: [1, 8, 20, 20] }, one('ConvolutionDepthwise', 'convolution_param { kernel_size: 3 pad: 1 stride: 0 }', ['x'])))).toEqual([['error', 'invalid-parameter']]);
    expect(await diags(inputs({ x: [1, 8, 2, 20, 20] }, one('ConvolutionDepthwise', 'convolution_param { kernel_size: 3 pad: 1 stride: 1 }', ['x'])))).toEqual([['error', 'wrong-rank']]);
  });
  // eric612/MobileNet-YOLO @f36b52b · depthwise_conv_layer.cpp: DepthwiseConvolutionLayer is a BaseConvolutionLayer
  // (compute_output_shape as Convolution's), so num_output sets the channels and group must divide it.
  it('DepthwiseConvolution: num_output sets the channels; BaseConvolution checks group', async () => {
    const r = await analyze(inputs({ x: [1, 32, 112, 112] }, one('DepthwiseConvolution', 'convolution_param { num_output: 64 group: 32 kernel_size: 3 pad: 1 }', ['x'])));
    expect(out(r, 'L')).toEqual([1, 64, 112, 112]);
    expect(await diags(inputs({ x: [1, 32, 112, 112] }, one('DepthwiseConvolution', 'convolution_param { num_output: 48 group: 32 kernel_size: 3 pad: 1 }', ['x'])))).toEqual([['error', 'group-mismatch']]);
  });
});

describe('ShuffleChannel (farmingyard/ShuffleNet · shuffle_channel_layer.cpp)', () => {
  it('same shape; CHECK_GT(group, 0); a group that does not divide the channels is a note', async () => {
    expect(out(await analyze(inputs({ x: [1, 240, 28, 28] }, one('ShuffleChannel', 'shuffle_channel_param { group: 3 }', ['x']))), 'L')).toEqual([1, 240, 28, 28]);
    expect(await diags(inputs({ x: [1, 240, 28, 28] }, one('ShuffleChannel', 'shuffle_channel_param { group: 0 }', ['x'])))).toEqual([['error', 'invalid-parameter']]);
    expect(await diags(inputs({ x: [1, 240, 28, 28] }, one('ShuffleChannel', 'shuffle_channel_param { group: 7 }', ['x'])))).toEqual([['information', 'group-mismatch']]);
  });
});

describe('ROIPooling (rbgirshick/caffe-fast-rcnn) and PSROIPooling (daijifeng001/caffe-rfcn)', () => {
  it('ROIPooling: (rois.num, C, pooled_h, pooled_w)', async () => {
    const r = await analyze(inputs({ f: [1, 512, 38, 50], rois: [300, 5] }, one('ROIPooling', 'roi_pooling_param { pooled_h: 7 pooled_w: 6 spatial_scale: 0.0625 }', ['f', 'rois'])));
    expect(out(r, 'L')).toEqual([300, 512, 7, 6]);
  });
  it('ROIPooling checks: CHECK_GT(pooled_h, 0) (default 0); ROI C·H·W == 5', async () => {
    const r = await analyze(inputs({ f: [1, 512, 38, 50], rois: [300, 5] }, one('ROIPooling', 'roi_pooling_param { pooled_w: 7 }', ['f', 'rois'])));
    expect(r.diagnostics.map((d) => d.message)).toEqual(['pooled_h is not given: ROIPooling CHECKs it is > 0']);
    const bad = await analyze(inputs({ f: [1, 512, 38, 50], rois: [300, 4] }, one('ROIPooling', 'roi_pooling_param { pooled_h: 7 pooled_w: 7 }', ['f', 'rois'])));
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['roi-shape-mismatch']);
  });
  it('PSROIPooling: (rois.num, output_dim, group_size, group_size); CHECK_EQ(channels, output_dim·group_size²)', async () => {
    // R-FCN ResNet-101: 21 classes × 7² position-sensitive maps = 1029 channels.
    const r = await analyze(inputs({ f: [1, 1029, 38, 50], rois: [300, 5] }, one('PSROIPooling', 'psroi_pooling_param { spatial_scale: 0.0625 output_dim: 21 group_size: 7 }', ['f', 'rois'])));
    expect(out(r, 'L')).toEqual([300, 21, 7, 7]);
    const bad = await analyze(inputs({ f: [1, 1000, 38, 50], rois: [300, 5] }, one('PSROIPooling', 'psroi_pooling_param { spatial_scale: 0.0625 output_dim: 21 group_size: 7 }', ['f', 'rois'])));
    expect(bad.diagnostics.map((d) => d.message)).toEqual(['the input has 1000 channels but output_dim 21 × group_size² 49 = 1029: PSROIPooling CHECK_EQs them']);
    expect(await diags(inputs({ f: [1, 1029, 38, 50], rois: [300, 5] }, one('PSROIPooling', 'psroi_pooling_param { output_dim: 0 group_size: 7 }', ['f', 'rois'])))).toEqual([['error', 'invalid-parameter']]);
  });
});

describe('DetectionOutput (weiliu89/caffe ssd · detection_output_layer.cpp · Reshape)', () => {
  // SSD300 on VOC: 8732 default boxes (Liu et al. 2016, §2.2 / Table 1), 21 classes.
  const ssd = (conf: number, params = 'num_classes: 21') =>
    inputs({ loc: [1, 8732 * 4], conf: [1, conf], prior: [1, 2, 8732 * 4] }, one('DetectionOutput', `detection_output_param { ${params} nms_param { nms_threshold: 0.45 top_k: 400 } keep_top_k: 200 }`, ['loc', 'conf', 'prior']));
  it('(1, 1, ?, 7): the kept detections are only known at run time', async () => {
    const r = await analyze(ssd(8732 * 21));
    expect(out(r, 'L')).toEqual([1, 1, null, 7]);
    expect(r.diagnostics).toEqual([]);
  });
  it('checks: priors·num_classes == conf channels; num_classes required', async () => {
    const r = await analyze(ssd(8732 * 20));
    expect(r.diagnostics.map((d) => d.message)).toEqual(['conf has 174640 channels but 8732 priors × num_classes 21 = 183372: "Number of priors must match number of confidence predictions"']);
    expect(await diags(ssd(8732 * 21, ''))).toEqual([['error', 'missing-parameter']]);
  });
});

describe('Python layers', () => {
  it("ENet's spatial_dropout.SpatialDropoutLayer keeps its bottom's shape; setup raises unless one bottom, one top", async () => {
    // haanjack/caffe @3aede7b · python/spatial_dropout.py (Timo Sämann's, which TimoSaemann/ENet's prototxts load) ·
    // reshape: top[0].reshape(*bottom[0].data.shape). The layer as enet_deploy.prototxt writes it:
    const drop = (tops: string[]) => inputs({ bn1_0_2: [1, 64, 128, 256] }, one('Python', `python_param { module: "spatial_dropout" layer: "SpatialDropoutLayer" param_str: "{'phase': 'TRAIN', 'p': '0.01'}" }`, ['bn1_0_2'], tops));
    const r = await analyze(drop(['drop1_0_3']));
    expect(out(r, 'L')).toEqual([1, 64, 128, 256]);
    expect(r.diagnostics).toEqual([]);
    expect(await diags(drop(['a', 'b']))).toEqual([['error', 'wrong-top-count']]);
  });
  it('Faster R-CNN (py-faster-rcnn VGG16 test.prototxt): the proposal layer gives (?, 5) rois, so cls_score is (?, 21)', async () => {
    // lib/rpn/proposal_layer.py · forward: top[0] (R, 5); roi_pooling_layer.cpp: (R, C, 7, 7); VGG16's conv5_3
    // on the file's 224 × 224 input is 224/16 = 14 (Simonyan & Zisserman, Table 1: four 2× poolings before conv5).
    const r = await analyze(forkNet('faster_rcnn_end2end_VGG16_test.prototxt'));
    expect(out(r, 'conv5_3')).toEqual([1, 512, 14, 14]);
    expect(out(r, 'proposal')).toEqual([null, 5]);
    expect(out(r, 'roi_pool5')).toEqual([null, 512, 7, 7]);
    expect(out(r, 'fc6')).toEqual([null, 4096]);
    expect(out(r, 'cls_score')).toEqual([null, 21]);
    expect(out(r, 'bbox_pred')).toEqual([null, 84]);
    expect(layer(r, 'fc6').params).toBe(512 * 49 * 4096 + 4096);
    expect(r.diagnostics.filter((d) => d.severity !== 'information')).toEqual([]);
  });
  it('an unknown module: unknown tops and a note naming them; --input gives any top a shape', async () => {
    const fcn = `layer { name: "data" type: "Python" top: "data" top: "label" python_param { module: "voc_layers" layer: "VOCSegDataLayer" } }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv" convolution_param { num_output: 8 kernel_size: 3 pad: 100 } }`;
    const r = await analyze(fcn);
    expect(out(r, 'conv')).toBeNull();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['python-layer-shape']);
    const given = await analyze(fcn, { inputs: { data: [1, 3, 500, 500], label: [1, 1, 500, 500] } });
    expect(out(given, 'data', 1)).toEqual([1, 1, 500, 500]);
    expect(out(given, 'conv')).toEqual([1, 8, 698, 698]); // §4.2 FCN conv1_1: 500 + 200 − 2
    expect(given.diagnostics).toEqual([]);
  });
  it('an --input naming a blob the net lacks is a warning that names it', async () => {
    const r = await analyze(inputs({ data: [1, 3, 8, 8] }, ''), { inputs: { dta: [1, 3, 8, 8] } });
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([['warning', "--input dta names no blob of this net (did you mean 'data'?): it is ignored"]]);
  });
});

describe('partial shapes after an unknown layer', () => {
  it('InnerProduct gives (?, num_output); a Convolution with 2-D window fields keeps its channels', async () => {
    const r = await analyze(inputs({ x: [1, 3, 8, 8] }, `layer { name: "u" type: "SomethingNew" bottom: "x" top: "u" }
layer { name: "ip" type: "InnerProduct" bottom: "u" top: "ip" inner_product_param { num_output: 10 } }
layer { name: "prob" type: "Softmax" bottom: "ip" top: "prob" }
layer { name: "c" type: "Convolution" bottom: "u" top: "c" convolution_param { num_output: 16 kernel_h: 3 kernel_w: 3 } }
layer { name: "c1" type: "Convolution" bottom: "u" top: "c1" convolution_param { num_output: 16 kernel_size: 3 } }`));
    expect(out(r, 'ip')).toEqual([null, 10]);
    expect(out(r, 'prob')).toEqual([null, 10]);
    expect(out(r, 'c')).toEqual([null, 16, null, null]);
    // One kernel_size serves any number of spatial axes: the rank stays unknown.
    expect(out(r, 'c1')).toBeNull();
  });
});

describe('Upsample (alexgkendall/caffe-segnet · upsample_layer.cpp) and Interp (PSPNet)', () => {
  const segnet = (params: string) =>
    inputs({ x: [1, 64, 45, 60] }, `${one('Pooling', 'pooling_param { pool: MAX kernel_size: 2 stride: 2 }', ['x'], ['p', 'mask'])}
layer { name: "U" type: "Upsample" bottom: "p" bottom: "mask" top: "u" upsample_param { ${params} } }`);
  it('pad_out_h is a bool: H·scale − int(pad_out_h)', async () => {
    const r = await analyze(segnet('scale: 2 pad_out_h: true'));
    expect(out(r, 'L')).toEqual([1, 64, 23, 30]);
    expect(out(r, 'U')).toEqual([1, 64, 45, 60]);
    expect(r.diagnostics).toEqual([]);
  });
  it('checks: CHECK(!pad_out_h_ || scale_h_ == 2); CHECK_GT(upsample_h, 1); scale_h without scale_w', async () => {
    expect(await diags(segnet('scale: 3 pad_out_h: true'))).toEqual([['error', 'conflicting-parameters']]);
    expect(await diags(segnet('upsample_h: 1 upsample_w: 60'))).toEqual([['error', 'invalid-parameter']]);
    expect(await diags(segnet('scale_h: 2'))).toEqual([['error', 'conflicting-parameters']]);
  });
  // hszhao/PSPNet interp_layer.cpp · Reshape (the copy in Cambricon/caffe): shrink alone, zoom alone, height and
  // width, else shrink then zoom; gpapan/caffe's LayerSetUp CHECK_EQ(num_specs, 1) rejects the combinations.
  it('PSPNet accepts shrink then zoom, and zoom over height/width: a warning, never an error', async () => {
    const both = await analyze(inputs({ x: [1, 21, 61, 61] }, one('Interp', 'interp_param { shrink_factor: 2 zoom_factor: 3 }', ['x'])));
    expect(out(both, 'L')).toEqual([1, 21, 91, 91]); // (61 − 1)/2 + 1 = 31; 31 + 30·2 = 91
    expect(both.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'fork-specific']]);
    const zoom = await analyze(inputs({ x: [1, 21, 60, 60] }, one('Interp', 'interp_param { zoom_factor: 8 height: 100 width: 100 }', ['x'])));
    expect(out(zoom, 'L')).toEqual([1, 21, 473, 473]); // 60 + 59·7, PSPNet's 473 crop
  });
  it('checks: CHECK_GT(height_in_eff_, 0) after the crop; never a negative size', async () => {
    const r = await analyze(inputs({ x: [1, 21, 4, 4] }, one('Interp', 'interp_param { zoom_factor: 2 pad_beg: -2 pad_end: -2 }', ['x'])));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['non-positive-output']);
    // 4 − 2 − 2 = 0 cells left after the crop: the verdict first, the layer's numbers last (issue 10 §4).
    expect(r.diagnostics[0]!.message).toMatch(/^the cropped input 0 or the output -?\d+ is not positive \(InterpLayer::Reshape CHECK_GTs both\) — Interp on \(1, 21, 4, 4\) with pad_beg -2, pad_end -2$/);
    expect(out(r, 'L')).toBeNull();
  });
});

describe('the net state: NetStateRule (BVLC/caffe · src/caffe/net.cpp · Net::StateMeetsRule)', () => {
  // BVLC's examples/mnist/mnist_autoencoder.prototxt: TEST data layers per stage "test-on-train" / "test-on-test".
  const autoencoder = `layer { name: "data" type: "DummyData" top: "data" include { phase: TEST stage: "test-on-train" } dummy_data_param { shape { dim: 100 dim: 1 dim: 28 dim: 28 } } }
layer { name: "data" type: "DummyData" top: "data" include { phase: TEST stage: "test-on-test" } dummy_data_param { shape { dim: 10 dim: 1 dim: 28 dim: 28 } } }
layer { name: "flat" type: "Flatten" bottom: "data" top: "flat" }`;
  it('stage picks a data layer; without one, no data layer meets its rule', async () => {
    expect(out(await analyze(autoencoder, { stages: ['test-on-test'] }), 'flat')).toEqual([10, 784]);
    expect(out(await analyze(autoencoder, { stages: ['test-on-train'] }), 'flat')).toEqual([100, 784]);
    // Without a stage no data layer meets its rule: Caffe fails in that state, which is only the one
    // analysed (an assumption), so it is information; a bottom nothing produces stays an error.
    expect((await analyze(autoencoder)).diagnostics.map((d) => [d.severity, d.code])).toEqual([['information', 'unknown-bottom']]);
    expect((await analyze(autoencoder.replace('bottom: "data"', 'bottom: "dat"'))).diagnostics.map((d) => [d.severity, d.code])).toEqual([['error', 'unknown-bottom']]);
  });
  it("a TRAIN-only net analysed as TEST: its data layer's top is missing in TEST only (information)", async () => {
    // MobileNet-SSD's train.prototxt-style: every data layer is `include { phase: TRAIN }`.
    const train = `layer { name: "data" type: "DummyData" top: "data" include { phase: TRAIN } dummy_data_param { shape { dim: 4 dim: 3 dim: 8 dim: 8 } } }
layer { name: "flat" type: "Flatten" bottom: "data" top: "flat" }`;
    expect((await analyze(train)).diagnostics.map((d) => d.severity)).toEqual(['information']);
    expect(out(await analyze(train, { phase: 'TRAIN' }), 'flat')).toEqual([4, 192]);
  });
  it('not_stage, min_level, max_level', async () => {
    const net = `layer { name: "a" type: "DummyData" top: "x" include { not_stage: "deploy" min_level: 1 } dummy_data_param { shape { dim: 1 } } }
layer { name: "b" type: "DummyData" top: "x" exclude { max_level: 0 } exclude { stage: "deploy" } dummy_data_param { shape { dim: 2 } } }`;
    expect((await analyze(net, { level: 1 })).layers.map((l) => l.name)).toEqual(['a', 'b']);
    expect((await analyze(net, { level: 0 })).layers.map((l) => l.name)).toEqual([]);
    expect((await analyze(net, { level: 2, stages: ['deploy'] })).layers.map((l) => l.name)).toEqual([]);
  });
});

describe('V0 nets (BVLC/caffe · src/caffe/util/upgrade_proto.cpp · UpgradeV0Net)', () => {
  const lenet = (next: string) => `name: "LeNet"
input: "data"
input_dim: 64 input_dim: 1 input_dim: 28 input_dim: 28
layers { layer { name: "pad1" type: "padding" pad: 2 } bottom: "data" top: "pad1" }
layers { layer { name: "${next}" type: "${next}" num_output: 20 kernelsize: 5 stride: 1 biasterm: false } bottom: "pad1" top: "conv1" }
layers { layer { name: "pool1" type: "pool" kernelsize: 2 stride: 2 pool: MAX } bottom: "conv1" top: "pool1" }
layers { layer { name: "ip1" type: "innerproduct" num_output: 500 } bottom: "pool1" top: "ip1" }
layers { layer { name: "prob" type: "softmax" } bottom: "ip1" top: "prob" }`;
  it('fields move into their *_param; a padding layer folds into the conv it feeds (UpgradeV0PaddingLayers)', async () => {
    const r = await analyze(lenet('conv'));
    expect(r.layers.map((l) => l.name)).toEqual(['input', 'conv', 'pool1', 'ip1', 'prob']);
    expect(out(r, 'conv')).toEqual([64, 20, 28, 28]); // 28 + 2·2 − 5 + 1
    expect(layer(r, 'conv').params).toBe(20 * 25);
    expect(out(r, 'pool1')).toEqual([64, 20, 14, 14]);
    expect(out(r, 'ip1')).toEqual([64, 500]);
    // Nothing vanishes silently: the folded padding layer is named.
    expect(r.diagnostics.map((d) => [d.severity, d.message])).toEqual([['information', "V0 padding layer 'pad1' is folded into 'conv' as its pad, as Caffe's upgrade does: it gets no row of its own"]]);
  });
  it('CHECK: a padding layer may only feed a conv or pool layer', async () => {
    expect((await analyze(lenet('relu'))).diagnostics.map((d) => [d.severity, d.code])).toContainEqual(['error', 'v0-padding']);
  });
});

describe('YOLO ports: Reorg (reorg_layer.cpp · Reshape) and Mish (a NeuronLayer: same shape)', () => {
  it('YOLOv2 passthrough: (1, 64, 26, 26) with stride 2 → (1, 256, 13, 13); reverse undoes it', async () => {
    expect(out(await analyze(inputs({ x: [1, 64, 26, 26] }, one('Reorg', 'reorg_param { stride: 2 }', ['x']))), 'L')).toEqual([1, 256, 13, 13]);
    expect(out(await analyze(inputs({ x: [1, 256, 13, 13] }, one('Reorg', 'reorg_param { stride: 2 reverse: true }', ['x']))), 'L')).toEqual([1, 64, 26, 26]);
    expect(out(await analyze(inputs({ x: [1, 64, 26, 26] }, one('Mish', '', ['x']))), 'L')).toEqual([1, 64, 26, 26]);
  });
  it('where the ports differ (no stride: some CHECK it, one defaults to 1): a note, unknown shape, no error', async () => {
    const r = await analyze(inputs({ x: [1, 64, 26, 26] }, one('Reorg', '', ['x'])));
    expect(out(r, 'L')).toBeNull();
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['information', 'fork-specific']]);
  });
});

describe('3-D: the C3D fork (facebook/C3D · convolution3d_layer.cpp, pool3d_layer.cpp · SetUp)', () => {
  const c3d = (input: number[], type: string, params: string) =>
    `input: "x"\ninput_shape { ${input.map((d) => `dim: ${d}`).join(' ')} }\nlayers { name: "L" type: ${type} bottom: "x" top: "y" ${params} }`;
  it('CONVOLUTION3D conv1a: (1, 3, 16, 112, 112) → (1, 64, 16, 112, 112); POOLING3D pool5: (2, 7, 7) → (1, 4, 4)', async () => {
    // Tran et al., C3D: 3×3×3 convolutions, padding 1; pool5 2×2×2 stride 2: 512·1·4·4 = 8192 inputs to fc6.
    const conv = await analyze(c3d([1, 3, 16, 112, 112], 'CONVOLUTION3D', 'convolution_param { num_output: 64 kernel_size: 3 kernel_depth: 3 pad: 1 temporal_pad: 1 }'));
    expect(out(conv, 'L')).toEqual([1, 64, 16, 112, 112]);
    expect(layer(conv, 'L').params).toBe(64 * 3 * 27 + 64);
    const pool = await analyze(c3d([1, 512, 2, 7, 7], 'POOLING3D', 'pooling_param { pool: MAX kernel_size: 2 kernel_depth: 2 stride: 2 temporal_stride: 2 }'));
    expect(out(pool, 'L')).toEqual([1, 512, 1, 4, 4]);
    expect(conv.diagnostics.concat(pool.diagnostics)).toEqual([]);
  });
  it('checks: a pad needs AVE pooling; num_output % filter_group; a 5-D input', async () => {
    expect(await diags(c3d([1, 8, 4, 8, 8], 'POOLING3D', 'pooling_param { pool: MAX kernel_size: 2 kernel_depth: 1 pad: 1 }'))).toEqual([['error', 'invalid-parameter']]);
    expect(await diags(c3d([1, 8, 4, 8, 8], 'CONVOLUTION3D', 'convolution_param { num_output: 10 filter_group: 4 kernel_size: 3 kernel_depth: 3 }'))).toEqual([['error', 'group-mismatch']]);
    expect(await diags(c3d([1, 8, 8, 8], 'CONVOLUTION3D', 'convolution_param { num_output: 8 kernel_size: 3 kernel_depth: 3 }'))).toEqual([['error', 'wrong-rank']]);
  });
  it('DECONVOLUTION3D: (I − 1)·stride − 2·pad + k per axis; weights C·num_output·kd·k·k', async () => {
    // C3D-v1.0/src/caffe/layers/deconvolution3d_layer.cpp · SetUp: length_out_ = (length_ − 1)·temporal_stride_ − 2·temporal_pad_
    // + kernel_depth_, height_out_ likewise; blobs_[0] (channels_, num_output_, kernel_depth_, k, k). deconv5b of the fork's
    // examples/v2v/ucf101_optical_flow/deconv3d_ucf101_brox_test.prototxt (4×4×4, stride 2, pad 1) on a (1, 512, 2, 7, 7) conv5b:
    const r = await analyze(c3d([1, 512, 2, 7, 7], 'DECONVOLUTION3D', 'convolution_param { num_output: 64 kernel_size: 4 kernel_depth: 4 pad: 1 temporal_pad: 1 stride: 2 temporal_stride: 2 }'));
    expect(out(r, 'L')).toEqual([1, 64, 4, 14, 14]);
    expect(layer(r, 'L').params).toBe(512 * 64 * 64 + 64);
    expect(r.diagnostics).toEqual([]);
    expect(await diags(c3d([1, 8, 8, 8], 'DECONVOLUTION3D', 'convolution_param { num_output: 8 kernel_size: 3 kernel_depth: 3 }'))).toEqual([['error', 'wrong-rank']]);
  });
  it('C3D-v1.1 spells them Convolution3D / Pooling3D with convolution3d_param / pooling3d_param, same rules', async () => {
    // C3D-v1.1/src/caffe/layers/convolution3d_layer.cpp · Reshape, pool3d_layer.cpp · Reshape; the conv1a and pool1 of its
    // own examples/c3d_ucf101_training/train_simple.prototxt: 3×3×3 pad 1, then pool 2×2 kernel_depth 1.
    const net = `layer { name: "x" type: "Input" top: "x" input_param { shape { dim: 10 dim: 3 dim: 16 dim: 112 dim: 112 } } }
layer { name: "conv1a" type: "Convolution3D" bottom: "x" top: "conv1a" convolution3d_param { num_output: 64 kernel_size: 3 kernel_depth: 3 pad: 1 temporal_pad: 1 } }
layer { name: "pool1" type: "Pooling3D" bottom: "conv1a" top: "pool1" pooling3d_param { pool: MAX kernel_size: 2 kernel_depth: 1 stride: 2 temporal_stride: 1 } }`;
    const r = await analyze(net);
    expect(out(r, 'conv1a')).toEqual([10, 64, 16, 112, 112]);
    expect(out(r, 'pool1')).toEqual([10, 64, 16, 56, 56]);
    expect(r.diagnostics).toEqual([]);
  });
});

describe('real fork nets come out whole', () => {
  it('SE-ResNet-50 (hujie-frank/SENet, Axpy SE blocks): (1, 1000), 28.1 M parameters', async () => {
    // Hu et al., Squeeze-and-Excitation Networks: SE-ResNet-50 has ~28.1 M parameters (ResNet-50's 25.6 M plus ~2.5 M).
    const r = await analyze(forkNet('SE-ResNet-50.prototxt'));
    expect(r.layers.filter((l) => l.type === 'Axpy')).toHaveLength(16);
    expect(r.layers.every((l) => l.outputs.every((t) => t.shape !== null))).toBe(true);
    expect(out(r, 'prob')).toEqual([1, 1000]);
    const params = r.layers.reduce((sum, l) => sum + (l.params ?? 0), 0);
    expect(Math.round(params / 1e5) / 10).toBe(28.1);
    expect(r.diagnostics.filter((d) => d.severity !== 'information')).toEqual([]);
  });
  it('MobileNet-SSD (chuanqi305): 1917 priors, detections (1, 1, ?, 7)', async () => {
    // prior_box_layer.cpp per feature map: 19²·3 + (10² + 5² + 3² + 2² + 1)·6 = 1917 priors, 4 values each.
    const r = await analyze(forkNet('MobileNetSSD_deploy.prototxt'));
    expect(out(r, 'mbox_priorbox')).toEqual([1, 2, 1917 * 4]);
    expect(out(r, 'detection_out')).toEqual([1, 1, null, 7]);
    expect(r.diagnostics.filter((d) => d.severity !== 'information')).toEqual([]);
  });
  it('PSPNet-50 on ADE20K (hszhao/PSPNet): BN and Interp bring the 150 classes back to the 473 crop', async () => {
    // Zhao et al., Pyramid Scene Parsing Network: 473 × 473 crops, ADE20K's 150 classes; dilated ResNet: 1/8 → 60.
    const r = await analyze(forkNet('pspnet50_ADE20K_473.prototxt'));
    expect(out(r, 'conv5_3')).toEqual([1, 2048, 60, 60]);
    expect(out(r, 'conv6_interp')).toEqual([1, 150, 473, 473]);
    expect(r.layers.every((l) => l.outputs.every((t) => t.shape !== null))).toBe(true);
    expect(r.diagnostics.filter((d) => d.severity !== 'information')).toEqual([]);
  });
});

describe('the hover of a fork layer names the fork', () => {
  it('Axpy → hujie-frank/SENet', async () => {
    const r = await analyze(inputs({ a: [1, 4, 1, 1], X: [1, 4, 2, 2] }, one('Axpy', '', ['a', 'X', 'X'])));
    expect(layer(r, 'L').fork).toBe('hujie-frank/SENet (axpy_layer.cpp)');
    expect(hoverMarkdown([layer(r, 'L')], shapeFormat('prototxt'))).toContain('(fork: hujie-frank/SENet (axpy_layer.cpp))');
    expect(layer(r, 'a').fork).toBeUndefined();
  });
});

describe('legacy net inputs: how many input_dim / input_shape per input', () => {
  // BVLC/caffe · src/caffe/util/upgrade_proto.cpp · UpgradeNetInput: input i takes input_dim(4i … 4i+3), input_shape(i);
  // src/caffe/net.cpp · Net::Init before commit 51f79a837 CHECK_EQ(input_size() * 4, input_dim_size()) and
  // CHECK_EQ(input_size(), input_shape_size()). facebook/C3D · C3D-v1.0/src/caffe/net.cpp · Net::Init:
  // CHECK_EQ(input_size() * 5, input_dim_size()), input i a 5-D blob of input_dim(4i … 4i+4).
  const legacy = (inputs: string[], dims: number[]) => `${inputs.map((n) => `input: "${n}"`).join('\n')}\n${dims.map((d) => `input_dim: ${d}`).join(' ')}\n`;
  const shapes = async (text: string) => (await analyze(text)).layers[0]!.outputs.map((t) => t.shape);
  it('4 per input: BVLC; two inputs take 4 each', async () => {
    expect(await shapes(legacy(['a', 'b'], [1, 3, 8, 8, 2, 1, 4, 4]))).toEqual([[1, 3, 8, 8], [2, 1, 4, 4]]);
  });
  it('5 per input: the C3D-v1.0 net (its Net::Init), with a note naming the fork', async () => {
    const r = await analyze(legacy(['data'], [1, 3, 16, 112, 112]));
    expect(r.layers[0]!.outputs.map((t) => t.shape)).toEqual([[1, 3, 16, 112, 112]]);
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['information', 'fork-specific']]);
    expect(r.diagnostics[0]!.message).toContain('C3D-v1.0');
  });
  it('C3D-v1.0 with two 5-D inputs reads input_dim(4i … 4i+4): the second overlaps the first, a warning', async () => {
    const r = await analyze(legacy(['a', 'b'], [1, 3, 16, 112, 112, 2, 3, 8, 56, 56]));
    expect(r.layers[0]!.outputs.map((t) => t.shape)).toEqual([[1, 3, 16, 112, 112], [112, 2, 3, 8, 56]]);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
  it('too few: the CHECK fails (no Caffe reads it), an error with the numbers; the shape stays unknown', async () => {
    const r = await analyze(legacy(['a', 'b'], [1, 3, 8, 8, 2, 1]));
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([
      'input_dim gives 6 sizes for 2 inputs: Caffe takes 4 per input (4·2 = 8; Net::Init CHECK_EQ(input_size() * 4, input_dim_size()), the C3D fork 5 per input); an N-D input needs input_shape',
    ]);
    expect(r.layers[0]!.outputs.map((t) => t.shape)).toEqual([null, null]);
  });
  it('too many (not 5 per input): BVLC today drops the rest, a warning; the shapes are the first 4 of each', async () => {
    const r = await analyze(legacy(['a'], [1, 3, 8, 8, 8, 8]));
    expect(r.diagnostics.map((d) => [d.severity, d.code])).toEqual([['warning', 'input-dims']]);
    expect(r.layers[0]!.outputs.map((t) => t.shape)).toEqual([[1, 3, 8, 8]]);
  });
  it('input_shape: one per input (fewer is an error; a single shape is not shared as an Input layer would share it)', async () => {
    const r = await analyze('input: "a" input: "b" input_shape { dim: 1 dim: 2 }');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual(['2 inputs but 1 input_shape: Caffe takes exactly one per input (Net::Init CHECK_EQ(input_size(), input_shape_size()))']);
    expect(await shapes('input: "a" input_shape { dim: 1 dim: 2 } input_shape { dim: 3 }')).toEqual([[1, 2]]);
  });
});

describe('C3D video input: VIDEO_DATA (C3D-v1.0) and VideoData (C3D-v1.1)', () => {
  // facebook/C3D · C3D-v1.0/src/caffe/layers/video_data_layer.cpp · SetUp: top[0] (batch_size, datum.channels() = 3
  // (image_io.cpp · ReadImageSequenceToVolumeDatum), new_length, crop_size, crop_size), top[1] (batch_size, 1, 1, 1, 1).
  // The data layer of C3D-v1.0's own examples/c3d_feature_extraction/prototxt/c3d_sport1m_feature_extractor_frm.prototxt:
  const v10 = (params: string) => `layers { name: "data" type: VIDEO_DATA top: "data" top: "label" image_data_param { source: "list.txt" use_image: true ${params} } }
layers { name: "conv1a" type: CONVOLUTION3D bottom: "data" top: "conv1a" convolution_param { num_output: 64 kernel_size: 3 kernel_depth: 3 pad: 1 temporal_pad: 1 } }`;
  it('C3D-v1.0 sport1m feature extractor: (50, 3, 16, 112, 112) and its labels; conv1a keeps L, H, W', async () => {
    const r = await analyze(v10('batch_size: 50 crop_size: 112 mirror: false new_height: 128 new_width: 171 new_length: 16'));
    expect(layer(r, 'data').outputs.map((t) => t.shape)).toEqual([[50, 3, 16, 112, 112], [50, 1, 1, 1, 1]]);
    expect(out(r, 'conv1a')).toEqual([50, 64, 16, 112, 112]);
    expect(r.diagnostics).toEqual([]);
    expect(hoverMarkdown([layer(r, 'data')], shapeFormat('prototxt'))).toContain('(fork: facebook/C3D (C3D-v1.0 / C3D-v1.1 video_data_layer.cpp))');
  });
  it('no crop: the resized frames; no resize either: H and W are the video\'s own (unknown), --input gives them', async () => {
    expect(out(await analyze(v10('batch_size: 2 new_height: 128 new_width: 171 new_length: 16')), 'data')).toEqual([2, 3, 16, 128, 171]);
    const r = await analyze(v10('batch_size: 2 new_length: 16'));
    expect(out(r, 'data')).toEqual([2, 3, 16, null, null]);
    expect(r.diagnostics.map((d) => d.code)).toContain('input-shape-unknown');
    expect(out(await analyze(v10('batch_size: 2 new_length: 16'), { inputs: { data: [2, 3, 16, 240, 320] } }), 'data')).toEqual([2, 3, 16, 240, 320]);
  });
  it('C3D-v1.1 VideoData: video_data_param, crop from transform_param (data_transformer.cpp · InferBlobShape), labels (N)', async () => {
    const r = await analyze('layer { name: "data" type: "VideoData" top: "data" top: "label" video_data_param { source: "l.txt" batch_size: 30 new_height: 128 new_width: 171 new_length: 16 } transform_param { crop_size: 112 mirror: true } }');
    expect(layer(r, 'data').outputs.map((t) => t.shape)).toEqual([[30, 3, 16, 112, 112], [30]]);
    expect(r.diagnostics).toEqual([]);
  });
  it('CHECKs: new_length > 0; new_height and new_width together; v1.0 mirror needs crop_size', async () => {
    expect(await diags(v10('batch_size: 2'))).toEqual([['error', 'missing-parameter']]);
    const r = await analyze(v10('batch_size: 2 new_length: 16 new_height: 128'));
    expect(r.diagnostics.map((d) => d.message)).toEqual(['new_height 128 and new_width 0 must be set together (CHECK: "requires new_height and new_width to be set at the same time")']);
    expect(await diags(v10('batch_size: 2 new_length: 16 mirror: true'))).toEqual([['error', 'conflicting-parameters']]);
  });
});

describe('DeformableConvolution (unsky/Deformable-ConvNets-caffe @e0f7abd · deformable_conv_layer.cpp)', () => {
  // The fork's own caffe/defor/model_prototxt/lenet_train_test.prototxt: pool1 (64, 20, 12, 12) of MNIST; an offset conv of
  // 72 = 2·3·3·4 channels, pad 1; "dec" 512 outputs, 3×3, pad 1, deformable_group 4, no bias.
  // compute_output_shape: (I + 2·pad − dilation·(k − 1) − 1)/stride + 1 = (12 + 2 − 3)/1 + 1 = 12.
  const dec = (offset: number[], params: string) =>
    inputs({ pool1: [64, 20, 12, 12], offset }, one('DeformableConvolution', `deformable_convolution_param { ${params} }`, ['pool1', 'offset'], ['dec']));
  const lenet = 'num_output: 512 kernel_size: 3 stride: 1 pad: 1 engine: 1 bias_term: False deformable_group: 4';
  it('the fork\'s LeNet: (64, 20, 12, 12) with offsets (64, 72, 12, 12) → (64, 512, 12, 12); weights 512·20·3·3', async () => {
    const r = await analyze(dec([64, 72, 12, 12], lenet));
    expect(out(r, 'L')).toEqual([64, 512, 12, 12]);
    expect(layer(r, 'L').params).toBe(512 * 20 * 9);
    expect(r.diagnostics).toEqual([]);
    expect(out(await analyze(dec([64, 18, 12, 12], 'num_output: 8 kernel_size: 3 stride: 2 dilation: 2')), 'L')).toEqual([64, 8, 4, 4]); // (12 − 5)/2 + 1
  });
  it('CHECKs: offset channels 2·kh·kw·deformable_group, offset H and W the data\'s, num_output % group', async () => {
    const r = await analyze(dec([64, 36, 12, 12], lenet));
    expect(r.diagnostics.map((d) => d.message)).toEqual(["the offset 'offset' (64, 36, 12, 12) must have 2·kernel_h·kernel_w·deformable_group = 2·3·3·4 = 72 channels (CHECK_EQ in LayerSetUp)"]);
    expect(out(r, 'L')).toBeNull();
    expect(await diags(dec([64, 72, 6, 6], lenet))).toEqual([['error', 'bottom-shape-mismatch']]);
    expect(await diags(dec([64, 18, 12, 12], 'num_output: 10 group: 4 kernel_size: 3'))).toEqual([['error', 'group-mismatch']]);
    expect(await diags(inputs({ x: [1, 4, 8, 8] }, one('DeformableConvolution', 'deformable_convolution_param { num_output: 4 kernel_size: 3 }', ['x'])))).toEqual([['error', 'wrong-bottom-count']]);
  });
  // deformable_group left unset: its default is the fork's. unsky's caffe.proto (@e0f7abd, line 632) says
  // `deformable_group = 19 [default = 4]` (its examples/mnist/lenet_train_test.prototxt gives a 72-channel
  // offset and no deformable_group); zhanglonghao1992/Deformable-ConvNets-v1-v2-caffe's README proto says
  // `deformable_group = 25 [default = 1]`. Either count runs in one of them; neither is a CHECK failure in both.
  it('deformable_group unset: 2·3·3·4 = 72 (unsky) and 2·3·3·1 = 18 (zhanglonghao1992) both pass; 36 fails in both', async () => {
    const unset = 'num_output: 512 kernel_size: 3 pad: 1';
    expect(await diags(dec([64, 72, 12, 12], unset))).toEqual([]);
    expect(await diags(dec([64, 18, 12, 12], unset))).toEqual([]);
    const r = await analyze(dec([64, 36, 12, 12], unset));
    expect(r.diagnostics.map((d) => d.message)).toEqual(["the offset 'offset' (64, 36, 12, 12) must have 2·kernel_h·kernel_w·deformable_group channels: 72 with deformable_group's default 4 (unsky/Deformable-ConvNets-caffe) or 18 with deformable_group's default 1 (zhanglonghao1992/Deformable-ConvNets-v1-v2-caffe) (CHECK_EQ in LayerSetUp)"]);
  });
});

describe('SpatialTransformer (daerduoCarey/SpatialTransformerLayer @cf2a461 · st_layer.cpp · LayerSetUp, Reshape)', () => {
  const st = (theta: number[], params = '') => inputs({ data: [256, 1, 28, 28], theta }, one('SpatialTransformer', params, ['data', 'theta'], ['st_output']));
  it('the fork\'s examples/mnist_tests/ST_CNN: theta an InnerProduct of 6 → (N, C, H, W) unchanged; output_H / output_W resample', async () => {
    const r = await analyze(st([256, 6]));
    expect(out(r, 'L')).toEqual([256, 1, 28, 28]);
    expect(r.diagnostics).toEqual([]);
    expect(out(await analyze(st([256, 6], 'st_param { output_H: 14 output_W: 20 }')), 'L')).toEqual([256, 1, 14, 20]);
  });
  it('examples/googlenet_bn_cub_st: st_param fixes 4 thetas, the net gives 2', async () => {
    const r = await analyze(st([256, 2], 'st_param { to_compute_dU: false theta_1_1: 0.5 theta_1_2: 0.0 theta_2_1: 0.0 theta_2_2: 0.5 }'));
    expect(out(r, 'L')).toEqual([256, 1, 28, 28]);
    expect(r.diagnostics).toEqual([]);
  });
  it('CHECKs: learned + fixed thetas = 6; the same batch; affine and bilinear only', async () => {
    const r = await analyze(st([256, 6], 'st_param { theta_1_1: 1 }'));
    expect(r.diagnostics.map((d) => d.message)).toEqual(["theta 'theta' (256, 6) gives 6 values per item and st_param fixes 1: together they must be the 6 of an affine transform (LayerSetUp CHECK)"]);
    expect(out(r, 'L')).toBeNull();
    expect(await diags(st([128, 6]))).toEqual([['error', 'bottom-shape-mismatch']]);
    expect(await diags(st([256, 6], 'st_param { transform_type: "projective" }'))).toEqual([['error', 'invalid-parameter']]);
  });
});
