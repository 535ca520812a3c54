/**
 * Layers whose first top is a scalar: every loss (LossLayer::Reshape gives shape `()`) and Accuracy.
 * SoftmaxWithLoss' optional second top holds the probabilities (the bottom's shape); Accuracy's holds
 * one accuracy per class. A loss given no top still runs: LossLayer::AutoTopBlobs is true, so Net::Init
 * makes an anonymous one [include/caffe/layers/loss_layer.hpp; src/caffe/net.cpp · Init].
 * [BVLC/caffe · src/caffe/layers/loss_layer.cpp, softmax_loss_layer.cpp, accuracy_layer.cpp · Reshape]
 */
import { canonicalAxis } from './axes.js';
import { NO_SHAPE, type LayerSpec } from './spec.js';

export const loss: LayerSpec = {
  types: [
    'ContrastiveLoss', 'EuclideanLoss', 'HingeLoss', 'InfogainLoss', 'MultinomialLogisticLoss',
    'SigmoidCrossEntropyLoss', 'SoftmaxWithLoss',
  ],
  bottoms: [2, 3],
  tops: [1, 2],
  autoTops: true,
  shape: (ctx) => ({ outputs: [[], ctx.inputs[0]!] }),
};

/**
 * SmoothL1Loss of Fast/Faster R-CNN: prediction, target, and the inside and outside weights, so up
 * to 4 bottoms (SSD's copy takes 3) [rbgirshick/caffe-fast-rcnn · include/caffe/fast_rcnn_layers.hpp ·
 * SmoothL1LossLayer::MaxBottomBlobs].
 */
export const smoothL1Loss: LayerSpec = {
  types: ['SmoothL1Loss'],
  bottoms: [2, 4],
  autoTops: true,
  fork: 'rbgirshick/caffe-fast-rcnn (smooth_L1_loss_layer.cpp)',
  shape: () => ({ outputs: [[]] }),
};

export const accuracy: LayerSpec = {
  types: ['Accuracy'],
  bottoms: [2, 2],
  tops: [1, 2],
  shape(ctx) {
    const x = ctx.inputs[0]!;
    const axis = canonicalAxis(ctx, ctx.params('accuracy_param'), 'axis', 1, x);
    return axis === null ? NO_SHAPE : { outputs: [[], [x[axis] ?? null]] };
  },
};
