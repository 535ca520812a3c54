/**
 * Transposed convolution ("deconvolution") along one axis: the output length each framework
 * computes, and for TF's `conv2d_transpose` / Keras 1 `Deconvolution2D`, the set of output sizes the
 * backend accepts for a given input.
 *
 * Sources (full citations in ../shared/reference/SHAPE_SEMANTICS.md §1.4, §2.4, §3.3, §4.3, §6):
 * - Caffe: src/caffe/layers/deconv_layer.cpp · compute_output_shape
 * - Keras: keras/utils/conv_utils.py · deconv_length / deconv_output_length;
 *   Keras 3 keras/src/backend/common/backend_utils.py · compute_conv_transpose_output_shape
 * - TF: tensorflow/core/kernels/conv_grad_shape_utils.cc · ConvBackpropExtractAndVerifyDimension
 * - PyTorch: torch/nn/modules/conv.py · _ConvTransposeNd._output_padding
 */
import { addN, isKnown, mulN, type Dim } from './dim.js';
import { checkInt, fail, ok, type Outcome } from './outcome.js';
import { checkWindow, extentOf, windowAxis, type WindowParams } from './window.js';

export type TransposeRule =
  /** Caffe Deconvolution: O = S(I−1) + E − 2P (the full result cropped by P on both sides). */
  | { readonly kind: 'caffe'; readonly pad: number }
  /** PyTorch ConvTranspose: O = S(I−1) − 2P + E + output_padding. */
  | { readonly kind: 'torch'; readonly pad: number; readonly outputPadding: number }
  /** Keras Conv2DTranspose (all versions agree numerically); `outputPadding` null when not given. */
  | { readonly kind: 'keras'; readonly padding: 'same' | 'valid' | 'full'; readonly outputPadding: number | null }
  /** TF conv2d_transpose / Keras 1 Deconvolution2D: the caller states O; it must be admissible. */
  | { readonly kind: 'tf'; readonly padding: 'same' | 'valid'; readonly output: number };

export interface TransposeAxisResult {
  readonly input: Dim;
  readonly output: Dim;
  readonly window: WindowParams;
  readonly extent: number;
  readonly rule: TransposeRule;
  /**
   * The transposed conv produces the full S(I−1)+E result and crops this many cells at each end
   * (= the pads of the forward convolution it is the gradient of). Negative: cells appended
   * (TF VALID accepts sizes up to S−1 past the full result). Null when unknown.
   */
  readonly cropBefore: number | null;
  readonly cropAfter: number | null;
  readonly formula: string;
  readonly computation: string;
}

/** The inclusive range of output sizes TF accepts for a transposed conv of input I. */
export interface SizeRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Output sizes `conv2d_transpose` accepts: O is valid iff the forward conv of O with the same
 * kernel/stride/padding gives back I. Closed forms: SAME S(I−1)+1 ≤ O ≤ S·I;
 * VALID S(I−1)+E ≤ O ≤ S(I−1)+E+S−1.
 */
export function tfTransposeRange(input: number, window: WindowParams, padding: 'same' | 'valid'): SizeRange {
  const S = window.stride;
  if (padding === 'same') return { min: S * (input - 1) + 1, max: S * input };
  const E = extentOf(window);
  return { min: S * (input - 1) + E, max: S * (input - 1) + E + S - 1 };
}

/** Forward pads of TF SAME for a forward input of length O: these are what the transpose crops. */
function sameCrop(O: number, I: number, S: number, E: number): [number, number] {
  const T = Math.max(0, (I - 1) * S + E - O);
  return [Math.floor(T / 2), T - Math.floor(T / 2)];
}

/** Why TF rejects output size O for input I: the sizes it accepts and the numbers they follow from. */
export interface Inadmissible {
  readonly requested: number;
  /** `55 or 56`, `one of 8, 9, 10`, `between 10 and 17`. */
  readonly allowed: string;
  /** `input 28, kernel 4, stride 2, 'same'`. */
  readonly given: string;
  /** The input the requested size would fit (forward conv of O), when positive. */
  readonly impliedInput: number | null;
}

/** The facts of a rejected `output_shape` size; null when TF accepts it. */
export function inadmissible(input: number, window: WindowParams, padding: 'same' | 'valid', O: number): Inadmissible | null {
  const range = tfTransposeRange(input, window, padding);
  if (O >= range.min && O <= range.max) return null;
  const forward = windowAxis(O, window, { kind: padding });
  const dilated = window.dilation > 1 ? `, dilation ${window.dilation}` : '';
  return {
    requested: O,
    allowed: listSizes(range),
    given: `input ${input}, kernel ${window.kernel}${dilated}, stride ${window.stride}, '${padding}'`,
    impliedInput: forward.ok && isKnown(forward.value.output) ? forward.value.output : null,
  };
}

/** The sizes of a range as a message lists them. */
export function listSizes(r: SizeRange): string {
  const n = r.max - r.min + 1;
  if (n === 1) return `${r.min}`;
  if (n === 2) return `${r.min} or ${r.max}`;
  if (n <= 4) return `one of ${Array.from({ length: n }, (_, i) => r.min + i).join(', ')}`;
  return `between ${r.min} and ${r.max}`;
}

export function transposeAxis(input: Dim, window: WindowParams, rule: TransposeRule): Outcome<TransposeAxisResult> {
  const pads: [string, number][] =
    rule.kind === 'caffe' || rule.kind === 'torch' ? [['pad', rule.pad]] : [];
  if (rule.kind === 'torch') pads.push(['output_padding', rule.outputPadding]);
  if (rule.kind === 'keras' && rule.outputPadding !== null) pads.push(['output_padding', rule.outputPadding]);
  const bad = checkWindow(window, pads) ?? (isKnown(input) ? checkInt('input size', input, 1) : null);
  if (bad) return fail('invalid-parameter', bad);
  const S = window.stride;
  const E = extentOf(window);
  const base = { input, window, extent: E, rule };
  const eText = window.dilation > 1 ? `E = ${window.dilation}·(${window.kernel}−1)+1 = ${E}; ` : '';

  switch (rule.kind) {
    case 'caffe':
    case 'torch': {
      const a = rule.kind === 'torch' ? rule.outputPadding : 0;
      if (rule.kind === 'torch' && a >= S && a >= window.dilation) {
        return fail('output-padding-too-large', `output_padding ${a} must be smaller than either stride ${S} or dilation ${window.dilation}`);
      }
      const O = addN(mulN(input, S), E - 2 * rule.pad + a - S);
      const aText = rule.kind === 'torch' ? ' + a' : '';
      const aNum = rule.kind === 'torch' ? ` + ${a}` : '';
      const result = {
        ...base,
        output: O,
        cropBefore: rule.pad,
        cropAfter: rule.pad - a,
        formula: `O = S·(I − 1) + E − 2P${aText}`,
        computation: `${eText}${S}·(${isKnown(input) ? input : 'I'} − 1) + ${E} − 2·${rule.pad}${aNum}${isKnown(O) ? ` = ${O}` : ''}`,
      };
      return positive(result);
    }
    case 'keras': {
      const a = rule.outputPadding;
      if (a !== null && a >= S) {
        return fail('output-padding-too-large', `output_padding ${a} must be smaller than strides ${S} (Keras: "Strides must be greater than output padding")`);
      }
      let O: Dim;
      let formula: string;
      let computation: string;
      const i = isKnown(input) ? `${input}` : 'I';
      if (a === null) {
        if (rule.padding === 'same') {
          O = mulN(input, S);
          formula = 'O = I·S';
          computation = `${i}·${S}`;
        } else if (rule.padding === 'valid') {
          O = addN(mulN(input, S), Math.max(E - S, 0));
          formula = 'O = I·S + max(E − S, 0)';
          computation = `${eText}${i}·${S} + max(${E} − ${S}, 0)`;
        } else {
          O = addN(mulN(input, S), 2 - E - S);
          formula = 'O = S·(I − 1) − E + 2';
          computation = `${eText}${S}·(${i} − 1) − ${E} + 2`;
        }
      } else {
        const pad = rule.padding === 'same' ? Math.floor(E / 2) : rule.padding === 'valid' ? 0 : E - 1;
        O = addN(mulN(input, S), E - 2 * pad + a - S);
        formula = 'O = S·(I − 1) + E − 2·pad + output_padding';
        computation = `${eText}${S}·(${i} − 1) + ${E} − 2·${pad} + ${a}`;
      }
      if (isKnown(O)) computation += ` = ${O}`;
      let crop: [number | null, number | null] = [null, null];
      if (isKnown(O) && isKnown(input)) {
        crop = rule.padding === 'same' ? sameCrop(O, input, S, E) : rule.padding === 'valid' ? [0, 0] : [E - 1, E - 1];
      }
      return positive({ ...base, output: O, cropBefore: crop[0], cropAfter: crop[1], formula, computation });
    }
    case 'tf': {
      const O = rule.output;
      const outBad = checkInt('output size', O, 1);
      if (outBad) return fail('invalid-parameter', outBad);
      const formula = rule.padding === 'same' ? 'S·(I − 1) + 1 ≤ O ≤ S·I' : 'S·(I − 1) + E ≤ O ≤ S·(I − 1) + E + S − 1';
      if (!isKnown(input)) {
        return ok({ ...base, output: O, cropBefore: null, cropAfter: null, formula, computation: `O = ${O} (input size unknown, not checked)` });
      }
      const range = tfTransposeRange(input, window, rule.padding);
      const bad = inadmissible(input, window, rule.padding, O);
      if (bad) {
        const implied = bad.impliedInput !== null ? `; ${O} implies an input of ${bad.impliedInput}` : '';
        return fail('output-size-not-admissible', `output size ${O} is invalid: it must be ${bad.allowed} (${bad.given})${implied}`);
      }
      const crop = rule.padding === 'same' ? sameCrop(O, input, S, E) : [0, S * (input - 1) + E - O];
      return ok({
        ...base,
        output: O,
        cropBefore: crop[0]!,
        cropAfter: crop[1]!,
        formula,
        computation: `${range.min} ≤ ${O} ≤ ${range.max}`,
      });
    }
  }
}

function positive(r: TransposeAxisResult): Outcome<TransposeAxisResult> {
  if (isKnown(r.output) && r.output <= 0) {
    return fail('non-positive-output', `output size would be ${r.output} (${r.computation})`);
  }
  return ok(r);
}
