/**
 * A free name that is not one of Python's builtins is unknown, whatever it is called. Names that
 * are properties of every JavaScript object (`__proto__`, `constructor`, `toString`, …) are not
 * Python builtins (https://docs.python.org/3/library/functions.html lists them all), so reading
 * one (as a name, an `isinstance` type or a `math` attribute) must not stop the analysis: the
 * layers after it keep their rows.
 * Dense's output shape: keras-team/keras keras/src/layers/core/dense.py, Dense.compute_output_shape
 * (the last axis becomes `units`); its params: Dense.build, kernel (input_shape[-1], units) plus a
 * bias (units,): 8 * 4 + 4 = 36.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

describe('free names that JavaScript objects have as properties', () => {
  for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
    it(`${name} is an unknown name, and the layers after it still get rows`, () => {
      const r = analyze(`import math
from tensorflow import keras
x = keras.Input((8,))
a = ${name}
b = ${name}(3)
c = isinstance(x, ${name})
d = math.${name}(2)
y = keras.layers.Dense(4)(x)
z = keras.layers.Dense(4)(b)
`);
      const dense = ofType(r, 'keras.layers.Dense');
      expect(dense.length).toBe(2);
      expect(shapeOf(dense[0])).toEqual([null, 4]);
      expect(dense[0]!.params).toBe(36);
      // Applied to an unknown value: a row, its shape not invented.
      expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
    });
  }
});

describe('type(x)', () => {
  // Python: `type(obj)` returns the object's type, and the builtin types are single objects, so
  // `type(n) is list` is False for an int and True for a list (docs.python.org/3/library/functions.html#type).
  // Here that picks the branch as titu1994's DenseNet does with `nb_layers_per_block`: 3 blocks, each
  // concatenating 12 channels onto 3 (keras/src/layers/merging/concatenate.py: the axis sizes add).
  const DENSE = (n: string) => `from tensorflow.keras.layers import Input, Conv2D, concatenate
n = ${n}
if type(n) is list or type(n) is tuple:
    count = len(n)
else:
    count = 3
x = Input(shape=(32, 32, 3))
for i in range(count):
    x = concatenate([x, Conv2D(12, 3, padding='same')(x)])
`;
  const channels = (r: AnalysisResult) => ofType(r, 'concatenate').map((l) => shapeOf(l)?.[3]);
  it('decides `type(x) is list` on known values: an int takes the else branch, a list its length', () => {
    expect(channels(analyze(DENSE('-1')))).toEqual([15, 27, 39]);
    expect(channels(analyze(DENSE('[1, 2]')))).toEqual([15, 27]);
    expect(channels(analyze(DENSE('(1, 2, 3, 4)')))).toEqual([15, 27, 39, 51]);
  });
  it('type(3) == int, type(2.5) is not int; a value of unknown type decides nothing', () => {
    const r = analyze(`import mylib
from tensorflow import keras
x = keras.Input((8,))
a = keras.layers.Dense(8 if type(3) == int else 4)(x)
b = keras.layers.Dense(8 if type(2.5) is int else 4)(x)
c = keras.layers.Dense(8 if type(mylib.n()) is list else 4)(x)
`);
    expect(ofType(r, 'keras.layers.Dense').map(shapeOf)).toEqual([[null, 8], [null, 4], [null, null]]);
  });
});
