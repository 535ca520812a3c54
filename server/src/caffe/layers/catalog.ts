/**
 * THE CATALOG: every Caffe layer type Shape Lens knows. Adding a type means writing its entry and
 * listing it here.
 */
import { accuracy, loss, smoothL1Loss } from './loss.js';
import { bias, bn, normalize, prelu, scale } from './affine.js';
import { convolution3d, deconvolution3d, pooling3d, videoData } from './c3d.js';
import { axpy, concat, eltwise } from './merge.js';
import { convolution, deconvolution, deformableConvolution, depthwiseConvolution } from './convolution.js';
import { convolutionDepthwise } from './conv-depthwise.js';
import { crop } from './crop.js';
import { detectionOutput, permute, priorBox } from './detection.js';
import { innerProduct } from './inner-product.js';
import { argMax, reduction, reorg, shuffleChannel, silence, tile } from './misc.js';
import { pooling } from './pooling.js';
import { python } from './python.js';
import { flatten, reshape } from './reshape.js';
import { psroiPooling, roiPooling } from './roi.js';
import { interp, upsample } from './resize.js';
import { lrn, sameShape } from './same-shape.js';
import { data, denseImageData, dummyData, hdf5Data, imageData, input, memoryData, windowData } from './sources.js';
import { slice, split } from './split.js';
import { spatialTransformer } from './spatial-transformer.js';
import type { LayerSpec } from './spec.js';

const ENTRIES: readonly LayerSpec[] = [
  input, dummyData, data, imageData, windowData, memoryData, hdf5Data,
  convolution, deconvolution, pooling, innerProduct,
  sameShape, lrn, scale, bias, prelu, normalize,
  eltwise, concat, crop, flatten, reshape, slice, split,
  loss, accuracy, argMax, silence, tile, reduction,
  interp, upsample, permute, priorBox, detectionOutput,
  // Fork types, each from its fork's own source.
  bn, axpy, depthwiseConvolution, convolutionDepthwise, shuffleChannel, roiPooling, psroiPooling,
  smoothL1Loss, denseImageData, convolution3d, deconvolution3d, pooling3d, videoData, deformableConvolution, spatialTransformer, reorg, python,
];

export const CATALOG: ReadonlyMap<string, LayerSpec> = new Map(ENTRIES.flatMap((spec) => spec.types.map((t) => [t, spec] as const)));
