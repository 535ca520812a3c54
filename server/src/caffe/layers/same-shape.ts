/**
 * Layers whose top has the bottom's shape: every NeuronLayer (NeuronLayer::Reshape), Dropout,
 * Softmax, BatchNorm, MVN, and common fork activations (ELU, Swish, Mish, Clip, ReLU6).
 * [BVLC/caffe · src/caffe/layers/neuron_layer.cpp, softmax_layer.cpp, batch_norm_layer.cpp,
 *  mvn_layer.cpp] — SHAPE_SEMANTICS §4.7. BatchNorm's blobs are running statistics, not learned
 *  (they are usually frozen with lr_mult 0), so they are not counted as parameters.
 */
import { formatShape } from '../diagnostic.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

export const sameShape: LayerSpec = {
  types: [
    'AbsVal', 'BNLL', 'Clip', 'Dropout', 'ELU', 'Exp', 'Log', 'Power', 'ReLU', 'ReLU6', 'Sigmoid',
    'Swish', 'Mish', 'TanH', 'Threshold', 'Softmax', 'BatchNorm', 'MVN',
  ],
  shape: (ctx) => ({ outputs: [ctx.inputs[0]!] }),
};

/** LRN: same shape, but the input must be 4-D [lrn_layer.cpp · Reshape]. */
export const lrn: LayerSpec = {
  types: ['LRN'],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    if (x.length !== 4) {
      ctx.error('wrong-rank', `LRN needs a 4-D (N, C, H, W) input, got ${formatShape(x)}`);
      return NO_SHAPE;
    }
    return { outputs: [x] };
  },
};
