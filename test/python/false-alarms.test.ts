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
