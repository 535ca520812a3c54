/**
 * The front end never runs user code, never throws, always terminates, and never invents shapes.
 */
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import type { PythonOptions } from '../../server/src/python/analyze.js';
import { analyzer, outputsNamed, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

describe('no effects outside the interpreter', () => {
  it('os.system, open, exec, eval, subprocess and __import__ calls do nothing', () => {
    const marker = join(tmpdir(), `shapelens-python-${process.pid}-${Date.now()}`);
    rmSync(marker, { force: true });
    const src = `import os, subprocess
from tensorflow.keras import layers
os.system('touch ${marker}')
open('${marker}', 'w').write('x')
exec("open('${marker}', 'w')")
eval("__import__('os').system('touch ${marker}')")
subprocess.run(['touch', '${marker}'])
__import__('os').makedirs('${marker}')
n = len(open('${marker}').read())
x = layers.Input(shape=(8,))
y = layers.Dense(4)(x)
z = layers.Dense(n)(y)
`;
    const r = analyze(src);
    expect(existsSync(marker)).toBe(false);
    expect(shapeOf(outputsNamed(r, 'y')[0])).toEqual([null, 4]);
    // n comes from reading a file: unknown, so z's width is unknown — not invented.
    expect(shapeOf(outputsNamed(r, 'z')[0])).toEqual([null, null]);
  });
});

describe('unknown code', () => {
  it('values from code it does not understand stay unknown from there on', () => {
    const src = `from tensorflow.keras import layers
import mylib
from .helpers import make_block
x = layers.Input(shape=(32, 32, 3))
y = mylib.preprocess(x)
z = layers.Conv2D(8, 3)(y)
w = make_block(x)
k = layers.Dense(mylib.WIDTH)(layers.Flatten()(x))
`;
    const r = analyze(src);
    // Conv2D forces rank 4: the spatial sizes are symbolic, never numbers.
    expect(shapeOf(outputsNamed(r, 'z')[0])).toEqual(['N', 'H - 2', 'W - 2', 8]);
    expect(outputsNamed(r, 'w')).toEqual([]);
    expect(shapeOf(outputsNamed(r, 'k')[0])).toEqual([null, null]);
  });
});

describe('syntax errors', () => {
  it('parts that parse still get shapes', () => {
    const src = `from tensorflow.keras import layers
x = layers.Input(shape=(28, 28, 1))
a = layers.Conv2D(8, 3)(x)
b = layers.Conv2D(8, 3)(a
c = layers.MaxPooling2D()(a)
def broken(:
    pass
d = layers.Flatten()(c)
`;
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'a')[0])).toEqual([null, 26, 26, 8]);
    expect(shapeOf(outputsNamed(r, 'c')[0])).toEqual([null, 13, 13, 8]);
    expect(shapeOf(outputsNamed(r, 'd')[0])).toEqual([null, 1352]);
  });

  it('garbage does not throw', () => {
    for (const src of ['(((((', 'def', 'x = [1, 2', '\u0000\u0001', 'class A(:\n  def f(self', 'lambda: ' + '('.repeat(200), '']) {
      expect(() => analyze(src)).not.toThrow();
    }
  });
});

describe('deep nesting', () => {
  it('brackets nested far deeper than CPython allows (200) neither throw nor stop the statements after them', () => {
    // Shapes: Conv2D 3×3 valid on 28×28 gives 26 (keras conv_utils.conv_output_length).
    for (const depth of [300, 3000, 50_000]) {
      const src = `from tensorflow.keras import layers
x = layers.Input(shape=(28, 28, 1))
y = ${'('.repeat(depth)}x${')'.repeat(depth)}
w = ${'['.repeat(depth)}1${']'.repeat(depth)}
a = layers.Conv2D(8, 3)(x)
`;
      let r: AnalysisResult | undefined;
      expect(() => (r = analyze(src))).not.toThrow();
      expect(shapeOf(outputsNamed(r!, 'a')[0])).toEqual([null, 26, 26, 8]);
    }
  });
});

describe('termination', () => {
  it('unbounded recursion, huge loops and infinite while loops end quickly', () => {
    const src = `from tensorflow.keras import layers
def f(x):
    return f(layers.Dense(4)(x))
def g(n):
    return g(n + 1) + g(n + 2)
x = layers.Input(shape=(8,))
y = f(x)
g(0)
for i in range(10 ** 12):
    x = layers.Dense(8)(x)
while True:
    pass
n = 0
while n >= 0:
    n += 1
z = layers.Dense(2)(x)
`;
    // Termination is the point: vitest's test timeout fails this if the loops do not end.
    const r = analyze(src);
    expect(shapeOf(outputsNamed(r, 'z')[0])).toEqual([null, 2]);
  });

  it('a loop whose trip count is unknown shows only what holds on every iteration', () => {
    const src = `import sys
from tensorflow.keras import layers
x = layers.Input(shape=(64, 64, 3))
for _ in range(int(sys.argv[1])):
    x = layers.Conv2D(16, 3, strides=2, padding='same')(x)
y = x
`;
    const r = analyze(src);
    const convs = r.layers.filter((l) => l.type === 'layers.Conv2D');
    expect(convs.map((l) => shapeOf(l))).toEqual([[null, null, null, 16]]);
  });
});

describe('long files', () => {
  // Speed is measured by `npm run bench`, not asserted here.
  it('a 2,000-line model file gets a shape on every layer line', () => {
    // A long functional-API file: helpers defined once, then straight-line layers with the odd
    // helper call, blank line and comment — roughly one layer application per line.
    const lines = [
      'import tensorflow as tf',
      'from tensorflow.keras import layers, Model',
      '',
      'def conv_bn(x, filters, kernel=3, strides=1, name=None):',
      "    x = layers.Conv2D(filters, kernel, strides=strides, padding='same', use_bias=False)(x)",
      '    x = layers.BatchNormalization()(x)',
      "    return layers.Activation('relu')(x)",
      '',
      'def residual(x, filters, strides=1):',
      '    shortcut = x',
      '    y = conv_bn(x, filters, strides=strides)',
      "    y = layers.Conv2D(filters, 3, padding='same')(y)",
      '    if strides > 1 or x.shape[-1] != filters:',
      '        shortcut = layers.Conv2D(filters, 1, strides=strides)(x)',
      '    return layers.add([shortcut, y])',
      '',
      'inputs = layers.Input(shape=(224, 224, 3))',
      'x = conv_bn(inputs, 32, strides=2)',
    ];
    let i = 0;
    while (lines.length < 1997) {
      const f = 32 * 2 ** (Math.floor(i / 400) % 4);
      const s = i % 400 === 0 && i > 0 ? 2 : 1;
      if (i % 40 === 0) lines.push('', `# stage ${i}`, `x = residual(x, ${f}, strides=${s})`);
      else if (i % 3 === 0) lines.push(`x = layers.Conv2D(${f}, 3, padding='same', name='c${i}')(x)`);
      else if (i % 3 === 1) lines.push(`x = layers.BatchNormalization(name='bn${i}')(x)`);
      else lines.push(`x = layers.Activation('relu', name='relu${i}')(x)`);
      i++;
    }
    lines.push('x = layers.GlobalAveragePooling2D()(x)', 'outputs = layers.Dense(1000)(x)', 'model = Model(inputs, outputs)');
    const src = lines.join('\n') + '\n';
    const r = analyze(src);
    expect(lines.length).toBeGreaterThanOrEqual(2000);
    expect(r.layers.length).toBeGreaterThan(1900);
    expect(shapeOf(outputsNamed(r, 'outputs')[0])).toEqual([null, 1000]);
  });
});

describe('an internal error', () => {
  // The interpreter is written not to throw; a throw (simulated here from the cancellation check,
  // which the interpreter calls every 128 steps) keeps the rows found before it and says where it
  // stopped, as a budget does: nothing vanishes silently.
  it('keeps the rows before it and gives one information note at the statement it stopped in', () => {
    const run = analyze as (src: string, options: PythonOptions) => AnalysisResult;
    let checks = 0;
    const cancelled = () => {
      if (++checks > 1) throw new Error('simulated');
      return false;
    };
    const r = run('from tensorflow import keras\nx = keras.Input(shape=(8,))\ny = keras.layers.Dense(4)(x)\nfor i in range(300):\n    z = i * 2\nw = keras.layers.Dense(2)(y)\n', { cancelled });
    expect(r.layers.map(shapeOf)).toEqual([[null, 8], [null, 4]]);
    expect(r.diagnostics.map((d) => [d.range.start.line, d.severity, d.code, d.message.slice(0, 56)])).toEqual([
      [3, 'information', 'internal-error', 'Shape Lens stopped here on an internal error (simulated)'],
    ]);
  });
});
