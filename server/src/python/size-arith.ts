/**
 * Python's integer operators on sizes that may be symbolic (`kernel_size - 1`, `pad_total // 2`,
 * `pad_total - pad_beg` in tensorflow/models official/resnet/resnet_model.py · fixed_padding), in
 * engine/dim.ts' canonical form, so `pad_beg + pad_end` is `kernel_size - 1` again. A float
 * operand, or an operator sizes do not have, is no size (undefined).
 */
import { addDims, floorDivDims, isKnown, mulDims, subDims, type Dim } from '../engine/dim.js';

export function sizeArith(op: string, a: Dim, b: Dim): Dim | undefined {
  if (a === null || b === null) return undefined;
  if ((isKnown(a) && !Number.isInteger(a)) || (isKnown(b) && !Number.isInteger(b))) return undefined;
  switch (op) {
    case '+':
      return addDims(a, b);
    case '-':
      return subDims(a, b);
    case '*':
      return mulDims(a, b);
    case '//':
      // A divisor known to be < 1 is no size's; a symbolic one is taken as the size it names (≥ 1).
      return isKnown(b) && b < 1 ? undefined : floorDivDims(a, b);
    default:
      return undefined;
  }
}
