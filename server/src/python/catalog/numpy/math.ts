/**
 * NumPy math (reductions, products, element-wise functions) and the `keras.ops` twins
 * (keras/src/ops/numpy.py). Reductions differ in positional order — NumPy's `sum(a, axis, dtype,
 * out, keepdims)`, keras.ops' `sum(x, axis, keepdims)` — so each has its own entry. Rules: ./ops.ts.
 */
import type { OpEntry } from '../types.js';
import { einsumCall, EINSUM_OPERANDS } from '../tf/linalg.js';
import { orSizesProduct } from '../common.js';
import { elementwise, product, reduce, sameShape, twins } from './ops.js';

/** `prod` of a tuple of sizes is that number (../common.ts sizesProduct). */
const reduction = (n: string, what: string) => (n === 'prod' ? orSizesProduct(reduce(what)) : reduce(what));

const REDUCTIONS = ['sum', 'mean', 'max', 'min', 'prod', 'std', 'var', 'amax', 'amin', 'any', 'all', 'argmax', 'argmin'];
/** NumPy's positional parameters of each reduction. */
const NP_REDUCTION_PARAMS: Record<string, string[]> = {
  sum: ['x', 'axis', 'dtype', 'out', 'keepdims'],
  mean: ['x', 'axis', 'dtype', 'out', 'keepdims'],
  prod: ['x', 'axis', 'dtype', 'out', 'keepdims'],
  std: ['x', 'axis', 'dtype', 'out', 'ddof', 'keepdims'],
  var: ['x', 'axis', 'dtype', 'out', 'ddof', 'keepdims'],
};

const ELEMENTWISE = ['add', 'subtract', 'multiply', 'divide', 'true_divide', 'floor_divide', 'power', 'maximum', 'minimum', 'mod', 'equal', 'not_equal', 'greater', 'less'];
const UNARY = ['exp', 'log', 'sqrt', 'abs', 'absolute', 'square', 'tanh', 'sin', 'cos', 'negative', 'sign', 'floor', 'ceil', 'round', 'clip', 'log1p', 'expm1', 'reciprocal'];

export const MATH_ENTRIES: OpEntry[] = [
  ...REDUCTIONS.map((n): OpEntry => ({ names: [n], namespaces: ['numpy'], kind: 'op', params: NP_REDUCTION_PARAMS[n] ?? ['x', 'axis', 'out', 'keepdims'], aliases: { a: 'x' }, record: false, apply: reduction(n, `np.${n}`) })),
  ...REDUCTIONS.map((n): OpEntry => ({ names: [n], namespaces: ['keras.ops'], kind: 'op', params: ['x', 'axis', 'keepdims'], apply: reduction(n, `keras.ops.${n}`) })),
  ...twins({ names: ['matmul'], params: ['x1', 'x2'], inputs: ['x1', 'x2'], apply: product('matmul', 'matmul') }),
  ...twins({ names: ['dot'], params: ['x1', 'x2'], aliases: { a: 'x1', b: 'x2' }, inputs: ['x1', 'x2'], apply: product('dot', 'dot') }),
  { names: ['tensordot'], namespaces: ['numpy'], kind: 'op', params: ['x1', 'x2', 'axes'], aliases: { a: 'x1', b: 'x2' }, inputs: ['x1', 'x2'], record: false, apply: product('np.tensordot', 'tensordot') },
  { names: ['tensordot'], namespaces: ['keras.ops'], kind: 'op', params: ['x1', 'x2', 'axes'], inputs: ['x1', 'x2'], apply: product('keras.ops.tensordot', 'tensordot', 'tf') },
  ...twins({ names: ['einsum'], params: ['equation', ...EINSUM_OPERANDS], aliases: { subscripts: 'equation' }, inputs: EINSUM_OPERANDS, apply: (c) => einsumCall(c, 'einsum') }),
  ...twins({ names: ELEMENTWISE, params: ['x1', 'x2'], inputs: ['x1', 'x2'], apply: elementwise('element-wise op') }),
  ...twins({ names: UNARY, params: ['x'], aliases: { a: 'x' }, apply: sameShape }),
];
