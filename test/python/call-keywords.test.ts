/**
 * An unexpected keyword to a user function or class (issue 8 §6, server/src/python/call-keywords.ts).
 * Expected behaviour: CPython raises `TypeError: f() got an unexpected keyword argument 'filter'`
 * when a keyword names no parameter and there is no `**kwargs` (Python/ceval.c, the "unexpected
 * keyword argument" error; Python 3.13 adds "Did you mean 'filters'?", Python/suggestions.c).
 * Keras' `Layer.__call__` drops `training` for a `call` that does not take it (tf.keras 2
 * keras/engine/base_layer.py · `_expects_training_arg`; Keras 3 keras/src/layers/layer.py · CallSpec),
 * so a custom layer's `call` is never checked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { analyzer } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const alarms = (r: AnalysisResult) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');

const BLOCK = `import tensorflow as tf
from tensorflow.keras import layers

def conv_block(x, filters, kernel_size=3):
    return layers.Conv2D(filters, kernel_size, padding='same')(x)

inputs = tf.keras.Input((32, 32, 3))
`;

describe('unexpected keyword to a user function', () => {
  it('is an error at the keyword, with the close parameter as the fix (the one TypeError: no missing-argument too)', () => {
    const r = analyze(`${BLOCK}x = conv_block(inputs, filter=16)\n`);
    const [d] = alarms(r);
    expect(alarms(r)).toHaveLength(1);
    expect(d).toMatchObject({ severity: 'error', code: 'unexpected-keyword' });
    expect(d!.message).toBe("conv_block() got an unexpected keyword argument 'filter' (TypeError at run time); did you mean 'filters'?");
    // At `filter`, line 8 (0-based 7), from column 23.
    expect(d!.range.start).toEqual({ line: 7, character: 23 });
    expect(d!.fixes?.[0]?.edits[0]?.newText).toBe('filters');
  });

  it('no close name: the error without a fix', () => {
    const r = analyze(`${BLOCK}x = conv_block(inputs, 16, activation='relu')\n`);
    expect(alarms(r).map((d) => [d.code, d.message])).toEqual([["unexpected-keyword", "conv_block() got an unexpected keyword argument 'activation' (TypeError at run time)"]]);
    expect(alarms(r)[0]!.fixes ?? []).toEqual([]);
  });

  it("the guess is CPython 3.13's (Python/suggestions.c: edit cost 2 per letter, bound (len + len + 3)·2/6): none for a one-letter name", () => {
    const r = analyze('def f(a, data_format=None):\n    return a\n\nf(1, b=2)\nf(1, dataformat=2)\n');
    expect(alarms(r).map((d) => d.message)).toEqual([
      "f() got an unexpected keyword argument 'b' (TypeError at run time)",
      "f() got an unexpected keyword argument 'dataformat' (TypeError at run time); did you mean 'data_format'?",
    ]);
  });

  it('a class: its __init__ names the error', () => {
    const r = analyze(`class Head:
    def __init__(self, units):
        self.units = units

h = Head(unit=10)
`);
    expect(alarms(r).map((d) => d.message)).toEqual(["Head.__init__() got an unexpected keyword argument 'unit' (TypeError at run time); did you mean 'units'?"]);
  });

  it.each([
    ['**kwargs takes any keyword', 'def f(x, **kwargs):\n    return x\n\nf(1, filter=3)\n'],
    ['typed **kwargs too', 'def f(x, **kwargs: int):\n    return x\n\nf(1, filter=3)\n'],
    ['keyword-only and defaulted parameters are keywords', 'def f(x, *args, scale=1.0, name=None):\n    return x\n\nf(1, scale=2.0, name="a")\n'],
    ['a decorated function may take other arguments', 'import functools\n\ndef deco(fn):\n    @functools.wraps(fn)\n    def wrapper(*a, **k):\n        return fn(*a)\n    return wrapper\n\n@deco\ndef f(x):\n    return x\n\nf(1, filter=3)\n'],
    ['a decorated class (dataclass-like) has another __init__', 'import dataclasses\n\n@dataclasses.dataclass\nclass P:\n    def __init__(self, a):\n        self.a = a\n\nP(1, b=2)\n'],
    ['a call inside a function nobody calls is not certainly made', 'def f(x):\n    return x\n\ndef g():\n    return f(1, filter=3)\n'],
  ])('no alarm: %s', (_what, src) => {
    expect(alarms(analyze(src))).toEqual([]);
  });

  it("no alarm: a Keras layer's call gets `training` from Layer.__call__ only when it takes it", () => {
    const r = analyze(`import tensorflow as tf
from tensorflow.keras import layers

class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)

    def call(self, x):
        return self.dense(x)

inputs = tf.keras.Input((8,))
y = Block(4, name='block')(inputs, training=True)
`);
    expect(alarms(r)).toEqual([]);
  });
});
