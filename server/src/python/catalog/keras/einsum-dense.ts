/**
 * EinsumDense (keras/src/layers/core/einsum_dense.py, `_analyze_einsum_string` / `_analyze_split_string`):
 * `equation` "in,kernel->out", `output_shape` the output's sizes after the batch axis (after the `...`
 * with an ellipsis), `None` taking the input's size for that letter. The kernel's size for a letter is
 * the input's or else the output's; the bias has the output's sizes of the `bias_axes` letters.
 */
import { isKnown, productOf, type Dim } from '../../../engine/dim.js';
import type { Shape } from '../../../analysis/types.js';
import { toShape } from '../../values.js';
import { out } from '../shapes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

const UNKNOWN_RESULT = (call: OpCall): OpResult => ({ output: out(null, call), cost: { params: null, macs: null } });

function einsumDense(call: OpCall): OpResult {
  const eq = call.args.str('equation');
  const t = call.input;
  const m = eq?.replace(/\s/g, '').match(/^([a-z.]+),([a-z]+)->([a-z.]+)$/);
  const given = call.args.get('output_shape');
  const outGiven = given ? toShape(given) : null;
  const biasAxes = call.args.str('bias_axes', '');
  const [inSpec, kernelSpec, outSpec] = [m?.[1], m?.[2], m?.[3]];
  if (!inSpec || !kernelSpec || !outSpec || t.kind !== 'tensor' || t.shape === null || !outGiven || biasAxes === null) return UNKNOWN_RESULT(call);
  const ellipsis = inSpec.startsWith('...');
  const inLetters = inSpec.replace('...', '');
  const outLetters = outSpec.replace('...', '');
  const shape: Shape = t.shape;
  if ((!ellipsis && inLetters.length !== shape.length) || inLetters.length > shape.length) return UNKNOWN_RESULT(call);
  const size = new Map<string, Dim>();
  const inDims = shape.slice(shape.length - inLetters.length);
  [...inLetters].forEach((c, i) => size.set(c, inDims[i]!));
  // Without an ellipsis the first output letter is the batch axis, which output_shape leaves out.
  const described = ellipsis ? outLetters : outLetters.slice(1);
  if (outGiven.length !== described.length) return UNKNOWN_RESULT(call);
  const outSize = new Map<string, Dim>();
  if (!ellipsis) outSize.set(outLetters[0]!, size.get(outLetters[0]!) ?? null);
  [...described].forEach((c, i) => outSize.set(c, outGiven[i] ?? size.get(c) ?? null));
  const lead = ellipsis ? shape.slice(0, shape.length - inLetters.length) : [];
  const result: Dim[] = [...lead, ...[...outLetters].map((c) => outSize.get(c)!)];
  const kernel = [...kernelSpec].map((c) => (size.has(c) ? size.get(c)! : (outSize.get(c) ?? null)));
  const bias = [...biasAxes].map((c) => outSize.get(c) ?? null);
  const k = productOf(kernel);
  const b = biasAxes === '' ? 0 : productOf(bias);
  return { output: out(result, call), cost: { params: isKnown(k) && isKnown(b) ? k + b : null, macs: null } };
}

export const EINSUM_DENSE_ENTRIES: OpEntry[] = [
  { names: ['EinsumDense'], namespaces: ['keras.layers'], kind: 'layer', params: ['equation', 'output_shape', 'activation', 'bias_axes'], apply: einsumDense },
];
