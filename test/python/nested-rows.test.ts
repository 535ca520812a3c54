/**
 * A model used as a layer (issue 13 §2). Keras' `model.summary()` prints it as one row with its
 * params (`sequential (Sequential)  (None, 10)  2,410`), and with `expand_nested=True` its layers
 * indented under it (keras/src/utils/summary_utils.py `print_summary`); its weights are counted
 * once however often it is called (keras/src/models/functional.py: a model reused is one node).
 * Truth: the same models in TensorFlow.js, whose model.layers lists a nested model as one layer with
 * its countParams.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { summaryTable } from '../../server/src/analysis/summary.js';
import { toJson } from '../../server/src/cli/report.js';
import { analyzer, shapeOf } from './helpers.js';
import { tfjsReady, tfl, truthRows } from './tfjs.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
  await tfjsReady();
});

const SRC = `from tensorflow import keras
from tensorflow.keras import layers

head = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(10)], name="head")
encoder_in = keras.Input(shape=(16,))
encoder = keras.Model(encoder_in, layers.Dense(32)(encoder_in), name="encoder")

a = keras.Input(shape=(16,))
b = keras.Input(shape=(16,))
ea = encoder(a)
eb = encoder(b)
x = layers.Concatenate()([ea, eb])
out = head(x)
model = keras.Model([a, b], out, name="siamese")
`;

function truth(): tfl.LayersModel {
  const head = tfl.sequential({ layers: [tfl.layers.dense({ units: 64, inputShape: [64] }), tfl.layers.dense({ units: 10 })] });
  const ein = tfl.input({ shape: [16] });
  const encoder = tfl.model({ inputs: ein, outputs: tfl.layers.dense({ units: 32 }).apply(ein) as tfl.SymbolicTensor });
  const a = tfl.input({ shape: [16] });
  const b = tfl.input({ shape: [16] });
  const x = tfl.layers.concatenate().apply([encoder.apply(a) as tfl.SymbolicTensor, encoder.apply(b) as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [a, b], outputs: head.apply(x) as tfl.SymbolicTensor });
}

describe('a model used as a layer', () => {
  it('is one row with its params, its layers one level under it; a second call counts nothing again', () => {
    const r = analyze(SRC);
    const t = truth();
    const table = r.models!.find((m) => m.name === 'siamese')!;
    const rows = table.layers.map((l) => [l.type, l.depth ?? 0, shapeOf(l), l.params]);
    const [enc, concat, head] = truthRows(t).map(([, s, p]) => [s, p]);
    expect(rows).toEqual([
      ['keras.Input', 0, [null, 16], 0],
      ['keras.Input', 0, [null, 16], 0],
      ['encoder', 0, ...enc!],
      ['keras.Input', 1, [null, 16], 0],
      ['layers.Dense', 1, [null, 32], enc![1]],
      // Shared weights: tfjs lists the encoder once; its second application adds no params.
      ['encoder', 0, [null, 32], null],
      ['layers.Concatenate', 0, ...concat!],
      ['head', 0, ...head!],
      ['layers.Dense', 1, [null, 64], 64 * 64 + 64],
      ['layers.Dense', 1, [null, 10], 64 * 10 + 10],
    ]);
    const counted = table.layers.filter((l) => !l.composite).reduce((s, l) => s + l.params!, 0);
    expect(counted).toBe(t.countParams());
  });
  it('the CLI table indents the nested rows and totals them once; the JSON carries depth', () => {
    const r = analyze(SRC);
    const text = summaryTable(r).split('\n');
    const siamese = text.slice(text.findIndex((l) => l.startsWith('Model: siamese')));
    const head = siamese.findIndex((l) => l.startsWith('head'));
    expect(siamese.slice(head, head + 3)).toEqual([
      expect.stringMatching(/^head\s+\(None, 10\)\s+4,810$/),
      expect.stringMatching(/^└ layers\.Dense \[dense(_\d)?\]\s+\(None, 64\)\s+4,160/),
      expect.stringMatching(/^└ layers\.Dense \[dense(_\d)?\]\s+\(None, 10\)\s+650/),
    ]);
    expect(siamese.find((l) => l.startsWith('Total params'))).toBe(`Total params: 5,354 (5.35 K)`);
    const json = toJson([{ file: 'm.py', result: r }])[0] as { layers: { type: string; depth?: number }[] };
    expect(json.layers.filter((l) => l.depth).map((l) => [l.type, l.depth])).toEqual([['layers.Dense', 1], ['layers.Dense', 1]]);
  });
});
