/**
 * V0 nets, `layers { layer { name: "conv1" type: "conv" kernelsize: 5 … } bottom: … top: … }`, as
 * Caffe upgrades them: each V0 field moves into the `*_param` message of the layer's type, and the
 * type string becomes its V1 enum. `padding` layers are folded into the conv/pool they feed by
 * `foldPadding` (net.ts).
 * [BVLC/caffe @037b724 · src/caffe/util/upgrade_proto.cpp · UpgradeV0Net, UpgradeV0PaddingLayers,
 *  UpgradeV0LayerParameter, UpgradeV0LayerType]
 */
import type { Field, Message } from './message.js';

/** UpgradeV0LayerType: V0 type string → V1 enum name (`padding` is removed before it). */
export const V0_LAYER_TYPES: ReadonlyMap<string, string> = new Map([
  ['accuracy', 'ACCURACY'], ['bnll', 'BNLL'], ['concat', 'CONCAT'], ['conv', 'CONVOLUTION'], ['data', 'DATA'],
  ['dropout', 'DROPOUT'], ['euclidean_loss', 'EUCLIDEAN_LOSS'], ['flatten', 'FLATTEN'], ['hdf5_data', 'HDF5_DATA'],
  ['hdf5_output', 'HDF5_OUTPUT'], ['im2col', 'IM2COL'], ['images', 'IMAGE_DATA'], ['infogain_loss', 'INFOGAIN_LOSS'],
  ['innerproduct', 'INNER_PRODUCT'], ['lrn', 'LRN'], ['multinomial_logistic_loss', 'MULTINOMIAL_LOGISTIC_LOSS'],
  ['pool', 'POOLING'], ['relu', 'RELU'], ['sigmoid', 'SIGMOID'], ['softmax', 'SOFTMAX'], ['softmax_loss', 'SOFTMAX_LOSS'],
  ['split', 'SPLIT'], ['tanh', 'TANH'], ['window_data', 'WINDOW_DATA'],
]);

type Target = readonly [param: string, field: string];

/** UpgradeV0LayerParameter: a V0 field → its new place, by layer type ('*': every type). */
const MOVES: Readonly<Record<string, Readonly<Record<string, Target>>>> = {
  num_output: { conv: ['convolution_param', 'num_output'], innerproduct: ['inner_product_param', 'num_output'] },
  biasterm: { conv: ['convolution_param', 'bias_term'], innerproduct: ['inner_product_param', 'bias_term'] },
  pad: { conv: ['convolution_param', 'pad'], pool: ['pooling_param', 'pad'] },
  kernelsize: { conv: ['convolution_param', 'kernel_size'], pool: ['pooling_param', 'kernel_size'] },
  group: { conv: ['convolution_param', 'group'] },
  stride: { conv: ['convolution_param', 'stride'], pool: ['pooling_param', 'stride'] },
  pool: { pool: ['pooling_param', 'pool'] },
  dropout_ratio: { dropout: ['dropout_param', 'dropout_ratio'] },
  local_size: { lrn: ['lrn_param', 'local_size'] },
  alpha: { lrn: ['lrn_param', 'alpha'] },
  beta: { lrn: ['lrn_param', 'beta'] },
  k: { lrn: ['lrn_param', 'k'] },
  source: { data: ['data_param', 'source'], hdf5_data: ['hdf5_data_param', 'source'], images: ['image_data_param', 'source'], window_data: ['window_data_param', 'source'] },
  batchsize: { data: ['data_param', 'batch_size'], hdf5_data: ['hdf5_data_param', 'batch_size'], images: ['image_data_param', 'batch_size'], window_data: ['window_data_param', 'batch_size'] },
  new_height: { images: ['image_data_param', 'new_height'] },
  new_width: { images: ['image_data_param', 'new_width'] },
  concat_dim: { concat: ['concat_param', 'concat_dim'] },
  scale: { '*': ['transform_param', 'scale'] },
  meanfile: { '*': ['transform_param', 'mean_file'] },
  cropsize: { '*': ['transform_param', 'crop_size'] },
  mirror: { '*': ['transform_param', 'mirror'] },
};

export interface V0Layer {
  /** The upgraded layer: name, type (the V0 string), bottoms and tops, and the `*_param` messages. */
  readonly body: Message;
  /** The inner `layer { … }`, where a padding layer's `pad` is read. */
  readonly v0: Message;
}

/** The upgraded layer when `outer` (a `layers {}` body) holds a V0 `layer {}`, else null. */
export function upgradeV0(outer: Message): V0Layer | null {
  const inner = outer.fields.find((f) => f.name === 'layer' && f.value.kind === 'message');
  if (inner?.value.kind !== 'message') return null;
  const v0 = inner.value.value;
  const type = v0.fields.find((f) => f.name === 'type');
  const typeName = type?.value.kind === 'string' ? type.value.value : '';
  const params = new Map<string, Field[]>();
  const fields: Field[] = [];
  for (const f of v0.fields) {
    if (f.name === 'name' || f.name === 'type') {
      fields.push(f);
      continue;
    }
    const target = MOVES[f.name]?.[typeName] ?? MOVES[f.name]?.['*'];
    if (!target) continue;
    const list = params.get(target[0]) ?? [];
    list.push({ name: target[1], value: f.value, range: f.range });
    params.set(target[0], list);
  }
  for (const [name, list] of params) fields.push({ name, value: { kind: 'message', value: { fields: list }, range: inner.range }, range: inner.range });
  for (const f of outer.fields) if (f.name === 'bottom' || f.name === 'top') fields.push(f);
  return { body: { fields }, v0 };
}
