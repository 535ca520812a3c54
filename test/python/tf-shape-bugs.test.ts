/**
 * The "unaligned tensor" bug classes of TF 1 programs (issue 13 §4; ISSTA'18 study of TensorFlow
 * program bugs), each as a program of our own and its fixed twin, which must get no diagnostic.
 * What TF does with each is cited at the test: the op's shape function or Python-side check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, Diagnostic } from '../../server/src/analysis/types.js';
import { analyzer } from './helpers.js';

let analyze: (src: string) => AnalysisResult;
beforeAll(async () => {
  analyze = await analyzer();
});

const HEAD = `import numpy as np
import tensorflow as tf
x = tf.placeholder(tf.float32, [None, 784])
y_ = tf.placeholder(tf.float32, [None, 10])
`;

/** The diagnostics of HEAD + body; lines are 1-based within the body. */
function run(body: string): { d: Diagnostic; line: number; related: number[] }[] {
  const offset = HEAD.split('\n').length - 1;
  return analyze(HEAD + body).diagnostics.map((d) => ({ d, line: d.range.start.line - offset + 1, related: d.related.map((r) => r.range.start.line - offset + 1) }));
}

function summary(body: string): string[] {
  return run(body).map(({ d, line }) => `${line} ${d.severity} ${d.code}`);
}

describe('matmul / @ / tensordot (math_ops.cc MatMul, BatchMatMulV2: rank ≥ 2, inner dims equal)', () => {
  it('inner dims 784 vs 748: an error naming both shapes and where each operand was made', () => {
    const r = run(`W = tf.Variable(tf.zeros([748, 10]))
logits = tf.matmul(x, W)
`);
    expect(r.map(({ d, line }) => `${line} ${d.severity} ${d.code}`)).toEqual(['2 error matmul-mismatch']);
    expect(r[0]!.d.message).toContain('(None, 784)');
    expect(r[0]!.d.message).toContain('(748, 10)');
    expect(r[0]!.related).toEqual([-1, 1]);
    expect(summary(`W = tf.Variable(tf.zeros([784, 10]))
logits = tf.matmul(x, W)
`)).toEqual([]);
  });

  it('a rank-1 operand: tf.matmul(T [2,2], v [2]) is an error; expand_dims(v, 1) fixes it', () => {
    expect(summary(`T = tf.constant([[1.0, 2.0], [3.0, 4.0]])
v = tf.constant([1.0, 2.0])
Tv = tf.matmul(T, v)
`)).toEqual(['3 error matmul-mismatch']);
    expect(summary(`T = tf.constant([[1.0, 2.0], [3.0, 4.0]])
v = tf.constant([1.0, 2.0])
Tv = tf.matmul(T, tf.expand_dims(v, 1))
`)).toEqual([]);
  });

  it("'@' with inner dims 2 vs 3 and tf.tensordot over axes of 3 vs 4 are errors; the aligned twins are not", () => {
    expect(summary(`a = tf.zeros([5, 2]) @ tf.zeros([3, 1])
b = tf.tensordot(tf.zeros([2, 3]), tf.zeros([4, 5]), axes=1)
`)).toEqual(['1 error matmul-mismatch', '2 error matmul-mismatch']);
    expect(summary(`a = tf.zeros([5, 2]) @ tf.zeros([2, 1])
b = tf.tensordot(tf.zeros([2, 3]), tf.zeros([3, 5]), axes=1)
`)).toEqual([]);
  });

  it('tf.tensordot over (2, 3) against (3, 2): equal element counts, so TF runs but pairs the wrong entries (math_ops.py reshapes to one matmul) — a warning; NumPy rejects it (error)', () => {
    expect(summary(`t = tf.tensordot(tf.zeros([5, 2, 3]), tf.zeros([3, 2, 7]), axes=2)
n = np.tensordot(np.ones((5, 2, 3)), np.ones((3, 2, 7)), axes=2)
`)).toEqual(['1 warning tensordot-mispaired', '2 error matmul-mismatch']);
    expect(summary(`t = tf.tensordot(tf.zeros([5, 2, 3]), tf.zeros([2, 3, 7]), axes=2)
n = np.tensordot(np.ones((5, 2, 3)), np.ones((2, 3, 7)), axes=2)
`)).toEqual([]);
  });

  it('a rank-3 operand against a rank-2 one is not reported: TF ≥ 1.14 broadcasts batch dims, older TF 1 did not', () => {
    expect(summary(`h = tf.matmul(tf.zeros([8, 20, 64]), tf.zeros([64, 10]))
`)).toEqual([]);
  });
});

describe('reshape with -1 (array_ops.reshape: the -1 takes whatever the element count leaves)', () => {
  const CONV = `img = tf.reshape(x, [-1, 28, 28, 1])
h = tf.layers.max_pooling2d(tf.layers.conv2d(img, 32, 5, padding='same'), 2, 2)
h = tf.layers.max_pooling2d(tf.layers.conv2d(h, 64, 5, padding='same'), 2, 2, padding='same')
h = tf.image.resize_images(h, [8, 8])
`;
  it('[N, 8, 8, 64] → [-1, 4*4*64]: a warning that the per-example size 4,096 became 1,024 (the batch becomes 4·N)', () => {
    const r = run(`${CONV}flat = tf.reshape(h, [-1, 4 * 4 * 64])
`);
    expect(r.map(({ d, line }) => `${line} ${d.severity} ${d.code}`)).toEqual(['5 warning reshape-absorbs-batch']);
    expect(r[0]!.d.message).toContain('4,096');
    expect(r[0]!.d.message).toContain('1,024');
    expect(r[0]!.d.message).toContain('(None, 8, 8, 64)');
    expect(r[0]!.related).toEqual([4]);
    expect(summary(`${CONV}flat = tf.reshape(h, [-1, 8 * 8 * 64])
`)).toEqual([]);
  });

  it('a target that fits no batch size (50 × 1000 elements from examples of 4,096) is an error; [50, 4096] is not', () => {
    expect(summary(`${CONV}flat = tf.reshape(h, [50, 1000])
`)).toEqual(['5 error reshape-size-mismatch']);
    expect(summary(`${CONV}flat = tf.reshape(h, [50, 4096])
`)).toEqual([]);
  });

  it('folding whole axes into the batch ([N, T, H] → [-1, H], the RNN-output idiom) is not reported', () => {
    expect(summary(`seq = tf.placeholder(tf.float32, [None, 20, 128])
steps = tf.reshape(seq, [-1, 128])
`)).toEqual([]);
  });
});

describe('element-wise ops and losses', () => {
  it('y [100] − pred [100, 1] broadcasts into [100, 100]: a warning; y of shape [100, 1] is the fix', () => {
    const r = run(`y = tf.placeholder(tf.float32, [100])
pred = tf.layers.dense(tf.zeros([100, 784]), 1)
loss = tf.reduce_mean(tf.square(pred - y))
`);
    expect(r.map(({ d, line }) => `${line} ${d.severity} ${d.code}`)).toEqual(['3 warning vector-column-broadcast']);
    expect(r[0]!.d.message).toContain('(100, 100)');
    expect(r[0]!.related).toEqual([2, 1]);
    expect(summary(`y = tf.placeholder(tf.float32, [100, 1])
pred = tf.layers.dense(tf.zeros([100, 784]), 1)
loss = tf.reduce_mean(tf.square(pred - y))
`)).toEqual([]);
  });

  it('y [None] − pred [None, 1]: the lengths are not known to be equal, so information only', () => {
    expect(summary(`y = tf.placeholder(tf.float32, [None])
pred = tf.layers.dense(x, 1)
loss = tf.reduce_mean(tf.subtract(pred, y))
`)).toEqual(['3 information vector-column-broadcast']);
  });

  it('sparse_softmax_cross_entropy_with_logits with one-hot labels (nn_ops.py: rank of labels must be rank of logits − 1)', () => {
    expect(summary(`logits = tf.layers.dense(x, 10)
loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y_, logits=logits)
`)).toEqual(['2 error loss-shape-mismatch']);
    expect(summary(`logits = tf.layers.dense(x, 10)
loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.argmax(y_, 1), logits=logits)
`)).toEqual([]);
  });

  it('softmax_cross_entropy_with_logits of 10 labels and 5 logits (SoftmaxCrossEntropyWithLogits shape fn); sigmoid with [N] labels for [N, 1] logits (nn_impl.py)', () => {
    expect(summary(`a = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=tf.layers.dense(x, 5))
b = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.placeholder(tf.float32, [None]), logits=tf.layers.dense(x, 1))
`)).toEqual(['1 error loss-shape-mismatch', '2 error loss-shape-mismatch']);
    expect(summary(`a = tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=tf.layers.dense(x, 10))
b = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.placeholder(tf.float32, [None, 1]), logits=tf.layers.dense(x, 1))
`)).toEqual([]);
  });
});

describe('feed_dict (session.py: "Cannot feed value of shape … for Tensor …")', () => {
  it('a NumPy batch of images (32, 28, 28) fed to x [None, 784] is an error; its reshape to (32, 784) is not', () => {
    const body = (v: string): string => `loss = tf.reduce_mean(tf.layers.dense(x, 10))
sess = tf.Session()
batch = ${v}
sess.run(loss, feed_dict={x: batch, y_: np.zeros((32, 10))})
`;
    const r = run(body('np.zeros((32, 28, 28))'));
    expect(r.map(({ d, line }) => `${line} ${d.severity} ${d.code}`)).toEqual(['4 error feed-shape-mismatch']);
    expect(r[0]!.d.message).toContain('(32, 28, 28)');
    expect(r[0]!.d.message).toContain('(None, 784)');
    expect(summary(body('np.zeros((32, 28, 28)).reshape(32, 784)'))).toEqual([]);
    expect(summary(body('np.zeros((32, 28, 28)).reshape(-1, 28 * 28)'))).toEqual([]);
  });
});

describe('concat and tf.layers on the wrong rank', () => {
  it('tf.concat of (4, 28, 28, 32) and (4, 14, 14, 32) on axis 3 (ConcatV2 shape fn: other dims must match)', () => {
    const r = run(`a = tf.zeros([4, 28, 28, 32])
b = tf.zeros([4, 14, 14, 32])
c = tf.concat([a, b], 3)
`);
    expect(r.map(({ d, line }) => `${line} ${d.severity} ${d.code}`)).toEqual(['3 error concat-mismatch']);
    expect(r[0]!.related).toEqual([1, 2]);
    expect(summary(`a = tf.zeros([4, 28, 28, 32])
b = tf.zeros([4, 28, 28, 32])
c = tf.concat([a, b], 3)
`)).toEqual([]);
  });

  it('tf.layers.conv2d on the flat (None, 784) input is an error; on its reshape to (-1, 28, 28, 1) it is not', () => {
    expect(summary(`h = tf.layers.conv2d(x, 32, 3)
`)).toEqual(['1 error rank-mismatch']);
    expect(summary(`h = tf.layers.conv2d(tf.reshape(x, [-1, 28, 28, 1]), 32, 3)
`)).toEqual([]);
  });

  it('tf.layers.dense on a rank-1 tensor (Dense InputSpec(min_ndim=2), keras/layers/core.py) is an error; on [N, 1] it is not', () => {
    expect(summary(`y = tf.placeholder(tf.float32, [None])
h = tf.layers.dense(y, 10)
`)).toEqual(['2 error rank-mismatch']);
    expect(summary(`y = tf.placeholder(tf.float32, [None, 1])
h = tf.layers.dense(y, 10)
`)).toEqual([]);
  });
});
