/**
 * EinsumDense, as `EinsumDense.build` and `compute_output_shape` read it through
 * `_analyze_einsum_string` / `_analyze_split_string` (Keras 3 keras/src/layers/core/einsum_dense.py;
 * tf.keras 2.15 keras/layers/core/einsum_dense.py, the same rules): `equation` "in,kernel->out" with an
 * optional `...` leading both sides or trailing both; `output_shape` the output's sizes after the
 * batch axis (an int is one size; with an ellipsis the elided axes are the input's), `None` taking the
 * input's size for that letter. The kernel's size for a letter is the output's, else the input's; the
 * bias has the output's sizes of the `bias_axes` letters.
 * What Keras rejects, each a ValueError at build: an equation none of the three `re.match` patterns
 * takes ("Invalid einsum equation"), an output or kernel letter found nowhere else, a bias letter not
 * in the output, a shared letter whose output size differs from the input's; and an input whose rank
 * does not fit the letters (an IndexError in `_analyze_split_string`, or `ops.einsum`'s rank error).
 */
import { dimsEqual, isKnown, productOf, type Dim } from '../../../engine/dim.js';
import type { Shape } from '../../../analysis/types.js';
import { textOf } from '../../syntax.js';
import { toShape } from '../../values.js';
import { fmtShape, out } from '../shapes.js';
import { certain, shapeEntries } from '../sizes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

const UNKNOWN_RESULT = (call: OpCall): OpResult => ({ output: out(null, call), cost: { params: null, macs: null } });

/** The three forms `_analyze_einsum_string` tries, each a prefix match (`re.match`) on the equation with `...` replaced by `0`. */
const FORMS: readonly { re: RegExp; elided: 'none' | 'left' | 'right' }[] = [
  { re: /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)/, elided: 'none' },
  { re: /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)/, elided: 'left' },
  { re: /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0/, elided: 'right' },
];

interface Split {
  readonly input: string;
  readonly kernel: string;
  readonly output: string;
  readonly elided: 'none' | 'left' | 'right';
}

function splitEquation(equation: string): Split | null {
  const dotted = equation.replace(/\.\.\./g, '0');
  for (const { re, elided } of FORMS) {
    const m = re.exec(dotted);
    if (m) return { input: m[1]!, kernel: m[2]!, output: m[3]!, elided };
  }
  return null;
}

type Analysis = { output: Dim[]; kernel: Dim[]; bias: Dim[] } | { error: string; arg: 'equation' | 'output_shape' | 'bias_axes' } | { unsure: string };

/** The full output shape, kernel and bias shapes `_analyze_split_string` computes, or why it raises. */
function analyze(s: Split, input: Shape, given: readonly Dim[], biasAxes: string): Analysis {
  const rank = input.length;
  const elided = rank - s.input.length;
  const left = s.elided === 'left';
  const shift = left ? elided : 0;
  // An input with fewer axes than letters is indexed past its end; one with more is left over by an
  // equation without `...`, and ops.einsum refuses it.
  if (elided < 0 || (s.elided === 'none' && elided > 0)) return { arg: 'equation', error: `it has ${s.input.length} input letters '${s.input}' for an input of rank ${rank}` };
  const output: Dim[] = [input[0]!, ...given];
  // Keras inserts the leading elided axes one by one at index 1 (`output_shape.insert(1,
  // input_shape[i])`), so its shape lists them reversed while ops.einsum keeps their order: where the
  // two differ, the size is unknown.
  const lead = input.slice(1, elided);
  const reversed = [...lead].reverse();
  if (elided > 0 && left) output.splice(1, 0, ...lead.map((d, i) => (dimsEqual(d, reversed[i]!) ? d : null)));
  else if (elided > 0) output.push(...input.slice(rank - elided));
  // Keras does not check the count; a wrong one indexes past the letters (or leaves axes over).
  const described = s.output.length - (left ? 0 : 1);
  if (output.length !== s.output.length + elided) return { unsure: `output_shape has ${given.length} entries for the ${described} output letters it describes ('${s.output.slice(s.output.length - described)}'): Keras does not check the count and builds a static shape its einsum does not produce; shapes after it are unknown` };
  const inAt = (c: string): Dim => input[s.input.indexOf(c) + shift]!;
  const outAt = (c: string): Dim => output[s.output.indexOf(c) + shift]!;
  for (const c of s.input) {
    const o = s.output.includes(c) ? outAt(c) : null;
    if (o !== null && isKnown(o) && isKnown(inAt(c)) && o !== inAt(c)) return { arg: 'output_shape', error: `the shared letter '${c}' has size ${inAt(c)} in the input and ${o} in output_shape ("Input shape and output shape do not match")` };
  }
  const stray = [...s.output].find((c) => !s.input.includes(c) && !s.kernel.includes(c));
  if (stray !== undefined) return { arg: 'equation', error: `the output letter '${stray}' is in neither the input '${s.input}' nor the kernel '${s.kernel}'` };
  const orphan = [...s.kernel].find((c) => !s.input.includes(c) && !s.output.includes(c));
  if (orphan !== undefined) return { arg: 'equation', error: `the kernel letter '${orphan}' is in neither the input '${s.input}' nor the output '${s.output}'` };
  const missing = [...biasAxes].find((c) => !s.output.includes(c));
  if (missing !== undefined) return { arg: 'bias_axes', error: `the bias letter '${missing}' is not in the output '${s.output}'` };
  // A None in output_shape is the input's size for a shared letter (what the einsum computes).
  const size = (c: string): Dim => outAt(c) ?? (s.input.includes(c) ? inAt(c) : null);
  const full = output.map((d, i) => {
    const c = s.output[i - shift];
    return i >= shift && c !== undefined ? size(c) : d;
  });
  return { output: full, kernel: [...s.kernel].map((c) => (s.output.includes(c) ? size(c) : inAt(c))), bias: [...biasAxes].map(size) };
}

function einsumDense(call: OpCall): OpResult {
  const a = call.args;
  const eq = a.str('equation');
  const eqNode = a.node('equation');
  const split = eq === null ? null : splitEquation(eq);
  if (eq !== null && split === null) {
    call.ctx.report({ severity: certain(eqNode, 'error'), code: 'invalid-equation', message: `equation '${eq}' is invalid: Keras takes only [X],[Y]->[Z], ...[X],[Y]->...[Z] or [X]...,[Y]->[Z]... with letters (ValueError "Invalid einsum equation") (EinsumDense)`, node: eqNode });
  }
  const t = call.input;
  const givenV = a.get('output_shape');
  const givenShape = givenV ? toShape(givenV) : null;
  const given = givenV && givenShape ? shapeEntries(call, 'output_shape', givenV.kind === 'num' ? [givenV] : givenV.kind === 'tuple' || givenV.kind === 'list' ? givenV.items : [], 'EinsumDense') : null;
  const biasAxes = a.str('bias_axes', '');
  if (!split || t.kind !== 'tensor' || t.shape === null || !given || biasAxes === null) return UNKNOWN_RESULT(call);
  const r = analyze(split, t.shape, given, biasAxes);
  if ('unsure' in r) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'information', code: 'einsum-output-count', message: `${r.unsure} (EinsumDense)`, node: a.node('output_shape') });
    return UNKNOWN_RESULT(call);
  }
  if ('error' in r) {
    const node = a.node(r.arg);
    const shown = r.arg === 'output_shape' ? `output_shape=${node ? textOf(node) : '…'}` : r.arg === 'bias_axes' ? `bias_axes='${biasAxes}'` : `equation '${eq}'`;
    if (!call.ctx.speculative && !t.assumed) call.ctx.report({ severity: certain(node, 'error'), code: 'invalid-equation', message: `${shown} is invalid for input ${fmtShape(t.shape)}: ${r.error} (EinsumDense)`, node });
    return UNKNOWN_RESULT(call);
  }
  const k = productOf(r.kernel);
  const b = biasAxes === '' ? 0 : productOf(r.bias);
  return { output: out(r.output, call), cost: { params: isKnown(k) && isKnown(b) && Number.isSafeInteger(k + b) ? k + b : null, macs: null } };
}

export const EINSUM_DENSE_ENTRIES: OpEntry[] = [
  { names: ['EinsumDense'], namespaces: ['keras.layers'], kind: 'layer', params: ['equation', 'output_shape', 'activation', 'bias_axes'], apply: einsumDense },
];
