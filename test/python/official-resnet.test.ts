/**
 * TensorFlow's official ResNet (issue 8 "Done when"), on fixtures/official_resnet_style.py: ours,
 * written after tensorflow/models official/resnet/resnet_model.py and imagenet_main.py as of
 * fd1d1780 (2018-05-23): a `Model` class whose sizes all come from its constructor,
 * `conv2d_fixed_padding` (explicit `fixed_padding` then VALID when strides > 1, else SAME), stages
 * named `initial_conv`, `initial_max_pool`, `block_layer1`…`block_layer4`. The real files give the
 * same figures (CLI with `--path` on a checkout of that commit: 112, 56, 56/28/14/7 in both formats).
 * Expected sizes: He et al. 2016 Table 1 (conv1 112×112, conv2_x 56, conv3_x 28, conv4_x 14,
 * conv5_x 7 for a 224 input), SHAPE_SEMANTICS §1.6 (fixed padding: ⌊(224 + 6 − 7) / 2⌋ + 1 = 112).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { MemoryFiles } from '../../server/src/analyzer/files.js';
import { SearchPathResolver } from '../../server/src/analyzer/resolver.js';
import type { PythonOptions } from '../../server/src/python/analyze.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string, options?: PythonOptions) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const MODEL = readFileSync('test/python/fixtures/official_resnet_style.py', 'utf8');
const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
const STAGES = ['initial_conv', 'initial_max_pool', 'block_layer1', 'block_layer2', 'block_layer3', 'block_layer4'];

/** The output of each named `tf.identity` stage. */
function stages(r: AnalysisResult): ((number | string | null)[] | null)[] {
  const ids = ofType(r, 'tf.identity');
  return STAGES.map((name) => shapeOf(ids.find((l) => l.range.start.line === lineOf(name))));
}

function lineOf(stage: string): number {
  const lines = MODEL.split('\n');
  const exact = lines.findIndex((l) => l.includes(`'${stage}'`));
  // block_layer{i + 1}: the one block_layer call returns them all.
  return exact >= 0 ? exact : lines.findIndex((l) => l.includes('return tf.identity(inputs, name)'));
}

const driver = (format: string) => `
images = tf.placeholder(tf.float32, [None, 224, 224, 3])
model = Model(num_classes=1001, num_filters=64, kernel_size=7, conv_stride=2, first_pool_size=3,
              first_pool_stride=2, block_sizes=[3, 4, 6, 3], block_strides=[1, 2, 2, 2],
              final_size=2048, data_format='${format}')
logits = model(images, training=False)
`;

describe('official ResNet (resnet_model.py, 2018)', () => {
  // NHWC, or NCHW after the model's own tf.transpose: the same sizes on the format's axes.
  const layout = (cf: boolean) => (hw: number, c: number) => (cf ? [null, c, hw, hw] : [null, hw, hw, c]);
  it.each([
    ['channels_last', false],
    ['channels_first', true],
  ])('called by a driver with a 224×224 tensor: exact stage sizes, %s', (format, cf) => {
    const r = analyze(MODEL + driver(format));
    const at = layout(cf);
    const blocks = ofType(r, 'tf.identity').filter((l) => l.range.start.line === lineOf('block_layer1')).map(shapeOf);
    expect(stages(r).slice(0, 2)).toEqual([at(112, 64), at(56, 64)]);
    expect(blocks).toEqual([at(56, 256), at(28, 512), at(14, 1024), at(7, 2048)]);
    expect(shapeOf(ofType(r, 'tf.layers.dense')[0])).toEqual([null, 1001]);
    expect(alarms(r)).toEqual([]);
  });

  it('opened as is: no alarm, and no stage size is a number (each rests on a constructor parameter)', () => {
    const r = analyze(MODEL);
    expect(r.models?.map((m) => m.entry)).toContain('Model');
    // The stages; final_reduce_mean's keepdims 1s are the one certain number (tf.reduce_mean docs).
    const sizes = stages(r).flatMap((s) => s ?? []);
    expect(sizes.filter((d) => typeof d === 'number')).toEqual([]);
    // The classifier's width is the constructor's num_classes, by name.
    expect(shapeOf(ofType(r, 'tf.layers.dense')[0])).toEqual([null, 'num_classes']);
    expect(alarms(r)).toEqual([]);
  });
});

describe('official ResNet driven by imagenet_main.py (sizes from flags and an input pipeline)', () => {
  // After imagenet_main.py: ImagenetModel passes the ImageNet constants, the size and data format
  // come from argparse flags, the images from a tf.data pipeline read from TFRecord files.
  const MAIN = `import sys
import tensorflow as tf
from official.resnet import resnet_model

_DEFAULT_IMAGE_SIZE = 224
_NUM_CLASSES = 1001


def _get_block_sizes(resnet_size):
  choices = {18: [2, 2, 2, 2], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3]}
  return choices[resnet_size]


class ImagenetModel(resnet_model.Model):
  def __init__(self, resnet_size, data_format=None, num_classes=_NUM_CLASSES):
    super(ImagenetModel, self).__init__(
        num_classes=num_classes, num_filters=64, kernel_size=7, conv_stride=2,
        first_pool_size=3, first_pool_stride=2, block_sizes=_get_block_sizes(resnet_size),
        block_strides=[1, 2, 2, 2], final_size=2048, data_format=data_format)


def input_fn(is_training, data_dir, batch_size):
  dataset = tf.data.TFRecordDataset(tf.gfile.Glob(data_dir + '/train-*'))
  dataset = dataset.batch(batch_size)
  return dataset.make_one_shot_iterator().get_next()


def imagenet_model_fn(features, labels, mode, params):
  model = ImagenetModel(params['resnet_size'], data_format=params['data_format'])
  logits = model(features, mode == tf.estimator.ModeKeys.TRAIN)
  return tf.losses.softmax_cross_entropy(logits=logits, onehot_labels=labels)


def main(argv):
  parser = argparse.ArgumentParser()
  flags = parser.parse_args(args=argv[1:])
  features, labels = input_fn(True, flags.data_dir, flags.batch_size)
  imagenet_model_fn(features, labels, 'train', {'resnet_size': flags.resnet_size, 'data_format': flags.data_format})


if __name__ == '__main__':
  main(argv=sys.argv)
`;

  it('no error or warning, and no size that rests on the flags is a number', () => {
    const files = { '/proj/official/__init__.py': '', '/proj/official/resnet/__init__.py': '', '/proj/official/resnet/resnet_model.py': MODEL, '/proj/official/resnet/imagenet_main.py': MAIN };
    const resolver = new SearchPathResolver(new MemoryFiles(new Map(Object.entries(files))), ['/proj']);
    const r = analyze(MAIN, { modules: { resolver, file: '/proj/official/resnet/imagenet_main.py' } });
    expect(alarms(r)).toEqual([]);
    const convs = ofType(r, 'tf.layers.conv2d');
    expect(convs.length).toBeGreaterThan(0);
    // The data format is a flag: where channels and spatial axes sit is unknown, so no size is a number.
    expect(convs.flatMap((l) => l.outputs.flatMap((o) => o.shape ?? [])).filter((d) => typeof d === 'number')).toEqual([]);
  });
});
