/**
 * A list changed in place by a method whose effect is not fully known (issue 8): the length and
 * items are what every path that goes on agrees on, for every name and container holding the list
 * (one object). Python's semantics: docs.python.org/3/library/stdtypes.html § Mutable Sequence Types
 * (`s.extend(t)` / `s += t` append t's items, `s.insert(i, x)` adds one item and clamps i,
 * `s.pop([i])` and `s.remove(x)` take one away or raise, `s.reverse()`, `list.sort`), § Mapping
 * Types (`d.pop`, `d.popitem` LIFO since 3.7, `d.clear`). Each size is read back through
 * `Dense(len(xs))`, whose output width is its `units`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

/** The widths of the Dense layers, in order: `units` read back. */
const widths = (code: string) => ofType(analyze(`from tensorflow import keras\nx = keras.Input(shape=(3,))\n${code}`), 'keras.layers.Dense').map((l) => shapeOf(l)![1]);

describe('a list extended by something of unknown length', () => {
  it('xs.extend(unknown): the length is unknown for every name and attribute holding the list', () => {
    expect(
      widths(`
class Box:
  pass
b = Box()
xs = [1, 2]
b.held = xs
ys = xs
xs.extend(make_more())
keras.layers.Dense(len(xs))(x)
keras.layers.Dense(len(ys))(x)
keras.layers.Dense(len(b.held))(x)
xs.append(4)
keras.layers.Dense(len(xs))(x)
`),
    ).toEqual([null, null, null, null]);
  });

  it('xs += unknown: the same list, so an alias sees it too; a known extension still counts', () => {
    expect(
      widths(`
xs = [1, 2]
alias = xs
xs += [3]
keras.layers.Dense(len(alias))(x)
xs += 'ab'
keras.layers.Dense(len(alias))(x)
xs += make_more()
keras.layers.Dense(len(alias))(x)
`),
    ).toEqual([3, 5, null]);
  });

  it('inside a function whose call is kept (memo): a second call with another list still changes that list', () => {
    expect(
      widths(`
def grow(xs):
  xs.extend(make_more())
a = [1]
grow(a)
b = [1]
grow(b)
keras.layers.Dense(len(b))(x)
`),
    ).toEqual([null]);
  });
});

describe('a dict looked up by a key not known', () => {
  // Python: d[k] is the value under k or raises KeyError, so where the code goes on it is one of
  // the values (docs.python.org/3/library/stdtypes.html § Mapping Types, `d[key]`).
  it('one of the values: what they agree on (len of lists of one length)', () => {
    expect(
      widths(`
choices = {18: [2, 2, 2, 2], 50: [3, 4, 6, 3], 101: [3, 4, 23, 3]}
sizes = choices[size_from_flags()]
keras.layers.Dense(len(sizes))(x)
keras.layers.Dense(sizes[0])(x)
keras.layers.Dense({'a': 8, 'b': 8}[pick()])(x)
`),
    ).toEqual([4, null, 8]);
  });

  it('unknown where the dict may hold entries the analysis could not key', () => {
    expect(
      widths(`
d = {'a': 8}
d[some_key()] = 3
keras.layers.Dense(d[pick()])(x)
e = {'a': 8}
e.update(pairs())
keras.layers.Dense(e[pick()])(x)
f = dict(e, b=8)
keras.layers.Dense(f[pick()])(x)
g = {**e}
keras.layers.Dense(g[pick()])(x)
keras.layers.Dense(g['a'])(x)
`),
    ).toEqual([null, null, null, null, 8]);
  });
});

describe('list and dict methods at a position or item not known', () => {
  it('insert, remove and pop change the length by one; reverse, sort and clear as Python does', () => {
    expect(
      widths(`
ws = [1, 2]
ws.insert(k, 3)
keras.layers.Dense(len(ws))(x)
ws.remove(1)
keras.layers.Dense(len(ws))(x)
ws.pop(k)
keras.layers.Dense(len(ws))(x)
ws.insert(99, 8)
keras.layers.Dense(ws[-1])(x)
vs = [5, 6, 7]
vs.reverse()
keras.layers.Dense(vs[0])(x)
vs.sort()
keras.layers.Dense(vs[0])(x)
vs.remove(6)
keras.layers.Dense(len(vs))(x)
vs.clear()
vs.append(9)
keras.layers.Dense(len(vs))(x)
`),
    ).toEqual([3, 2, 1, 8, 7, null, 2, 1]);
  });

  it('dict pop, popitem and clear', () => {
    expect(
      widths(`
d = {'a': 4, 'b': 5, 'c': 6}
keras.layers.Dense(d.pop('a'))(x)
keras.layers.Dense(len(d))(x)
k, v = d.popitem()
keras.layers.Dense(v)(x)
keras.layers.Dense(d.get('c', 7))(x)
d.clear()
keras.layers.Dense(len(d))(x)
`),
    ).toEqual([4, 2, 6, 7, 0]);
  });
});
