/**
 * A transposed conv's requested `output_shape` (Keras 1 `Deconvolution2D`,
 * `tf.nn.conv2d_transpose`): each spatial size checked against the sizes TF accepts for its input
 * (SHAPE_SEMANTICS §1.4; tensorflow/core/kernels/conv_grad_shape_utils.cc ·
 * ConvBackpropExtractAndVerifyDimension), the diagnostic that leads with the verdict, and the
 * quick fix that says why it picks the size it writes.
 */
import { isKnown, type Dim } from '../../engine/dim.js';
import { extentOf, type WindowParams } from '../../engine/window.js';
import { inadmissible, listSizes, tfTransposeRange, transposeAxis, type Inadmissible, type TransposeAxisResult } from '../../engine/transpose.js';
import type { Shape } from '../../analysis/types.js';
import { fmtShape } from './shapes.js';

/** One spatial size TF rejects, the size the fix writes instead and why that one. */
export interface SizeProblem {
  readonly label: string;
  readonly bad: Inadmissible;
  readonly fixedTo: number;
  /** `2× upsampling, as Caffe pad 1; 55 also valid`. */
  readonly why: string;
}

/**
 * Checks the size asked for on each spatial axis. Returns the per-axis results, the size to write
 * on each axis ('same': S·I, what Keras 2 and the matching Caffe deconv give; 'valid': the
 * smallest, S(I−1)+E, Caffe's pad 0), the rejected sizes and the invalid windows. Axes that cannot
 * be checked keep what was asked.
 */
export function checkRequestedSizes(opts: {
  readonly input: Shape | null;
  /** The spatial axes of the input. */
  readonly spatial: readonly number[];
  /** The size asked for on each spatial axis. */
  readonly requested: readonly Dim[];
  readonly window: { readonly kernel: readonly number[]; readonly strides: readonly number[]; readonly dilation: readonly number[] } | null;
  readonly padding: string | null;
  readonly labels: readonly string[];
}): { axes: (TransposeAxisResult | null)[]; fixed: (Dim | undefined)[]; problems: SizeProblem[]; invalid: string[] } {
  const { input, window: w, padding } = opts;
  const axes: (TransposeAxisResult | null)[] = [];
  const fixed: (Dim | undefined)[] = [];
  const problems: SizeProblem[] = [];
  /** Axes whose window itself is invalid (a bad kernel or stride): the engine's message. */
  const invalid: string[] = [];
  opts.spatial.forEach((ax, i) => {
    const I = input ? input[ax]! : null;
    const requested = opts.requested[i]!;
    const window = w && { kernel: w.kernel[i]!, stride: w.strides[i]!, dilation: w.dilation[i]! };
    if (!window || (padding !== 'same' && padding !== 'valid') || !isKnown(I) || !isKnown(requested)) {
      axes.push(null);
      fixed.push(isKnown(requested) ? requested : undefined);
      return;
    }
    const r = transposeAxis(I, window, { kind: 'tf', padding, output: requested });
    axes.push(r.ok ? r.value : null);
    const bad = !r.ok && r.error.code === 'output-size-not-admissible' ? inadmissible(I, window, padding, requested) : null;
    if (!bad) {
      if (!r.ok) invalid.push(`${opts.labels[i]!}: ${r.error.message}`);
      fixed.push(r.ok ? requested : undefined);
      return;
    }
    const choice = chosenSize(I, window, padding);
    fixed.push(choice.size);
    problems.push({ label: opts.labels[i]!, bad, fixedTo: choice.size, why: choice.why });
  });
  return { axes, fixed, problems, invalid };
}

/** The size the fix writes among those TF accepts, and the reason a reader needs to trust it. */
function chosenSize(I: number, window: WindowParams, padding: 'same' | 'valid'): { size: number; why: string } {
  const range = tfTransposeRange(I, window, padding);
  const S = window.stride;
  const E = extentOf(window);
  const size = padding === 'same' ? range.max : range.min;
  const others = padding === 'same' ? { min: range.min, max: range.max - 1 } : { min: range.min + 1, max: range.max };
  const also = others.max >= others.min ? `; ${listSizes(others)} also valid` : '; the only valid size';
  if (padding === 'valid') return { size, why: `S·(I−1)+K = ${size}, as Caffe pad 0${also}` };
  // Caffe's deconv gives S(I−1)+E−2P, which is S·I when P = (E−S)/2.
  const caffePad = E >= S && (E - S) % 2 === 0 ? `, as Caffe pad ${(E - S) / 2}` : '';
  return { size, why: `${S}× upsampling${caffePad}${also}` };
}

/** What is wrong with an `output_shape`, gathered by the op that checked it. */
export interface OutputShapeVerdict {
  /** The tuple as the user wrote it. */
  readonly requested: Shape;
  /** The channel count the op needs where the tuple has another (not misordered). */
  readonly wantChannels: number | null;
  /** Why the channels are wrong, with the framework's own error text. */
  readonly channelDetail: string | null;
  /** `looks channels-last, but dim_ordering='th' expects (batch, channels, rows, cols)`. */
  readonly misorder: string | null;
  readonly sizes: readonly SizeProblem[];
  /** The framework's error text for a rejected size, e.g. `"Size of out_backprop doesn't match computed"`. */
  readonly sizeQuote: string | null;
  /** Problems that are not the tuple's (e.g. input channels against the filter). */
  readonly others: readonly string[];
  /** The call and its input, quoted at the end. */
  readonly echo: string;
}

/**
 * `output_shape (None, 3, 14, 14) is invalid: rows and cols must be 55 or 56, channels 256 (input 28,
 * kernel 4, stride 2, 'same'); <details> — <call echo>`. Null when there is nothing to report.
 */
export function outputShapeMessage(v: OutputShapeVerdict): string | null {
  const claims: string[] = [];
  const details: string[] = [];
  if (v.misorder) claims.push(v.misorder);
  claims.push(...sizeClaims(v.sizes));
  if (v.wantChannels !== null) claims.push(`channels ${v.wantChannels}`);
  if (v.channelDetail) details.push(v.channelDetail);
  details.push(...impliedInputs(v.sizes));
  if (v.sizes.length > 0 && v.sizeQuote) details.push(v.sizeQuote);
  details.push(...v.others);
  if (claims.length === 0 && details.length === 0) return null;
  const givens = [...new Set(v.sizes.map((p) => p.bad.given))];
  const given = givens.length === 1 ? ` (${givens[0]})` : '';
  const head = claims.length > 0 ? `output_shape ${fmtShape(v.requested)} is invalid: ${claims.join(', ')}${given}` : details.shift()!;
  return `${[head, ...dedupe(details)].join('; ')} — ${v.echo}`;
}

/** `rows and cols must be 55 or 56`, or one claim per axis when they differ. */
function sizeClaims(sizes: readonly SizeProblem[]): string[] {
  if (sizes.length === 2 && sizes[0]!.bad.allowed === sizes[1]!.bad.allowed && sizes[0]!.bad.given === sizes[1]!.bad.given) {
    return [`${sizes[0]!.label} and ${sizes[1]!.label} must be ${sizes[0]!.bad.allowed}`];
  }
  const oneGiven = new Set(sizes.map((p) => p.bad.given)).size === 1;
  return sizes.map((p) => `${p.label} must be ${p.bad.allowed}${oneGiven ? '' : ` (${p.bad.given})`}`);
}

/** `14 implies an input of 7`, once when every axis says the same. */
function impliedInputs(sizes: readonly SizeProblem[]): string[] {
  const known = sizes.filter((p) => p.bad.impliedInput !== null);
  const texts = known.map((p) => `${p.bad.requested} implies an input of ${p.bad.impliedInput}`);
  if (new Set(texts).size <= 1) return texts.slice(0, 1);
  return known.map((p, i) => `${p.label} ${texts[i]}`);
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** `Set output_shape to (None, 256, 56, 56) — 2× upsampling, as Caffe pad 1; 55 also valid`. */
export function outputShapeFixTitle(text: string, sizes: readonly SizeProblem[]): string {
  const whys = [...new Set(sizes.map((p) => p.why))];
  const why = whys.length === 1 ? whys[0]! : sizes.map((p) => `${p.label}: ${p.why}`).join('; ');
  return sizes.length > 0 ? `Set output_shape to ${text} — ${why}` : `Set output_shape to ${text}`;
}
