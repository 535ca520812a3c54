/**
 * The model definitions in test/data/caffe (real published nets, and two written from their papers:
 * see its SOURCES.md): every layer gets a shape, and the shapes and parameter counts agree with the
 * published tables named beside each expectation.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it, test } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzeCorpus, CORPUS, layer, out } from './helpers.js';

/** Shapes that only a real data source knows: MNIST images are 1×28×28 (LeCun et al. 1998). */
const CORPUS_INPUTS: Record<string, Record<string, number[]>> = {
  'lenet_train_test.prototxt': { data: [100, 1, 28, 28] },
};

const totalParams = (r: AnalysisResult): number => r.layers.reduce((sum, l) => sum + (l.params ?? NaN), 0);
const totalMacs = (r: AnalysisResult): number => r.layers.reduce((sum, l) => sum + (l.macs ?? NaN), 0);
/** [C, H, W] of a layer's first top, batch dropped. */
const chw = (r: AnalysisResult, name: string) => out(r, name)?.slice(1);

describe('every corpus file', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.prototxt'));
  it.each(files)('%s: every top of every layer has a known shape, no diagnostics', async (file) => {
    const r = await analyzeCorpus(file, { inputs: CORPUS_INPUTS[file] });
    expect(r.layers.length).toBeGreaterThan(0);
    for (const l of r.layers) {
      for (const t of l.outputs) {
        expect(t.shape, `${l.name} → ${t.name}`).not.toBeNull();
        expect(t.shape!.every((d) => Number.isInteger(d) && (d as number) > 0), `${l.name} → ${t.name}: ${JSON.stringify(t.shape)}`).toBe(true);
      }
    }
    expect(r.diagnostics).toEqual([]);
  });
});

test('the two nets written for the tests are what test/data/caffe/write-own-nets.mjs writes', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'shapelens-nets-'));
  expect(spawnSync(process.execPath, [path.join(CORPUS, 'write-own-nets.mjs'), out]).status).toBe(0);
  for (const file of ['densenet121.prototxt', 'colorization.prototxt']) {
    expect(readFileSync(path.join(out, file), 'utf8'), file).toBe(readFileSync(path.join(CORPUS, file), 'utf8'));
  }
});

describe('AlexNet (Krizhevsky et al. 2012, §3.5 and Fig. 2; BVLC deploy uses a 227 input)', () => {
  it('conv1 55×55×96, pool5 6×6×256, fc8 1000', async () => {
    const r = await analyzeCorpus('alexnet.prototxt');
    expect(chw(r, 'conv1')).toEqual([96, 55, 55]);
    expect(chw(r, 'pool1')).toEqual([96, 27, 27]);
    expect(chw(r, 'pool5')).toEqual([256, 6, 6]);
    expect(out(r, 'fc8')).toEqual([10, 1000]);
  });
  it('conv1 has 96·3·11·11 + 96 = 34944 parameters and 34848·55·55 MACs', async () => {
    const r = await analyzeCorpus('alexnet.prototxt');
    expect(layer(r, 'conv1').params).toBe(34944);
    expect(layer(r, 'conv1').macs).toBe(96 * 3 * 11 * 11 * 55 * 55);
  });
  it('the two-group net has 60,965,224 parameters ("60 million", Krizhevsky et al. §1)', async () => {
    expect(totalParams(await analyzeCorpus('alexnet.prototxt'))).toBe(60_965_224);
  });
});

describe('ResNets (He et al. 2016, Table 1; Caffe pool1 ceil mode per SHAPE_SEMANTICS §5.2, §8 #35)', () => {
  const stages = { conv1: 112, pool1: 56, res2c: 56, res3a: 28, res4a: 14, res5c: 7, pool5: 1 };
  it.each(['resnet50.prototxt', 'resnet101.prototxt', 'resnet152.prototxt'])('%s stage sizes 112/56/28/14/7', async (file) => {
    const r = await analyzeCorpus(file);
    for (const [name, size] of Object.entries(stages)) expect(out(r, name)?.slice(2), name).toEqual([size, size]);
    expect(out(r, 'res5c')?.[1]).toBe(2048);
    expect(out(r, 'fc1000')).toEqual([1, 1000]);
  });
  // Parameter counts of the same architectures in torchvision (convs without bias, BN affine, fc
  // with bias): 25,557,032 / 44,549,160 / 60,192,808. KaimingHe's ResNet-50 deploy leaves conv1's
  // bias on (no bias_term: false), adding 64.
  it.each([
    ['resnet50.prototxt', 25_557_032 + 64, 3.8e9],
    ['resnet101.prototxt', 44_549_160, 7.6e9],
    ['resnet152.prototxt', 60_192_808, 11.3e9],
  ])('%s: %d parameters, ≈ %d multiply-adds (Table 1 "FLOPs")', async (file, params, flops) => {
    const r = await analyzeCorpus(file);
    expect(totalParams(r)).toBe(params);
    expect(Math.abs(totalMacs(r) - flops)).toBeLessThan(0.1e9); // the table prints one decimal
  });
});

describe('GoogLeNet (Szegedy et al. 2015, Table 1 output sizes)', () => {
  it.each([
    ['conv1/7x7_s2', [64, 112, 112]],
    ['pool1/3x3_s2', [64, 56, 56]],
    ['conv2/3x3', [192, 56, 56]],
    ['pool2/3x3_s2', [192, 28, 28]],
    ['inception_3a/output', [256, 28, 28]],
    ['inception_3b/output', [480, 28, 28]],
    ['pool3/3x3_s2', [480, 14, 14]],
    ['inception_4a/output', [512, 14, 14]],
    ['inception_4b/output', [512, 14, 14]],
    ['inception_4c/output', [512, 14, 14]],
    ['inception_4d/output', [528, 14, 14]],
    ['inception_4e/output', [832, 14, 14]],
    ['pool4/3x3_s2', [832, 7, 7]],
    ['inception_5a/output', [832, 7, 7]],
    ['inception_5b/output', [1024, 7, 7]],
    ['pool5/7x7_s1', [1024, 1, 1]],
  ])('%s → %j', async (name, expected) => {
    expect(chw(await analyzeCorpus('googlenet.prototxt'), name)).toEqual(expected);
  });
  it('inception (3a) has 159K weights (Table 1, K = 1024)', async () => {
    const r = await analyzeCorpus('googlenet.prototxt');
    const weights = r.layers
      .filter((l) => l.name?.startsWith('inception_3a/') && l.type === 'Convolution')
      .reduce((sum, l) => sum + l.params! - (l.outputs[0]!.shape![1] as number), 0);
    expect(Math.round(weights / 1024)).toBe(160); // 163,328 / 1024 = 159.5, printed as 159K
  });
});

describe('VGG-16 (Simonyan & Zisserman 2015, Table 1 D; V1 `layers { type: CONVOLUTION }`)', () => {
  it('pool1..pool5 halve 224 to 7; fc layers 4096, 4096, 1000', async () => {
    const r = await analyzeCorpus('vgg16.prototxt');
    expect([1, 2, 3, 4, 5].map((i) => out(r, `pool${i}`)?.[2])).toEqual([112, 56, 28, 14, 7]);
    expect(chw(r, 'pool5')).toEqual([512, 7, 7]);
    expect(['fc6', 'fc7', 'fc8'].map((n) => out(r, n))).toEqual([[10, 4096], [10, 4096], [10, 1000]]);
    expect(layer(r, 'conv1_1').type).toBe('CONVOLUTION');
  });
  it('138,357,544 parameters (Table 2: 138 million)', async () => {
    expect(totalParams(await analyzeCorpus('vgg16.prototxt'))).toBe(138_357_544);
  });
});

describe('MobileNet (Howard et al. 2017, Table 1 and Table 8)', () => {
  it('conv1 112×112×32, conv5_6 7×7×1024, avg pool 1×1×1024', async () => {
    const r = await analyzeCorpus('mobilenet.prototxt');
    expect(chw(r, 'conv1')).toEqual([32, 112, 112]);
    expect(chw(r, 'conv2_1/dw')).toEqual([32, 112, 112]);
    expect(chw(r, 'conv2_2/dw')).toEqual([64, 56, 56]);
    expect(chw(r, 'conv4_2/sep')).toEqual([512, 14, 14]);
    expect(chw(r, 'conv6/sep')).toEqual([1024, 7, 7]);
    expect(chw(r, 'pool6')).toEqual([1024, 1, 1]);
  });
  it('4.2 million parameters and 569 million mult-adds (Table 8, 1.0 MobileNet-224)', async () => {
    const r = await analyzeCorpus('mobilenet.prototxt');
    expect(Math.round(totalParams(r) / 1e5)).toBe(42);
    expect(Math.round(totalMacs(r) / 1e6)).toBe(569);
  });
});

describe('DenseNet-121 (Huang et al. 2017, Table 1; written from it, with the Caffe forks\' `ceil_mode: false` pool1)', () => {
  it('pool1 56, transitions 28/14/7, 1024 channels before the classifier', async () => {
    const r = await analyzeCorpus('densenet121.prototxt');
    expect(chw(r, 'conv1')).toEqual([64, 112, 112]);
    expect(chw(r, 'pool1')).toEqual([64, 56, 56]);
    expect(chw(r, 'concat_2_6')).toEqual([256, 56, 56]); // 64 + 6·32
    expect(out(r, 'pool2')?.slice(2)).toEqual([28, 28]);
    expect(out(r, 'pool3')?.slice(2)).toEqual([14, 14]);
    expect(out(r, 'pool4')?.slice(2)).toEqual([7, 7]);
    expect(chw(r, 'concat_5_16')).toEqual([1024, 7, 7]);
    expect(chw(r, 'pool5')).toEqual([1024, 1, 1]);
  });
  it('7,978,856 parameters (torchvision densenet121, same layers)', async () => {
    expect(totalParams(await analyzeCorpus('densenet121.prototxt'))).toBe(7_978_856);
  });
});

describe('SqueezeNet v1.1 (DeepScale/SqueezeNet SqueezeNet_v1.1)', () => {
  it('ends in 1000 class scores; 1,235,496 parameters (torchvision squeezenet1_1)', async () => {
    const r = await analyzeCorpus('squeezenet_v1.1.prototxt');
    expect(chw(r, 'fire9/concat')).toEqual([512, 14, 14]);
    expect(chw(r, 'pool10')).toEqual([1000, 1, 1]);
    expect(totalParams(r)).toBe(1_235_496);
  });
});

describe('Colorization (Zhang et al. 2016, Table 4: conv8 at 56×56, 313 ab bins; written from it)', () => {
  // conv8_1: Caffe deconv_layer.cpp compute_output_shape, stride·(in − 1) + kernel − 2·pad = 2·27 + 4 − 2 = 56.
  it('conv8_1 upsamples 28 → 56; class8_313_rh has 313 channels', async () => {
    const r = await analyzeCorpus('colorization.prototxt');
    // Table 4: conv5 and conv6 dilate by 2 and keep 28×28; conv_layer.cpp with the dilated extent
    // dilation·(kernel − 1) + 1 = 5: (28 + 2·2 − 5) / 1 + 1 = 28.
    expect(chw(r, 'conv4_3')).toEqual([512, 28, 28]);
    expect(chw(r, 'conv5_1')).toEqual([512, 28, 28]);
    expect(chw(r, 'conv6_3')).toEqual([512, 28, 28]);
    expect(chw(r, 'conv7_3')).toEqual([512, 28, 28]);
    expect(chw(r, 'conv8_1')).toEqual([256, 56, 56]);
    expect(chw(r, 'class8_313_rh')).toEqual([313, 56, 56]);
    expect(chw(r, 'class8_ab')).toEqual([2, 56, 56]);
    expect(layer(r, 'conv8_1').windowing?.kind).toBe('transpose');
  });
});

describe('FCN-8s (Long et al. 2015; chain per SHAPE_SEMANTICS §4.9 / §8 #34)', () => {
  it('pools 349/175/88/44/22, fc6 16, upscore8 568, score cropped back to the 500×500 input', async () => {
    const r = await analyzeCorpus('fcn8s.prototxt');
    expect(['pool1', 'pool2', 'pool3', 'pool4', 'pool5', 'fc6'].map((n) => out(r, n)?.[2])).toEqual([349, 175, 88, 44, 22, 16]);
    expect(out(r, 'upscore8')).toEqual([1, 21, 568, 568]);
    expect(out(r, 'score')).toEqual([1, 21, 500, 500]);
  });
  it('follows the input size it is given: 224 in, 224 out', async () => {
    const r = await analyzeCorpus('fcn8s.prototxt', { inputs: { data: [1, 3, 224, 224] } });
    expect(out(r, 'score')).toEqual([1, 21, 224, 224]);
  });
});

describe('LeNet (Caffe MNIST example; TRAIN/TEST include rules)', () => {
  it('TEST (default) uses the batch-100 Data layer and keeps Accuracy', async () => {
    const r = await analyzeCorpus('lenet_train_test.prototxt', { inputs: { data: [100, 1, 28, 28] } });
    expect(r.layers.map((l) => l.name)).toEqual(['mnist', 'conv1', 'pool1', 'conv2', 'pool2', 'ip1', 'relu1', 'ip2', 'accuracy', 'loss']);
    expect(layer(r, 'mnist').outputs.map((t) => t.shape)).toEqual([[100, 1, 28, 28], [100]]);
    expect(out(r, 'pool2')).toEqual([100, 50, 4, 4]);
    expect(out(r, 'ip2')).toEqual([100, 10]);
    expect(out(r, 'accuracy')).toEqual([]);
    expect(out(r, 'loss')).toEqual([]);
  });
  it('TRAIN drops Accuracy; the label gets the batch 64 of the TRAIN Data layer', async () => {
    const r = await analyzeCorpus('lenet_train_test.prototxt', { phase: 'TRAIN', inputs: { data: [64, 1, 28, 28] } });
    expect(r.layers.some((l) => l.name === 'accuracy')).toBe(false);
    expect(layer(r, 'mnist').outputs[1]!.shape).toEqual([64]);
    expect(r.diagnostics).toEqual([]);
  });
  it('without --input, the image size is unknown and a note says how to give it', async () => {
    const r = await analyzeCorpus('lenet_train_test.prototxt');
    expect(out(r, 'mnist')).toEqual([100, null, null, null]);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['input-shape-unknown', 'information']]);
    expect(r.diagnostics[0]!.message).toContain('--input data=');
  });
});
