/**
 * What a list or dict holds after `xs[a:b] = ys` and `del xs[i]` / `del d[k]`, read through len():
 * exact where Python's rule gives the number, unknown where it does not, never the stale count.
 * Python's rules: https://docs.python.org/3/library/stdtypes.html#mutable-sequence-types
 * (`s[i:j] = t`: the slice is replaced by the contents of t; `del s[i]`: the item is removed;
 * `s.pop(i)`: retrieves the item at i and removes it; IndexError when i is out of range) and
 * #mapping-types-dict (`del d[key]`: d[key] is removed).
 * Dense's output shape: keras-team/keras keras/src/layers/core/dense.py, Dense.compute_output_shape
 * (the last axis becomes `units`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

/** The output shape of Dense(len(xs)) after `lines` ran. */
function denseOfLen(lines: string): (number | string | null)[] | null {
  const r = analyze(`import foo
from tensorflow import keras
x = keras.Input((8,))
${lines}
y = keras.layers.Dense(len(xs))(x)
`);
  return shapeOf(ofType(r, 'keras.layers.Dense')[0]);
}

describe('item stores and deletions change what len() reads', () => {
  it('del xs[i] with a known i removes one item (negative i from the end)', () => {
    expect(denseOfLen('xs = [1, 2, 3]\ndel xs[0]')).toEqual([null, 2]);
    expect(denseOfLen('xs = [1, 2, 3]\ndel xs[-1], xs[0]')).toEqual([null, 1]);
  });
  it('del d[k] with a known key removes that entry', () => {
    expect(denseOfLen("xs = {'a': 1, 'b': 2}\ndel xs['a']")).toEqual([null, 1]);
  });
  it('del xs[i] with an unknown i or a slice: the length is unknown, not the old one', () => {
    expect(denseOfLen('xs = [1, 2, 3]\ndel xs[foo.i]')).toEqual([null, null]);
    expect(denseOfLen('xs = [1, 2, 3]\ndel xs[1:]')).toEqual([null, null]);
    expect(denseOfLen("xs = {'a': 1}\ndel xs[foo.k]")).toEqual([null, null]);
  });
  it('a slice assignment may change the length: unknown, not the old one', () => {
    expect(denseOfLen('xs = [1, 2, 3]\nxs[1:] = [9]')).toEqual([null, null]);
  });
  it('pop(i) out of range removes nothing (Python raises IndexError; caught, the list is as it was)', () => {
    expect(denseOfLen('xs = [1, 2, 3]\ntry:\n    xs.pop(-10)\nexcept IndexError:\n    pass')).toEqual([null, 3]);
    expect(denseOfLen('xs = [1, 2, 3]\nxs.pop(-3)')).toEqual([null, 2]);
  });
  it('an item assignment keeps the length', () => {
    expect(denseOfLen('xs = [1, 2, 3]\nxs[foo.i] = 9')).toEqual([null, 3]);
  });
});
