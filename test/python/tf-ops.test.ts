/**
 * TensorFlow array ops beyond convolutions (issue 13 §3). Expected shapes are the examples of
 * TensorFlow's own API docs (tensorflow/python/ops/array_ops.py and math_ops.py docstrings, the
 * tf.einsum docs in special_math_ops.py), each named at its test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../server/src/analysis/types.js';
import { dimToJson } from '../../server/src/engine/dim.js';
import { analyzer, outputsNamed, shapeOf } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

function out(r: AnalysisResult, name: string): (number | string | null)[] | null {
  return shapeOf(outputsNamed(r, name).at(-1));
}

/** Every output shape of the call that starts on 0-based `line` (ops with several outputs). */
function outsAt(r: AnalysisResult, line: number): ((number | string | null)[] | null)[] {
  const l = r.layers.find((x) => x.range.start.line === line);
  return l ? l.outputs.map((o) => (o.shape ? o.shape.map(dimToJson) : null)) : [];
}

function codes(r: AnalysisResult): string[] {
  return r.diagnostics.map((d) => `${d.severity}:${d.code}`);
}

describe('matmul, tensordot, einsum', () => {
  it('tf.matmul batch dims (math_ops.py docstring: [2,2,3] @ [2,3,2] → [2,2,2]) and transpose_b', () => {
    const r = analyze(`import tensorflow as tf
a = tf.constant(1.0, shape=[2, 2, 3])
b = tf.constant(1.0, shape=[2, 3, 2])
c = tf.matmul(a, b)
d = tf.matmul(tf.zeros([5, 3]), tf.zeros([4, 3]), transpose_b=True)
e = tf.matmul(tf.zeros([7, 2, 5, 3]), tf.zeros([3, 4]))
`);
    expect(out(r, 'c')).toEqual([2, 2, 2]);
    expect(out(r, 'd')).toEqual([5, 4]);
    // BatchMatMulV2 (TF ≥ 1.14) broadcasts the batch dims of a rank-4 and a rank-2 operand.
    expect(out(r, 'e')).toEqual([7, 2, 5, 4]);
    expect(r.diagnostics).toEqual([]);
  });

  it('tf.tensordot axes=1 and axes=[[1],[0]]; tf.einsum matrix product, batch product and transpose (einsum docs)', () => {
    const r = analyze(`import tensorflow as tf
a = tf.zeros([2, 3])
b = tf.zeros([3, 5])
t1 = tf.tensordot(a, b, axes=1)
t2 = tf.tensordot(tf.zeros([4, 3, 2]), b, axes=[[1], [0]])
m = tf.einsum('ij,jk->ik', a, b)
bm = tf.einsum('bij,bjk->bik', tf.zeros([7, 2, 3]), tf.zeros([7, 3, 5]))
tr = tf.einsum('ij->ji', a)
dot = tf.einsum('i,i->', tf.zeros([3]), tf.zeros([3]))
`);
    expect(out(r, 't1')).toEqual([2, 5]);
    expect(out(r, 't2')).toEqual([4, 2, 5]);
    expect(out(r, 'm')).toEqual([2, 5]);
    expect(out(r, 'bm')).toEqual([7, 2, 5]);
    expect(out(r, 'tr')).toEqual([3, 2]);
    expect(out(r, 'dot')).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });

  it('tf.linalg.matrix_transpose swaps the last two axes (array_ops.py docstring: [1, 2, 3, 4] → [1, 2, 4, 3]); tf.transpose reverses all', () => {
    const r = analyze(`import tensorflow as tf
x = tf.zeros([1, 2, 3, 4])
a = tf.linalg.matrix_transpose(x)
b = tf.transpose(x)
c = tf.linalg.matmul(tf.zeros([2, 3]), tf.zeros([3, 5]))
`);
    expect(out(r, 'a')).toEqual([1, 2, 4, 3]);
    expect(out(r, 'b')).toEqual([4, 3, 2, 1]);
    expect(out(r, 'c')).toEqual([2, 5]);
  });
});

describe('split, unstack, gather, one_hot, stack, reductions', () => {
  it('tf.split docstring: x [5, 30] split 3 ways on axis 1 → 3 × [5, 10]; sizes [4, 15, 11] → [5,4], [5,15], [5,11]', () => {
    const r = analyze(`import tensorflow as tf
x = tf.zeros([5, 30])
s0, s1, s2 = tf.split(x, num_or_size_splits=3, axis=1)
p = tf.split(x, [4, 15, 11], 1)
`);
    expect(outsAt(r, 2)).toEqual([[5, 10], [5, 10], [5, 10]]);
    expect(outsAt(r, 3)).toEqual([[5, 4], [5, 15], [5, 11]]);
  });

  it('tf.unstack docstring: (A, B, C, D) on axis 0 → A tensors of (B, C, D); on axis 1 → B of (A, C, D)', () => {
    const r = analyze(`import tensorflow as tf
x = tf.zeros([2, 3, 4, 5])
u = tf.unstack(x)
v = tf.unstack(x, axis=1)
`);
    expect(outsAt(r, 2)).toEqual([[3, 4, 5], [3, 4, 5]]);
    expect(outsAt(r, 3)).toEqual([[2, 4, 5], [2, 4, 5], [2, 4, 5]]);
  });

  it('tf.gather docstring: params.shape[:axis] + indices.shape + params.shape[axis + 1:]', () => {
    const r = analyze(`import tensorflow as tf
params = tf.zeros([4, 5, 6])
g0 = tf.gather(params, [0, 2])
g1 = tf.gather(params, tf.zeros([2, 3], tf.int32), axis=1)
`);
    expect(out(r, 'g0')).toEqual([2, 5, 6]);
    expect(out(r, 'g1')).toEqual([4, 2, 3, 6]);
  });

  it('tf.one_hot docstring: indices [0, 1, 2], depth 3 → (3, 3); [[0, 2], [1, -1]] → (2, 2, 3); axis=0 puts depth first', () => {
    const r = analyze(`import tensorflow as tf
a = tf.one_hot([0, 1, 2], 3)
b = tf.one_hot([[0, 2], [1, -1]], depth=3)
c = tf.one_hot(tf.zeros([4], tf.int32), 10, axis=0)
`);
    expect(out(r, 'a')).toEqual([3, 3]);
    expect(out(r, 'b')).toEqual([2, 2, 3]);
    expect(out(r, 'c')).toEqual([10, 4]);
  });

  it('tf.stack docstring: three (2,) on axis 0 → (3, 2), axis 1 → (2, 3); reduce_sum keepdims; transpose perm', () => {
    const r = analyze(`import tensorflow as tf
x = tf.constant([1, 4])
y = tf.constant([2, 5])
z = tf.constant([3, 6])
s0 = tf.stack([x, y, z])
s1 = tf.stack([x, y, z], axis=1)
k = tf.reduce_sum(tf.zeros([2, 3]), 1, keepdims=True)
t = tf.transpose(tf.zeros([2, 3, 4]), perm=[0, 2, 1])
`);
    expect(out(r, 's0')).toEqual([3, 2]);
    expect(out(r, 's1')).toEqual([2, 3]);
    expect(out(r, 'k')).toEqual([2, 1]);
    expect(out(r, 't')).toEqual([2, 4, 3]);
  });

  it('errors TF raises: split not dividing evenly, squeeze of a non-1 axis, stack of different shapes', () => {
    const r = analyze(`import tensorflow as tf
x = tf.zeros([5, 30])
a = tf.split(x, 4, axis=1)
b = tf.squeeze(x, axis=0)
c = tf.stack([x, tf.zeros([5, 31])])
`);
    expect(codes(r)).toEqual(['error:invalid-split', 'error:invalid-axis', 'error:stack-mismatch']);
  });

  it('bad sizes are errors, never negative sizes: tile multiples −1 ("non-negative"), one_hot depth −5, split size −2', () => {
    const r = analyze(`import tensorflow as tf
x = tf.zeros([4, 6])
a = tf.tile(x, [-1, 2])
b = tf.one_hot([0, 1], -5)
c = tf.split(x, [-2, 8], 1)
d = tf.tile(x, [2, 3])
`);
    expect(codes(r)).toEqual(['error:invalid-parameter', 'error:invalid-parameter', 'error:invalid-split']);
    expect(out(r, 'd')).toEqual([8, 18]);
    for (const l of r.layers) for (const o of l.outputs) for (const dim of o.shape ?? []) if (typeof dim === 'number') expect(dim).toBeGreaterThanOrEqual(0);
  });
});

describe('slicing and broadcasting', () => {
  it('x[:, 1:, ::2] and x[..., None]: Python slice lengths on known sizes, symbolic ones on declared None sizes (H − 1, ceil(W/2))', () => {
    const r = analyze(`import tensorflow as tf
k = tf.zeros([8, 10, 11, 3])
a = tf.identity(k[:, 1:, ::2])
b = tf.identity(k[..., None])
c = tf.identity(k[:, :-2, 3])
s = tf.placeholder(tf.float32, [None, None, None, 3])
d = tf.identity(s[:, 1:, ::2])
`);
    expect(out(r, 'a')).toEqual([8, 9, 6, 3]);
    expect(out(r, 'b')).toEqual([8, 10, 11, 3, 1]);
    expect(out(r, 'c')).toEqual([8, 8, 3]);
    expect(out(r, 'd')).toEqual([null, 'H - 1', 'ceil(W/2)', 3]);
  });

  it('NumPy broadcasting docs: (8, 1, 6, 1) with (7, 1, 5) → (8, 7, 6, 5); (5, 4) with (1,) → (5, 4)', () => {
    const r = analyze(`import tensorflow as tf
a = tf.identity(tf.zeros([8, 1, 6, 1]) * tf.zeros([7, 1, 5]))
b = tf.add(tf.zeros([5, 4]), tf.zeros([1]))
`);
    expect(out(r, 'a')).toEqual([8, 7, 6, 5]);
    expect(out(r, 'b')).toEqual([5, 4]);
    expect(r.diagnostics).toEqual([]);
  });
});
