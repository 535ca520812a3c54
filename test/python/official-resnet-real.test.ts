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
import { MemoryFiles } from '../../server/src/analyzer/files.js';
import { SearchPathResolver } from '../../server/src/analyzer/resolver.js';
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

describe('official resnet_model.py in its project, as imagenet_main.py drives it (sizes and layout from flags, images from an input pipeline)', () => {
  // After tensorflow/models official/resnet/imagenet_main.py and resnet_run_loop.py at the same
  // commit (ours, their structure and the code paths that make the sizes; nothing else copied):
  // imagenet_model_fn is never called by the code, it is handed to tf.estimator.Estimator, which
  // calls it with the input pipeline's features and `params` filled from absl flags; ImagenetModel
  // passes kernel_size=7, conv_stride=2, first_pool_size=3, first_pool_stride=2,
  // block_strides=[1, 2, 2, 2] and picks block_sizes from the resnet size.
  const RUN_LOOP = `import tensorflow as tf
from official.resnet import resnet_model


def resnet_model_fn(features, labels, mode, model_class, resnet_size, weight_decay,
                    learning_rate_fn, momentum, data_format, resnet_version, loss_scale,
                    loss_filter_fn=None, dtype=resnet_model.DEFAULT_DTYPE, fine_tune=False,
                    label_smoothing=0.0):
  tf.compat.v1.summary.image('images', features, max_outputs=6)
  assert features.dtype == dtype
  model = model_class(resnet_size, data_format, resnet_version=resnet_version, dtype=dtype)
  logits = model(features, mode == tf.estimator.ModeKeys.TRAIN)
  logits = tf.cast(logits, tf.float32)
  predictions = {'classes': tf.argmax(input=logits, axis=1),
                 'probabilities': tf.nn.softmax(logits, name='softmax_tensor')}
  return tf.estimator.EstimatorSpec(mode=mode, predictions=predictions)


def resnet_main(flags_obj, model_function, input_function, dataset_name, shape=None):
  classifier = tf.estimator.Estimator(
      model_fn=model_function, model_dir=flags_obj.model_dir, params={
          'resnet_size': int(flags_obj.resnet_size),
          'data_format': flags_obj.data_format,
          'batch_size': flags_obj.batch_size,
          'resnet_version': int(flags_obj.resnet_version),
      })
  classifier.train(input_fn=lambda: input_function(
      is_training=True, data_dir=flags_obj.data_dir, batch_size=flags_obj.batch_size))
`;
  const MAIN = `import tensorflow as tf
from absl import app as absl_app
from absl import flags
from official.resnet import resnet_model
from official.resnet import resnet_run_loop

DEFAULT_IMAGE_SIZE = 224
NUM_CHANNELS = 3
NUM_CLASSES = 1001


class ImagenetModel(resnet_model.Model):
  def __init__(self, resnet_size, data_format=None, num_classes=NUM_CLASSES,
               resnet_version=resnet_model.DEFAULT_VERSION,
               dtype=resnet_model.DEFAULT_DTYPE):
    if resnet_size < 50:
      bottleneck = False
    else:
      bottleneck = True
    super(ImagenetModel, self).__init__(
        resnet_size=resnet_size, bottleneck=bottleneck, num_classes=num_classes,
        num_filters=64, kernel_size=7, conv_stride=2, first_pool_size=3,
        first_pool_stride=2, block_sizes=_get_block_sizes(resnet_size),
        block_strides=[1, 2, 2, 2], resnet_version=resnet_version,
        data_format=data_format, dtype=dtype)


def _get_block_sizes(resnet_size):
  choices = {18: [2, 2, 2, 2], 34: [3, 4, 6, 3], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3],
             152: [3, 8, 36, 3], 200: [3, 24, 36, 3]}
  try:
    return choices[resnet_size]
  except KeyError:
    raise ValueError('Could not find layers for selected Resnet size.')


def imagenet_model_fn(features, labels, mode, params):
  return resnet_run_loop.resnet_model_fn(
      features=features, labels=labels, mode=mode, model_class=ImagenetModel,
      resnet_size=params['resnet_size'], weight_decay=flags.FLAGS.weight_decay,
      learning_rate_fn=None, momentum=0.9, data_format=params['data_format'],
      resnet_version=params['resnet_version'], loss_scale=params['loss_scale'],
      loss_filter_fn=None, dtype=params['dtype'], fine_tune=params['fine_tune'])


def run_imagenet(flags_obj):
  resnet_run_loop.resnet_main(
      flags_obj, imagenet_model_fn, None, 'ImageNet',
      shape=[DEFAULT_IMAGE_SIZE, DEFAULT_IMAGE_SIZE, NUM_CHANNELS])


def main(_):
  run_imagenet(flags.FLAGS)


if __name__ == '__main__':
  absl_app.run(main)
`;
  const FILES = {
    '/proj/official/__init__.py': '',
    '/proj/official/resnet/__init__.py': '',
    '/proj/official/resnet/resnet_model.py': MODEL,
    '/proj/official/resnet/resnet_run_loop.py': RUN_LOOP,
    '/proj/official/resnet/imagenet_main.py': MAIN,
  };
  const main = '/proj/official/resnet/imagenet_main.py';
  const run = (format: 'channels_last' | 'channels_first') => {
    const resolver = new SearchPathResolver(new MemoryFiles(new Map(Object.entries(FILES))), ['/proj']);
    return analyze(MAIN, { modules: { resolver, file: main }, imageDataFormat: format });
  };
  const inModel = (r: AnalysisResult, type: string, text: string) => r.layers.filter((l) => l.type === type && l.file?.endsWith('resnet_model.py') && l.range.start.line === lineOf(text)).map(shapeOf);

  it.each([
    ['channels_last', (hw: string[], c: number | string | null) => ['N', ...hw, c]],
    ['channels_first', (hw: string[], c: number | string | null) => ['N', c, ...hw]],
  ] as const)('no error or warning; the stem symbolic in the images\' sizes (%s, the setting, said in a note), the logits (N, 1001)', (format, at) => {
    const r = run(format);
    expect(alarms(r)).toEqual([]);
    // The layout comes from params['data_format'] (a flag): the setting's, as an assumption.
    expect(r.diagnostics.filter((d) => d.code === 'entry-point-data-format').map((d) => [d.severity, d.range.start.line, d.message])).toContainEqual([
      'information',
      MAIN.split('\n').findIndex((l) => l.includes("data_format=params['data_format']")),
      `params['data_format'] is analysed as '${format}', the image_data_format setting (imagenet_model_fn is analysed on its own: nothing in this file calls it)`,
    ]);
    // Kernel 7, stride 2 with fixed padding, then the 3×3/2 SAME max pool: ⌈H/2⌉, ⌈⌈H/2⌉/2⌉ = ⌈H/4⌉.
    expect(inModel(r, 'tf.identity', "'initial_conv'")).toEqual([at(['ceil(H/2)', 'ceil(W/2)'], 64)]);
    expect(inModel(r, 'tf.identity', "'initial_max_pool'")).toEqual([at(['ceil(H/4)', 'ceil(W/4)'], 64)]);
    // The stages: block_sizes = choices[resnet_size], four blocks whatever the size, strides
    // [1, 2, 2, 2]: ⌈H/4⌉ out of the first, ⌈H/32⌉ into the pre-activation batch norm (v2; its
    // channels: 4·512 with bottlenecks, 512 without, by the size, so unknown).
    expect(inModel(r, 'block_layer', 'inputs = block_layer(')).toEqual([at(['ceil(H/4)', 'ceil(W/4)'], null)]);
    const preActivation = r.layers.filter((l) => l.type === 'batch_norm' && l.file?.endsWith('resnet_model.py') && l.range.start.line === LINES.lastIndexOf('        inputs = batch_norm(inputs, training, self.data_format)'));
    expect(preActivation.map(shapeOf)).toEqual([at(['ceil(H/32)', 'ceil(W/32)'], null)]);
    expect(inModel(r, 'tf.identity', "'final_dense'")).toEqual([['N', 1001]]);
    // No spatial size (they rest on the images') is a number.
    const spatial = format === 'channels_last' ? [1, 2] : [2, 3];
    const convs = r.layers.filter((l) => l.type === 'tf.compat.v1.layers.conv2d');
    expect(convs.length).toBeGreaterThan(0);
    expect(convs.flatMap((l) => spatial.map((i) => l.outputs[0]?.shape?.[i] ?? null)).filter((d) => typeof d === 'number')).toEqual([]);
  });
});
