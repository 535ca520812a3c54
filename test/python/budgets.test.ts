/**
 * Budgets say where they stopped (issue 11 §3): every budget that cuts the analysis short leaves
 * one information diagnostic where it happened, and nothing after it is an error or a warning.
 * The limits are ../../server/src/python/interp.ts LIMITS (unroll 1,000, depth 24, steps 200,000).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzer } from './helpers.js';
import type { AnalysisResult } from '../../server/src/analysis/types.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const notes = (r: AnalysisResult, code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => [d.range.start.line, d.severity]);

describe('budget notes', () => {
  it('while True: stopped after 1,000 iterations, at the loop', () => {
    const r = analyze(`from tensorflow.keras import layers
x = layers.Input(shape=(8,))
while True:
    x = layers.Dense(8)(x)
`);
    expect(notes(r, 'budget-unroll')).toEqual([[2, 'information']]);
    expect(r.diagnostics.find((d) => d.code === 'budget-unroll')?.message).toMatch(/^stopped after 1,000 iterations/);
  });

  it('a for loop longer than the unroll budget says so at the loop', () => {
    const r = analyze(`from tensorflow.keras import layers
x = layers.Input(shape=(8,))
for i in range(5000):
    x = layers.Dense(8)(x)
`);
    expect(notes(r, 'budget-unroll')).toEqual([[2, 'information']]);
  });

  it('recursion deeper than 24 says so at the call that was not followed', () => {
    const r = analyze(`from tensorflow.keras import layers
def f(x):
    return f(layers.Dense(4)(x))
y = f(layers.Input(shape=(8,)))
`);
    expect(notes(r, 'budget-depth')).toEqual([[2, 'information']]);
    expect(r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning')).toEqual([]);
  });

  it('the step budget says where it ran out; the next top-level statement gets a budget of its own', () => {
    const r = analyze(`from tensorflow.keras import layers
def spin():
    n = 0
    for i in range(1000):
        n = n + len([j + 1 for j in range(900)])
spin()
z = layers.Dense(2)(layers.Input(shape=(8,)))
`);
    expect(notes(r, 'budget-steps').length).toBe(1);
    expect(r.layers.find((l) => l.type === 'layers.Dense')?.outputs[0]?.shape).toEqual([null, 2]);
  });

  it('a loop within the budgets gives no note', () => {
    const r = analyze(`from tensorflow.keras import layers
x = layers.Input(shape=(8,))
for i in range(3):
    x = layers.Dense(8)(x)
`);
    expect(r.diagnostics).toEqual([]);
  });
});
