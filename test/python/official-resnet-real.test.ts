/**
 * TensorFlow's official ResNet, the real file (issue 8 "Done when"): tensorflow/models
 * official/resnet/resnet_model.py @ bebdced11081bb3111f277ffa314fe314df313d4 (Apache-2.0, docstrings
 * shortened; fixtures/official/resnet_model.py, SOURCES.md). Its `Model.__init__` has no default for
 * any size and picks the layout by `tf.test.is_built_with_cuda()` when data_format is None.
 * Expected sizes: He et al. 2016 Table 1 (conv1 112, conv2_x 56, conv3_x 28, conv4_x 14, conv5_x 7
 * for a 224 input, 4× bottleneck widths 256…2048); SHAPE_SEMANTICS §1.6 (fixed padding then VALID:
 * ⌊(224 + 6 − 7)/2⌋ + 1 = 112).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import type { PythonOptions } from '../../server/src/python/analyze.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string, options?: PythonOptions) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const MODEL = readFileSync('test/python/fixtures/official/resnet_model.py', 'utf8');
const LINES = MODEL.split('\n');
const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
const lineOf = (text: string) => LINES.findIndex((l) => l.includes(text));
const identities = (r: AnalysisResult, text: string) => ofType(r, 'tf.identity').filter((l) => l.range.start.line === lineOf(text)).map(shapeOf);

const driver = (format: string, version: number) => `
images = tf.compat.v1.placeholder(tf.float32, [None, 224, 224, 3])
model = Model(resnet_size=50, bottleneck=True, num_classes=1001, num_filters=64, kernel_size=7,
              conv_stride=2, first_pool_size=3, first_pool_stride=2, block_sizes=[3, 4, 6, 3],
              block_strides=[1, 2, 2, 2], resnet_version=${version}, data_format='${format}')
logits = model(images, training=False)
`;

describe('official resnet_model.py (2019, tf.compat.v1), the real file', () => {
  const layout = (cf: boolean) => (hw: number, c: number) => (cf ? [null, c, hw, hw] : [null, hw, hw, c]);
  it.each([
    ['channels_last', 2, false],
    ['channels_first', 2, true],
    ['channels_last', 1, false],
  ])('ResNet-50 called by a driver with a 224×224 tensor: exact stage sizes, %s, v%i', (format, version, cf) => {
    const r = analyze(MODEL + driver(format as string, version as number));
    const at = layout(cf as boolean);
    expect(identities(r, "'initial_conv'")).toEqual([at(112, 64)]);
    expect(identities(r, "'initial_max_pool'")).toEqual([at(56, 64)]);
    expect(identities(r, 'return tf.identity(inputs, name)')).toEqual([at(56, 256), at(28, 512), at(14, 1024), at(7, 2048)]);
    expect(shapeOf(ofType(r, 'tf.compat.v1.layers.dense')[0])).toEqual([null, 1001]);
    expect(alarms(r)).toEqual([]);
  });

  // As is, conv2d_fixed_padding's `if strides > 1:` (fixed padding, then VALID) and `'SAME' if
  // strides == 1` run once per case of the stride (size-cases.ts); both give ⌈H/conv_stride⌉, and the
  // SAME max pool ⌈·/first_pool_stride⌉ (TF GetWindowedOutputSizeVerbose).
  const conv = ['ceil(H/conv_stride)', 'ceil(W/conv_stride)'];
  const pool = ['ceil(ceil(H/conv_stride)/first_pool_stride)', 'ceil(ceil(W/conv_stride)/first_pool_stride)'];
  it.each([
    ['channels_last', ['N', ...conv, 'num_filters'], ['N', ...pool, 'num_filters']],
    ['channels_first', ['N', 'num_filters', ...conv], ['N', 'num_filters', ...pool]],
  ])('opened as is: no alarm; the layout is the setting (%s), said in a note; symbolic stage sizes', (format, initial, pooled) => {
    const r = analyze(MODEL, { imageDataFormat: format as 'channels_last' | 'channels_first' });
    expect(alarms(r)).toEqual([]);
    // One note per uncalled entry point with a data_format parameter; the class's:
    expect(r.diagnostics.filter((d) => d.code === 'entry-point-data-format' && d.message.startsWith('Model ')).map((d) => d.message)).toEqual([
      `Model is analysed with data_format='${format}', the image_data_format setting (nothing in this file calls it)`,
    ]);
    expect(identities(r, "'initial_conv'")).toEqual([initial]);
    expect(identities(r, "'initial_max_pool'")).toEqual([pooled]);
    // `self.block_fn` is _bottleneck_block_v2 or _building_block_v2 by the unknown `bottleneck`: a
    // call runs both (conditionals.ts callEither), so the stages keep their rank; their sizes
    // differ (4·filters against filters), so the classifier gets (N, ?) and gives (N, num_classes).
    expect(shapeOf(ofType(r, 'tf.compat.v1.layers.dense')[0])).toEqual(['N', 'num_classes']);
    const blockOut = ofType(r, 'tf.identity').filter((l) => l.range.start.line === lineOf('return tf.identity(inputs, name)'));
    expect(blockOut.map(shapeOf)).toEqual([['N', null, null, null]]);
  });

  it('opened as is: the stages loop over block_sizes, a parameter: one note, the first stage followed with i = 0', () => {
    const r = analyze(MODEL);
    const loop = lineOf('for i, num_blocks in enumerate(self.block_sizes):');
    expect(r.diagnostics.filter((d) => d.code === 'loop-length-unknown').map((d) => [d.range.start.line, d.severity])).toEqual([[loop, 'information']]);
    // The first stage's filters are self.num_filters * 2**0; its input is the stem with or without
    // the max pool (`if self.first_pool_size:`, a parameter), so its spatial sizes are unknown.
    // _bottleneck_block_v2's convs: 1×1 to filters, 3×3 to filters, 1×1 to 4·filters (its
    // projection shortcut is block_layer's, to filters_out = filters * 4 if bottleneck else filters).
    const start = lineOf('def _bottleneck_block_v2(');
    const end = lineOf('def block_layer(');
    const convs = r.layers.filter((l) => l.type === 'conv2d_fixed_padding' && l.range.start.line > start && l.range.start.line < end);
    expect(convs.map(shapeOf)).toEqual([
      ['N', null, null, 'num_filters'],
      ['N', null, null, 'num_filters'],
      ['N', null, null, '4*num_filters'],
    ]);
  });
});

describe('official resnet_model.py as is: the blocks nobody calls', () => {
  // The v1 blocks: resnet_version defaults to 2, so Model's run never calls them.
  it('_bottleneck_block_v1: 1×1 keeps H, the strided 3×3 gives ⌈H/strides⌉, the last 1×1 4·filters', () => {
    const r = analyze(MODEL);
    const start = lineOf('def _bottleneck_block_v1(');
    const end = lineOf('def _bottleneck_block_v2(');
    const inBlock = (l: { range: { start: { line: number } } }) => l.range.start.line > start && l.range.start.line < end;
    // Rows of the conv2d calls the block makes (they sit at the block's call lines).
    const calls = r.layers.filter((l) => l.type === 'conv2d_fixed_padding' && inBlock(l)).map(shapeOf);
    expect(calls).toEqual([
      ['N', 'H', 'W', 'filters'],
      ['N', 'ceil(H/strides)', 'ceil(W/strides)', 'filters'],
      ['N', 'ceil(H/strides)', 'ceil(W/strides)', '4*filters'],
    ]);
    expect(alarms(r)).toEqual([]);
  });
});

// imagenet_main.py driving this file (sizes from flags, images from an input pipeline):
// ./imagenet-main.test.ts, with fixtures after imagenet_main.py and resnet_run_loop.py.
