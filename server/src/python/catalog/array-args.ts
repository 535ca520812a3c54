/**
 * Reading array-op arguments: axis lists, and the shape of an operand that may be a tensor, a
 * Python number or a nested list literal (`tf.constant([[1, 2], [3, 4]])`, `tf.gather(x, [0, 2])`).
 */
import type { Shape } from '../../analysis/types.js';
import { intOf, isSeq, type TensorV, type Value } from '../values.js';
import { intsOf } from './args.js';

/** An axis argument: one int or a sequence of ints; `all` for None/absent; null when unknown. */
export function axesArg(v: Value | undefined): number[] | 'all' | null {
  if (!v || v.kind === 'none') return 'all';
  const one = intOf(v);
  if (one !== null) return [one];
  if (!isSeq(v)) return null;
  return intsOf(v, v.items.length);
}

/** The shape of a nested list literal; [] for a number or a string (one element of a string tensor); null when it is not one. */
export function literalShape(v: Value): Shape | null {
  if (v.kind === 'num' || v.kind === 'bool' || v.kind === 'str') return [];
  if (!isSeq(v)) return null;
  if (v.items.length === 0) return [0];
  const inner = literalShape(v.items[0]!);
  return inner ? [v.items.length, ...inner] : null;
}

/** An operand's shape: a tensor's, a number's (scalar) or a list literal's; null when unknown. */
export function operandShape(v: Value | undefined): Shape | null {
  if (!v) return null;
  if (v.kind === 'tensor') return v.shape;
  if (v.kind === 'dim') return [];
  return literalShape(v);
}

/** The operand as a tensor value (for related locations), or null when it is not one. */
export function asTensor(v: Value | undefined): TensorV | null {
  return v?.kind === 'tensor' ? v : null;
}
