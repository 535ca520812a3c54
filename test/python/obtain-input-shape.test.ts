/**
 * `_obtain_input_shape`, imported from Keras by model files written for Keras 2.0–2.2 (titu1994's
 * NASNet/DenseNet/MobileNet files). Truth: keras_applications 1.0.8 imagenet_utils.py
 * `_obtain_input_shape` (keras-team/keras-applications @06fbeb0), read branch by branch; the conv
 * after it by Keras' VALID rule, floor((224 − 3)/2) + 1 = 111.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { obtainInputShape } from '../../server/src/python/catalog/keras/applications.js';
import { analyzer, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const base = { given: null, givenIsList: false, defaultSize: 224, minSize: 32, channelsFirst: false, requireFlatten: true, imagenet: false };

describe('the rule', () => {
  it('no shape given: the default with 3 channels when a Flatten follows, else None × None', () => {
    expect(obtainInputShape(base)).toEqual([224, 224, 3]);
    expect(obtainInputShape({ ...base, channelsFirst: true })).toEqual([3, 224, 224]);
    expect(obtainInputShape({ ...base, requireFlatten: false })).toEqual([null, null, 3]);
    expect(obtainInputShape({ ...base, requireFlatten: false, channelsFirst: true })).toEqual([3, null, null]);
  });
  it('a given shape is kept when valid; ValueError cases are unknown (null)', () => {
    expect(obtainInputShape({ ...base, given: [100, 100, 1] })).toEqual([100, 100, 1]);
    expect(obtainInputShape({ ...base, given: [null, null, 3], requireFlatten: false })).toEqual([null, null, 3]);
    expect(obtainInputShape({ ...base, given: [null, null, 3] })).toBeNull(); // a Flatten needs a static shape
    expect(obtainInputShape({ ...base, given: [16, 16, 3] })).toBeNull(); // under min_size
    expect(obtainInputShape({ ...base, given: [224, 224] })).toBeNull(); // not three sizes
    expect(obtainInputShape({ ...base, given: [224, 224, 1], requireFlatten: false, imagenet: true })).toBeNull(); // imagenet needs 3 channels
  });
  it('imagenet weights with a Flatten: the default shape, and a given one must equal it (a list never does)', () => {
    expect(obtainInputShape({ ...base, imagenet: true })).toEqual([224, 224, 3]);
    expect(obtainInputShape({ ...base, imagenet: true, given: [224, 224, 3] })).toEqual([224, 224, 3]);
    expect(obtainInputShape({ ...base, imagenet: true, given: [224, 224, 3], givenIsList: true })).toBeNull();
    expect(obtainInputShape({ ...base, imagenet: true, given: [299, 299, 3] })).toBeNull();
  });
});

describe('in a model file', () => {
  it('from keras.applications.imagenet_utils, with the data format the backend reports', () => {
    const r = analyze(`from keras.applications.imagenet_utils import _obtain_input_shape
from keras.layers import Input, Conv2D
from keras import backend as K

input_shape = _obtain_input_shape(None, default_size=224, min_size=32,
                                  data_format=K.image_data_format(),
                                  require_flatten=True)
img_input = Input(shape=input_shape)
x = Conv2D(32, (3, 3), strides=(2, 2))(img_input)
`);
    expect(r.layers.map(shapeOf)).toEqual([[null, 224, 224, 3], [null, 111, 111, 32]]);
  });
});
