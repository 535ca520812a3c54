/**
 * Two things an analysis with no caller cannot decide (issue 8 §1, TensorFlow's official ResNet):
 * which of a few functions a name holds (`self.block_fn` set on both paths of `if bottleneck:`),
 * and how long a parameter's sequence is (`for i, n in enumerate(self.block_sizes)`). The first runs
 * each function, as both paths of an unknown `if` run (Python runs exactly one); the second follows
 * the first iteration, which every non-empty sequence runs first, with the items named after the
 * parameter, then the rest as a loop of unknown length, and the state after it joins the one before
 * (an empty sequence runs no iteration: docs.python.org/3/reference/compound_stmts.html § for).
 * Shapes: Keras Conv2D with padding='same' gives ⌈H/s⌉ (TF GetWindowedOutputSizeVerbose, SAME),
 * MaxPooling2D() halves (pool_size 2, strides = pool_size, 'valid'), Dense sets the last axis.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, ofType, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const HEADER = 'from tensorflow import keras\nfrom tensorflow.keras import layers\n';
const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

describe('a name holding one of a few functions', () => {
  const choice = (wide: string, narrow: string) => `${HEADER}
def wide(x):
${wide}
def narrow(x):
${narrow}
x = keras.Input(shape=(32, 32, 3))
if flag:
  fn = wide
else:
  fn = narrow
y = fn(x)
z = layers.MaxPooling2D()(y)
n = 3 if fn is wide else 4
d = layers.Dense(n)(z)
`;

  it('a call runs each: their rows, and what they agree on after it', () => {
    const r = analyze(choice("  return layers.Conv2D(64, 3, padding='same')(x)", "  return layers.Conv2D(16, 3, padding='same')(x)"));
    expect(ofType(r, 'layers.Conv2D').map(shapeOf)).toEqual([
      [null, 32, 32, 64],
      [null, 32, 32, 16],
    ]);
    expect(shapeOf(ofType(r, 'wide | narrow')[0])).toEqual([null, 32, 32, null]);
    expect(shapeOf(ofType(r, 'layers.MaxPooling2D')[0])).toEqual([null, 16, 16, null]);
    // `fn is wide` is not decided: Dense's width is 3 or 4.
    expect(shapeOf(ofType(r, 'layers.Dense')[0])).toEqual([null, 16, 16, null]);
    expect(alarms(r)).toEqual([]);
  });

  it('a function that changes state it was not given is not run twice: the call is unknown', () => {
    const r = analyze(choice("  seen.append(x)\n  return layers.Conv2D(64, 3, padding='same')(x)", "  return layers.Conv2D(16, 3, padding='same')(x)").replace('x = keras.Input', 'seen = []\nx = keras.Input'));
    expect(ofType(r, 'wide | narrow')).toEqual([]);
    // Nothing ran them, so each is analysed on its own (entry-points.ts): symbolic sizes.
    expect(ofType(r, 'layers.Conv2D').map(shapeOf)).toEqual([
      ['N', 'H', 'W', 64],
      ['N', 'H', 'W', 16],
    ]);
  });

  it('the same method on both paths is that method', () => {
    const r = analyze(`${HEADER}
class Block:
  def apply(self, x):
    return layers.Conv2D(8, 3, strides=2, padding='same')(x)
b = Block()
if flag:
  f = b.apply
else:
  f = b.apply
y = f(keras.Input(shape=(32, 32, 3)))
`);
    expect(ofType(r, 'apply').map(shapeOf)).toEqual([[null, 16, 16, 8]]);
  });
});

describe("a loop over a parameter's sequence in code nothing calls", () => {
  it('the first iteration with the items named after the parameter, one note, no alarm', () => {
    const src = `${HEADER}
def build(x, widths, strides):
  for i, w in enumerate(widths):
    x = layers.Conv2D(w, 3, strides=strides[i], padding='same')(x)
  return x
`;
    const r = analyze(src);
    expect(ofType(r, 'layers.Conv2D').map(shapeOf)).toEqual([['N', 'ceil(H/strides[0])', 'ceil(W/strides[0])', 'widths[0]']]);
    expect(r.diagnostics.filter((d) => d.code === 'loop-length-unknown').map((d) => [d.range.start.line, d.severity, d.message])).toEqual([
      [src.split('\n').findIndex((l) => l.includes('enumerate(widths)')), 'information', 'widths comes from a parameter with no default, and nothing in this file calls this code, so how many items it has is unknown: the first iteration is followed with (0, widths[0]), the later ones show only what holds on every iteration'],
    ]);
    expect(alarms(r)).toEqual([]);
  });

  it('after the loop, a name it set joins its value before (the sequence may be empty)', () => {
    const r = analyze(`${HEADER}
def head(widths):
  n = 7
  for w in widths:
    n = w
  return layers.Dense(n)(keras.Input(shape=(5,)))
def first(widths):
  n = 7
  for w in widths:
    n = w
    break
  return layers.Dense(n)(keras.Input(shape=(5,)))
`);
    expect(ofType(r, 'layers.Dense').map(shapeOf)).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('a known caller still gives exact sizes; a loop with an else clause is not split', () => {
    const r = analyze(`${HEADER}
def build(x, widths):
  for w in widths:
    x = layers.Dense(w)(x)
  else:
    x = layers.Dense(3)(x)
  return x
`);
    expect(r.diagnostics.filter((d) => d.code === 'loop-length-unknown')).toEqual([]);
    const called = analyze(`${HEADER}
def build(x, widths):
  for w in widths:
    x = layers.Dense(w)(x)
  return x
y = build(keras.Input(shape=(5,)), [8, 4])
`);
    expect(ofType(called, 'layers.Dense').map(shapeOf)).toEqual([
      [null, 8],
      [null, 4],
    ]);
    expect(called.diagnostics.filter((d) => d.code === 'loop-length-unknown')).toEqual([]);
  });
});

describe("the parts of a parameter in code nothing calls (flags, an Estimator's params)", () => {
  it('an attribute or a string item is named after where it comes from; data_format is the setting, with a note', () => {
    const src = `${HEADER}
def train(flags_obj, params):
  x = keras.Input(shape=(flags_obj.image_size, params['width'], 3))
  y = layers.Conv2D(int(flags_obj.filters), 3, data_format=params['data_format'])(x)
  return y
`;
    const r = analyze(src);
    expect(shapeOf(ofType(r, 'keras.Input')[0])).toEqual([null, 'flags_obj.image_size', "params['width']", 3]);
    // Conv2D 'valid' 3×3: each spatial size − 2 (channels_last, the default setting).
    expect(shapeOf(ofType(r, 'layers.Conv2D')[0])).toEqual([null, 'flags_obj.image_size - 2', "params['width'] - 2", 'flags_obj.filters']);
    expect(r.diagnostics.map((d) => [d.severity, d.code, d.message])).toEqual([
      ['information', 'entry-point-data-format', "params['data_format'] is analysed as 'channels_last', the image_data_format setting (train is analysed on its own: nothing in this file calls it)"],
    ]);
  });
});
