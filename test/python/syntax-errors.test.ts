/**
 * Python with syntax errors (issue 11 §1): tree-sitter's ERROR/MISSING nodes become `syntax-error`
 * diagnostics, the recovered statements still run, and nothing is computed from a tensor a broken
 * statement was about to replace. Expected shapes: Keras' VALID conv rule out = in - k + 1
 * (keras-team/keras, keras/src/ops/operation_utils.py, compute_conv_output_shape); Dense acts on
 * the last axis only (keras/src/layers/core/dense.py, compute_output_shape). CPython rejects a NUL
 * byte in source ("source code cannot contain null bytes", Parser/tokenizer.c).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer, atLine, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const GOOD = `from tensorflow.keras import layers, Input
inp = Input(shape=(32, 32, 3))
x = layers.Conv2D(8, 3)(inp)
x = layers.Conv2D(8, 3)(x)
x = layers.Conv2D(16, 3)(x)
y = layers.Dense(4)(inp)
`;

const syntaxErrors = (r: AnalysisResult) => r.diagnostics.filter((d) => d.code === 'syntax-error');

/** Whether a shape has a known number anywhere but the batch axis. */
const anyKnownSize = (shape: (number | string | null)[] | null) => shape !== null && shape.slice(1, -1).some((d) => typeof d === 'number');

describe('a call not yet closed', () => {
  it('the complete file: 30, 28, 26 (no syntax error)', () => {
    const r = analyze(GOOD);
    expect(syntaxErrors(r)).toEqual([]);
    expect([3, 4].map((l) => shapeOf(atLine(r, l)[0]))).toEqual([
      [null, 28, 28, 8],
      [null, 26, 26, 16],
    ]);
  });

  it('is an error at the broken line; what follows from it is unknown, never a shape from the older tensor', () => {
    const r = analyze(GOOD.replace('layers.Conv2D(8, 3)(x)', 'layers.Conv2D(8, 3)(x'));
    const errors = syntaxErrors(r);
    expect(errors.map((d) => [d.range.start.line, d.severity])).toEqual([[3, 'error']]);
    expect(errors[0]!.message).toMatch(/^Syntax error: .+ \(line 4, column 1\)$/);
    // Before the break: as before. After it: x is unknown, so no 28 (nor the stale 30).
    expect(shapeOf(atLine(r, 2)[0])).toEqual([null, 30, 30, 8]);
    const after = atLine(r, 4)[0];
    expect(after?.type).toBe('layers.Conv2D');
    expect(anyKnownSize(shapeOf(after))).toBe(false);
    expect(after?.params).toBeNull();
    // A statement that does not depend on the broken one keeps its shape.
    expect(shapeOf(atLine(r, 5)[0])).toEqual([null, 32, 32, 4]);
  });

  it('inside a function body: the function still exists, the statements after the break do not guess', () => {
    const r = analyze(`from tensorflow.keras import layers, Input
def block(x):
    x = layers.Conv2D(8, 3)(x)
    x = layers.Conv2D(8, 3)(x
    return layers.Conv2D(4, 1)(x)

out = block(Input(shape=(32, 32, 3)))
z = layers.Dense(2)(Input(shape=(5,)))
`);
    expect(syntaxErrors(r).length).toBeGreaterThan(0);
    expect(shapeOf(atLine(r, 7)[0])).toEqual([null, 2]);
    expect(shapeOf(atLine(r, 2)[0])).toEqual([null, 30, 30, 8]);
    const dependent = r.layers.filter((l) => (l.range.start.line >= 3 && l.range.start.line <= 4) || l.outputs.some((o) => o.name === 'out'));
    for (const l of dependent) expect(anyKnownSize(shapeOf(l))).toBe(false);
  });

  it('a broken model.add: the model is unknown from there on, not one layer short', () => {
    const r = analyze(`from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential()
model.add(keras.Input(shape=(32, 32, 3)))
model.add(layers.Conv2D(8, 3)
model.add(layers.Conv2D(16, 3))
`);
    expect(syntaxErrors(r).length).toBeGreaterThan(0);
    for (const l of r.layers.filter((l) => l.range.start.line === 5)) expect(anyKnownSize(shapeOf(l))).toBe(false);
  });
});

describe('a NUL byte', () => {
  it('is a syntax error; the tensor the broken statement assigns is unknown afterwards', () => {
    const r = analyze(`from tensorflow.keras import layers, Input
inp = Input(shape=(32, 32, 3))
x = layers.Conv2D(8, 3)(inp)\0
y = layers.Conv2D(4, 3)(x)
`);
    expect(syntaxErrors(r).map((d) => d.range.start.line)).toContain(2);
    for (const l of r.layers.filter((l) => l.range.start.line === 3)) expect(anyKnownSize(shapeOf(l))).toBe(false);
  });
});
