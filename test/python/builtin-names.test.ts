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
