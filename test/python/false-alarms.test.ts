/**
 * Zero false alarms (issue 8 §6): what a loop the analysis cannot follow may change is unknown
 * afterwards, never a number that raises an alarm. The pattern is keras-team/keras
 * examples/pretrained_word_embeddings.py (2016 and 2018): `labels_index` filled per directory
 * entry, then `Dense(len(labels_index))`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzer } from './helpers.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

describe('containers filled by loops the analysis cannot follow', () => {
  it("keras' pretrained_word_embeddings.py pattern: a dict filled under unknown keys has an unknown len(), so Dense(len(d)) is no alarm", () => {
    const r = analyze(`import os
from keras.layers import Input, Dense
labels_index = {}
for name in sorted(os.listdir('data')):
    label_id = len(labels_index)
    labels_index[name] = label_id
x = Input(shape=(8,))
y = Dense(len(labels_index))(x)
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.layers.find((l) => l.type === 'Dense')?.outputs[0]?.shape).toEqual([null, null]);
  });
});

describe('a list appended to in a loop over an unknown iterable (issue 8)', () => {
  // The pattern of feature-pyramid and U-Net builders: `for f in filters_list: x = block(x, f);
  // outputs.append(x)`. How many items the list holds is unknown; each is one of the tensors appended.
  // Concatenate (keras/src/layers/merging/concatenate.py compute_output_shape): the axis is the sum,
  // the other axes must agree, so it is unknown and they are kept; Add (base_merge.py): the shape.
  const src = `from tensorflow.keras import layers
def block(x, f):
    return layers.Conv2D(8, 3, padding='same')(x)
inp = layers.Input(shape=(32, 32, 3))
x = inp
outputs = []
for f in get_filters():
    x = block(x, f)
    outputs.append(x)
y = layers.Concatenate()(outputs)
z = layers.Add()(outputs)
last = outputs[-1]
n = len(outputs)
d = layers.Dense(n)(last)
k = layers.Concatenate()([inp, inp])
`;

  it('Concatenate of it: unknown on the axis, exact elsewhere; Add and the last item: the shape', () => {
    const r = analyze(src);
    const [cat, known] = r.layers.filter((l) => l.type === 'layers.Concatenate');
    expect(cat?.outputs[0]?.shape).toEqual([null, 32, 32, null]);
    expect(r.layers.find((l) => l.type === 'layers.Add')?.outputs[0]?.shape).toEqual([null, 32, 32, 8]);
    // len() of it is unknown, so Dense(len(outputs)) has an unknown width; outputs[-1] is (None, 32, 32, 8).
    expect(r.layers.find((l) => l.type === 'layers.Dense')?.outputs[0]?.shape).toEqual([null, 32, 32, null]);
    // A list the code wrote out keeps its length: 3 + 3 channels.
    expect(known?.outputs[0]?.shape).toEqual([null, 32, 32, 6]);
    expect(r.diagnostics.filter((d) => d.severity !== 'information')).toEqual([]);
  });

  it('a loop over a known list still appends item by item', () => {
    const r = analyze(src.replace('get_filters()', '[8, 16]'));
    expect(r.layers.find((l) => l.type === 'layers.Concatenate')?.outputs[0]?.shape).toEqual([null, 32, 32, 16]);
    expect(r.layers.find((l) => l.type === 'layers.Dense')?.outputs[0]?.shape).toEqual([null, 32, 32, 2]);
  });
});

describe('a loop over a list of unknown length', () => {
  it('each item is like its item: Conv2D on every feature map of the pyramid above', () => {
    const r = analyze(`from tensorflow.keras import layers
x = layers.Input(shape=(32, 32, 3))
features = []
for i in get_levels():
    x = layers.Conv2D(8, 3, padding='same')(x)
    features.append(x)
for f in features:
    p = layers.Conv2D(4, 1)(f)
`);
    // keras/src/layers/convolutional/base_conv.py: a 1×1 'valid' conv keeps H and W, channels = filters.
    expect(r.layers.filter((l) => l.type === 'layers.Conv2D').at(-1)?.outputs[0]?.shape).toEqual([null, 32, 32, 4]);
  });
});
