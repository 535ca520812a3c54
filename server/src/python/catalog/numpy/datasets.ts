/**
 * `keras.datasets.<name>.load_data()`: NumPy arrays of documented shapes,
 * `(x_train, y_train), (x_test, y_test)`. Sources (keras-team/keras):
 * - mnist, fashion_mnist (`keras/src/datasets/mnist.py`, `fashion_mnist.py`): x (60000, 28, 28) /
 *   (10000, 28, 28), y (60000,) / (10000,).
 * - cifar10, cifar100 (`cifar10.py`, `cifar100.py`): read as (N, 3, 32, 32) and transposed to
 *   (N, 32, 32, 3) when `image_data_format()` is 'channels_last' (Keras 2/3); Keras 1.1–1.2 does the
 *   same for `image_dim_ordering() == 'tf'` (tags 1.1.0, 1.2.2), Keras 1.0.x never transposes (tag
 *   1.0.8; its default ordering was 'th'). N = 50000 / 10000; y (N, 1).
 * - boston_housing (`boston_housing.py`): 506 samples, the first int(506 · (1 − test_split)) for
 *   training: x (404, 13) / (102, 13), y (404,) / (102,) with the default test_split=0.2.
 * - imdb (`imdb.py`): 25000 / 25000 sequences of different lengths, so x is ragged: (25000,);
 *   `maxlen` drops longer ones, so the counts are then unknown.
 * - reuters (`reuters.py`): 11228 newswires split at int(11228 · (1 − test_split)): (8982,) /
 *   (2246,) by default; ragged like imdb.
 */
import { NO_COST } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { tuple, type Value } from '../../values.js';
import { lookupOp } from '../index.js';
import { out } from '../shapes.js';
import type { DatasetName, OpCall, OpEntry } from '../types.js';

/** `(x_train, y_train), (x_test, y_test)` with these shapes. */
function splits(call: OpCall, xTrain: Shape, yTrain: Shape, xTest: Shape, yTest: Shape): Value {
  return tuple([tuple([out(xTrain, call), out(yTrain, call)]), tuple([out(xTest, call), out(yTest, call)])]);
}

/** Whether CIFAR arrays come channels-first, as the backend's setting says (null: unknown). */
function cifarChannelsFirst(call: OpCall): boolean | null {
  const name = call.ctx.kerasVersion === 1 ? 'image_dim_ordering' : 'image_data_format';
  const entry = lookupOp('keras.backend', name);
  const v = entry?.apply({ ...call, input: call.input }).output;
  if (v?.kind !== 'str') return null;
  return v.value === 'channels_first' || v.value === 'th';
}

/** Samples in the training split of `total` with the call's `test_split` (default 0.2). */
function trainCount(call: OpCall, total: number): number | null {
  const v = call.args.get('test_split');
  const split = v === undefined ? (call.args.opaque ? null : 0.2) : v.kind === 'num' ? v.value : null;
  return split === null ? null : Math.trunc(total * (1 - split));
}

function count(call: OpCall, total: number, train: boolean): number | null {
  const n = trainCount(call, total);
  return n === null ? null : train ? n : total - n;
}

type Loader = (call: OpCall) => Value;

const LOADERS: Record<DatasetName, { params: string[]; load: Loader }> = {
  mnist: { params: ['path'], load: (c) => splits(c, [60000, 28, 28], [60000], [10000, 28, 28], [10000]) },
  fashion_mnist: { params: [], load: (c) => splits(c, [60000, 28, 28], [60000], [10000, 28, 28], [10000]) },
  cifar10: { params: [], load: (c) => cifar(c) },
  cifar100: { params: ['label_mode'], load: (c) => cifar(c) },
  boston_housing: {
    params: ['path', 'test_split', 'seed'],
    load: (c) => splits(c, [count(c, 506, true), 13], [count(c, 506, true)], [count(c, 506, false), 13], [count(c, 506, false)]),
  },
  imdb: {
    params: ['path', 'num_words', 'skip_top', 'maxlen', 'seed', 'start_char', 'oov_char', 'index_from'],
    load: (c) => {
      const n = c.args.isNone('maxlen') ? 25000 : null;
      return splits(c, [n], [n], [n], [n]);
    },
  },
  reuters: {
    params: ['path', 'num_words', 'skip_top', 'maxlen', 'test_split', 'seed', 'start_char', 'oov_char', 'index_from'],
    load: (c) => {
      const [tr, te] = c.args.isNone('maxlen') ? [count(c, 11228, true), count(c, 11228, false)] : [null, null];
      return splits(c, [tr], [tr], [te], [te]);
    },
  },
};

/**
 * CIFAR images in the backend's layout. Under Keras 1 the 'tf' ordering gives the 1.1+ shape; a
 * 1.0.x install with 'tf' in keras.json would still give (N, 3, 32, 32).
 */
function cifar(call: OpCall): Value {
  const cf = cifarChannelsFirst(call);
  const image = (n: number): Shape => (cf === null ? [n, null, null, null] : cf ? [n, 3, 32, 32] : [n, 32, 32, 3]);
  return splits(call, image(50000), [50000, 1], image(10000), [10000, 1]);
}

export const DATASET_NAMES = Object.keys(LOADERS) as DatasetName[];

export const DATASET_ENTRIES: OpEntry[] = DATASET_NAMES.map((name) => ({
  names: ['load_data'],
  namespaces: [`keras.datasets.${name}`],
  kind: 'value',
  params: LOADERS[name].params,
  apply: (call) => ({ output: LOADERS[name].load(call), cost: NO_COST }),
}));
