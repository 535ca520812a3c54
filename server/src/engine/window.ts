/**
 * The padding engine: how one spatial axis of a convolution or pooling window turns an input length
 * into an output length, for every framework's padding rule, with the pad split and the formula.
 *
 * Sources (see ../shared/reference/SHAPE_SEMANTICS.md for the full citations):
 * - TF: tensorflow/core/framework/kernel_shape_util.cc · GetWindowedOutputSizeVerbose
 * - Keras: keras/utils/conv_utils.py · conv_output_length (1.x/2.x), keras/src/ops/operation_utils.py (3.x)
 * - Caffe: src/caffe/layers/conv_layer.cpp · compute_output_shape; pooling_layer.cpp · Reshape
 * - PyTorch: aten/src/ATen/native/Pool.h · pooling_output_shape_pad_lr
 */
import { addDims, addN, ceilDivDims, ceilDivN, floorDivDims, floorDivN, isKnown, mulDims, subDims, type Dim, formatDim } from './dim.js';
import { checkInt, fail, ok, type Outcome } from './outcome.js';

/** Kernel length, stride and dilation along one axis. */
export interface WindowParams {
  readonly kernel: number;
  readonly stride: number;
  readonly dilation: number;
}

/** How a framework pads one axis. */
export type Padding =
  /** TF/Keras `VALID`: no padding, windows must fit. */
  | { readonly kind: 'valid' }
  /** TF/Keras `SAME`: output ⌈I/S⌉, total pad split with the odd pixel after. */
  | { readonly kind: 'same' }
  /** Explicit pads (TF explicit paddings, `tf.pad`/`ZeroPadding2D` + VALID, `fixed_padding`). */
  | { readonly kind: 'explicit'; readonly before: number; readonly after: number }
  /** Keras Conv1D `causal`: all padding before. */
  | { readonly kind: 'causal' }
  /** Theano `full`: E−1 on both sides. */
  | { readonly kind: 'full' }
  /** Caffe Convolution: symmetric pad, C++ truncating division. */
  | { readonly kind: 'caffe-conv'; readonly pad: number }
  /**
   * Caffe Pooling: symmetric pad, ceil (default) or floor rounding, and the correction that drops a
   * last window starting in the trailing pad. Caffe applies that correction only when some axis has a
   * non-zero pad (`anyPad`), checked for both axes together.
   */
  | { readonly kind: 'caffe-pool'; readonly pad: number; readonly round: 'ceil' | 'floor'; readonly anyPad: boolean }
  /** PyTorch Conv/MaxPool/AvgPool: symmetric pad, floor or `ceil_mode` (with the same correction). */
  | { readonly kind: 'torch'; readonly pad: number; readonly ceil: boolean };

/** One axis of a windowed op: its numbers (`axisText` puts them in words, for a hover). */
export interface AxisResult {
  readonly input: Dim;
  readonly output: Dim;
  readonly window: WindowParams;
  /** Effective kernel extent D·(K−1)+1. */
  readonly extent: number;
  readonly padding: Padding;
  /** Cells of padding before the input (null when it depends on an unknown input size). */
  readonly padBefore: number | null;
  /** Cells of padding after the input that the rule adds (null when unknown). */
  readonly padAfter: number | null;
}

/** How an axis' output follows from its rule. Made only when asked: an analysis words no axis. */
export interface AxisText {
  /** The rule in symbols, e.g. `O = ⌈I / S⌉`. */
  readonly formula: string;
  /** The rule with this axis' numbers, e.g. `⌈224 / 2⌉ = 112`. */
  readonly computation: string;
  /** How the pad split was derived, when the rule derives it (SAME, causal, full). */
  readonly padRule: string | null;
}

export function extentOf(w: WindowParams): number {
  return w.dilation * (w.kernel - 1) + 1;
}

/** C/C++ integer division: truncates toward zero. */
function tdiv(a: number, b: number): number {
  return Math.trunc(a / b);
}

/** Kernel, stride and dilation ≥ 1 and every named pad ≥ 0, all integers; the first problem, or null. */
export function checkWindow(w: WindowParams, pads: readonly (readonly [string, number])[] = []): string | null {
  return (
    checkInt('kernel size', w.kernel, 1) ??
    checkInt('stride', w.stride, 1) ??
    checkInt('dilation', w.dilation, 1) ??
    pads.map(([n, v]) => checkInt(n, v, 0)).find((m) => m !== null) ??
    null
  );
}

function padsOf(padding: Padding): [string, number][] {
  switch (padding.kind) {
    case 'explicit':
      return [['pad before', padding.before], ['pad after', padding.after]];
    case 'caffe-conv':
    case 'caffe-pool':
    case 'torch':
      return [['pad', padding.pad]];
    default:
      return [];
  }
}

interface Computed {
  output: Dim;
  padBefore: number | null;
  padAfter: number | null;
}

/**
 * Output length of one axis. Errors: a bad parameter, or an output that would be ≤ 0
 * (TF accepts 0 as an empty tensor; every front end here reports it, so the engine does too).
 */
export function windowAxis(input: Dim, window: WindowParams, padding: Padding): Outcome<AxisResult> {
  const bad = checkWindow(window, padsOf(padding));
  if (bad) return fail('invalid-parameter', bad);
  if (isKnown(input)) {
    const inputBad = checkInt('input size', input, 1);
    if (inputBad) return fail('invalid-parameter', inputBad);
  }
  if (padding.kind === 'caffe-pool' && padding.pad >= window.kernel) {
    return fail('pad-too-large', `pooling pad ${padding.pad} must be smaller than kernel ${window.kernel} (Caffe CHECK_LT(pad, kernel))`);
  }
  const E = extentOf(window);
  const c = isKnown(input) ? computeKnown(input, window, E, padding) : computeSymbolic(input, window, E, padding);
  const axis: AxisResult = { input, window, extent: E, padding, output: c.output, padBefore: c.padBefore, padAfter: c.padAfter };
  if (isKnown(c.output) && c.output <= 0) {
    return fail(
      'non-positive-output',
      `output size would be ${c.output}: input ${input}, kernel ${window.kernel}${window.dilation > 1 ? ` (dilated extent ${E})` : ''}, stride ${window.stride}, ${describePadding(padding)} (${axisText(axis).computation})`,
    );
  }
  return ok(axis);
}

/** A short name for a padding rule, e.g. `SAME`, `pad 3`, `explicit (1, 2)`. */
export function describePadding(p: Padding): string {
  switch (p.kind) {
    case 'valid':
      return 'VALID';
    case 'same':
      return 'SAME';
    case 'explicit':
      return `explicit pad (${p.before}, ${p.after})`;
    case 'causal':
      return 'causal';
    case 'full':
      return 'full';
    case 'caffe-conv':
      return `pad ${p.pad}`;
    case 'caffe-pool':
      return `pad ${p.pad}, ${p.round} rounding`;
    case 'torch':
      return `padding ${p.pad}${p.ceil ? ', ceil_mode' : ''}`;
  }
}

function computeKnown(I: number, w: WindowParams, E: number, p: Padding): Computed {
  const S = w.stride;
  switch (p.kind) {
    case 'valid':
      return { output: tdiv(I - E + S, S), padBefore: 0, padAfter: 0 };
    case 'same': {
      const O = Math.ceil(I / S);
      const T = Math.max(0, (O - 1) * S + E - I);
      return { output: O, padBefore: Math.floor(T / 2), padAfter: T - Math.floor(T / 2) };
    }
    case 'causal':
      return { output: Math.ceil(I / S), padBefore: E - 1, padAfter: 0 };
    case 'full':
      return { output: Math.ceil((I + E - 1) / S), padBefore: E - 1, padAfter: E - 1 };
    case 'explicit':
      return { output: tdiv(I + p.before + p.after - E + S, S), padBefore: p.before, padAfter: p.after };
    case 'caffe-conv':
      return { output: tdiv(I + 2 * p.pad - E, S) + 1, padBefore: p.pad, padAfter: p.pad };
    case 'caffe-pool':
    case 'torch':
      return { output: poolWindows(I, S, E, p).output, padBefore: p.pad, padAfter: p.pad };
  }
}

/**
 * Caffe's and PyTorch's pooling count: windows rounded up or down, then the last one dropped when
 * it would start inside the trailing pad (Caffe: with some pad on an axis; PyTorch: in ceil_mode).
 */
function poolWindows(I: number, S: number, E: number, p: Extract<Padding, { kind: 'caffe-pool' | 'torch' }>): { rounded: number; output: number } {
  const ceil = roundsUp(p);
  const num = I + 2 * p.pad - E;
  const rounded = (ceil ? Math.ceil(num / S) : Math.floor(num / S)) + 1;
  const correctionApplies = p.kind === 'caffe-pool' ? p.anyPad : p.ceil;
  return { rounded, output: correctionApplies && rounded > 1 && (rounded - 1) * S >= I + p.pad ? rounded - 1 : rounded };
}

function roundsUp(p: Extract<Padding, { kind: 'caffe-pool' | 'torch' }>): boolean {
  return p.kind === 'caffe-pool' ? p.round === 'ceil' : p.ceil;
}

/** The same rules over an unknown or symbolic input: sizes stay symbolic, pads known where they do not depend on I. */
function computeSymbolic(I: Dim, w: WindowParams, E: number, p: Padding): Computed {
  const S = w.stride;
  const floorPlusOne = (pads: number): Dim => addN(floorDivN(addN(I, pads - E), S), 1);
  switch (p.kind) {
    case 'valid':
      return { output: floorPlusOne(0), padBefore: 0, padAfter: 0 };
    case 'same': {
      // At stride 1 the total pad is E − 1 whatever I is.
      const known = S === 1;
      return { output: ceilDivN(I, S), padBefore: known ? Math.floor((E - 1) / 2) : null, padAfter: known ? E - 1 - Math.floor((E - 1) / 2) : null };
    }
    case 'causal':
      return { output: ceilDivN(I, S), padBefore: E - 1, padAfter: 0 };
    case 'full':
      return { output: ceilDivN(addN(I, E - 1), S), padBefore: E - 1, padAfter: E - 1 };
    case 'explicit':
      return { output: floorPlusOne(p.before + p.after), padBefore: p.before, padAfter: p.after };
    case 'caffe-conv':
      return { output: floorPlusOne(2 * p.pad), padBefore: p.pad, padAfter: p.pad };
    case 'caffe-pool':
    case 'torch': {
      const correctionPossible = p.kind === 'caffe-pool' ? p.anyPad && roundsUp(p) : p.ceil;
      // Whether the last-window correction fires depends on the value of I: leave the size unknown.
      const O = correctionPossible || I === null ? null : addN((roundsUp(p) ? ceilDivN : floorDivN)(addN(I, 2 * p.pad - E), S), 1);
      return { output: O, padBefore: p.pad, padAfter: p.pad };
    }
  }
}

/** The rule of `p` in symbols. */
function formulaOf(p: Padding): string {
  switch (p.kind) {
    case 'valid':
      return 'O = ⌊(I − E) / S⌋ + 1';
    case 'same':
    case 'causal':
      return 'O = ⌈I / S⌉';
    case 'full':
      return 'O = ⌈(I + E − 1) / S⌉';
    case 'explicit':
      return 'O = ⌊(I + pb + pa − E) / S⌋ + 1';
    case 'caffe-conv':
      return 'O = trunc((I + 2P − E) / S) + 1';
    case 'caffe-pool':
    case 'torch': {
      const [open, close] = roundsUp(p) ? ['⌈', '⌉'] : ['⌊', '⌋'];
      return `O = ${open}(I + 2P − ${p.kind === 'torch' ? 'E' : 'K'}) / S${close} + 1`;
    }
  }
}

/** The axis' rule in symbols and with its numbers, and how its pads were split. */
export function axisText(a: AxisResult): AxisText {
  const formula = formulaOf(a.padding);
  return isKnown(a.input) ? { formula, ...knownText(a.input, a) } : { formula, ...symbolicText(a) };
}

function knownText(I: number, a: AxisResult): Omit<AxisText, 'formula'> {
  const { window: w, extent: E, padding: p, output: O } = a;
  const S = w.stride;
  const e = w.dilation > 1 ? `E = ${w.dilation}·(${w.kernel}−1)+1 = ${E}; ` : '';
  switch (p.kind) {
    case 'valid':
      return { computation: `${e}⌊(${I} − ${E}) / ${S}⌋ + 1 = ${O}`, padRule: null };
    case 'same': {
      const pb = a.padBefore ?? 0;
      const T = pb + (a.padAfter ?? 0);
      const o = isKnown(O) ? O : 0;
      return { computation: `${e}⌈${I} / ${S}⌉ = ${O}`, padRule: `T = max(0, (O−1)·S + E − I) = max(0, ${o - 1}·${S} + ${E} − ${I}) = ${T} → ⌊${T}/2⌋ = ${pb} before, ${T - pb} after` };
    }
    case 'causal':
      return { computation: `${e}⌈${I} / ${S}⌉ = ${O}`, padRule: `causal: all E − 1 = ${E - 1} pad cells before, none after` };
    case 'full':
      return { computation: `${e}⌈(${I} + ${E} − 1) / ${S}⌉ = ${O}`, padRule: `full: E − 1 = ${E - 1} pad cells on each side` };
    case 'explicit':
      return { computation: `${e}⌊(${I} + ${p.before} + ${p.after} − ${E}) / ${S}⌋ + 1 = ${O}`, padRule: null };
    case 'caffe-conv':
      return { computation: `${e}trunc((${I} + 2·${p.pad} − ${E}) / ${S}) + 1 = ${O}`, padRule: null };
    case 'caffe-pool':
    case 'torch': {
      const { rounded, output } = poolWindows(I, S, E, p);
      const dropped = output < rounded ? `; the last window would start at ${(rounded - 1) * S} ≥ I + P = ${I + p.pad} (inside the trailing pad), so it is dropped: ${output}` : '';
      const [open, close] = roundsUp(p) ? ['⌈', '⌉'] : ['⌊', '⌋'];
      return { computation: `${e}${open}(${I} + 2·${p.pad} − ${E}) / ${S}${close} + 1 = ${rounded}${dropped}`, padRule: null };
    }
  }
}

function symbolicText(a: AxisResult): Omit<AxisText, 'formula'> {
  const { window: w, extent: E, padding: p, output: O } = a;
  switch (p.kind) {
    case 'same':
      return {
        computation: `⌈${formatDim(a.input, 'I')} / ${w.stride}⌉ = ${formatDim(O)}`,
        padRule: a.padBefore !== null && a.padAfter !== null ? `stride 1: total pad E − 1 = ${E - 1}, before ${a.padBefore}, after ${a.padAfter}` : 'the pad split depends on the input size',
      };
    case 'causal':
      return { computation: formatDim(O), padRule: `causal: all E − 1 = ${E - 1} pad cells before` };
    case 'caffe-pool':
    case 'torch':
      return { computation: O === null ? 'depends on the input size' : formatDim(O), padRule: null };
    default:
      return { computation: formatDim(O), padRule: null };
  }
}

/**
 * A window whose kernel, stride or dilation may be a size known only by name (a parameter of a
 * function nobody calls: `kernel_size`, `strides`), with the TF/Keras padding rules over it.
 */
export interface SymbolicWindow {
  readonly kernel: Dim;
  readonly stride: Dim;
  readonly dilation: Dim;
}

export type SymbolicPadding =
  | { readonly kind: 'valid' | 'same' | 'causal' | 'full' }
  /** `tf.pad` / ZeroPadding amounts then VALID; the amounts may be symbolic (`(k - 1)//2`). */
  | { readonly kind: 'explicit'; readonly before: Dim; readonly after: Dim };

/**
 * Output length of one axis over a symbolic window, by the same rules as computeKnown:
 * VALID ⌊(I − E)/S⌋ + 1, SAME and causal ⌈I/S⌉, full ⌈(I + E − 1)/S⌉, explicit
 * ⌊(I + pb + pa − E)/S⌋ + 1, with E = D·(K − 1) + 1. A symbolic size cannot be checked (a kernel or
 * stride ≤ 0 may or may not be what the caller passes), so nothing here is an error: a known bad
 * parameter, or a result that would be ≤ 0, is an unknown size, and the caller says nothing.
 */
export function symbolicWindowAxis(input: Dim, w: SymbolicWindow, p: SymbolicPadding): Dim {
  const known = (d: Dim, min: number) => !isKnown(d) || (Number.isSafeInteger(d) && d >= min);
  if (!known(w.kernel, 1) || !known(w.stride, 1) || !known(w.dilation, 1) || !known(input, 1)) return null;
  if (p.kind === 'explicit' && (!known(p.before, 0) || !known(p.after, 0))) return null;
  const S = w.stride;
  const E = addN(mulDims(w.dilation, addN(w.kernel, -1)), 1);
  // No window fits where the input is known to be shorter than the window, whatever the stride.
  const windowsFrom = (length: Dim) => {
    const room = subDims(length, E);
    return isKnown(room) && room < 0 ? null : addN(floorDivDims(room, S), 1);
  };
  const O = (() => {
    switch (p.kind) {
      case 'valid':
        return windowsFrom(input);
      case 'same':
      case 'causal':
        return ceilDivDims(input, S);
      case 'full':
        return ceilDivDims(addDims(input, addN(E, -1)), S);
      case 'explicit':
        return windowsFrom(addDims(input, addDims(p.before, p.after)));
    }
  })();
  return isKnown(O) && O <= 0 ? null : O;
}

/**
 * Where each window starts, relative to the first input cell (negative = in the leading pad):
 * window j covers cells [start + j·S, start + j·S + E). Known only when the output and pads are.
 */
export function windowStarts(axis: AxisResult): { first: number; step: number; count: number } | null {
  if (!isKnown(axis.output) || axis.padBefore === null) return null;
  return { first: -axis.padBefore, step: axis.window.stride, count: axis.output };
}
