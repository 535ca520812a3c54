/**
 * Keras 2/3 and tf.keras convolutions: ConvND, SeparableConvND, DepthwiseConvND, ConvNDTranspose.
 * Rules: SHAPE_SEMANTICS §3.2–§3.4 (keras/src/layers/convolutional/*.py).
 */
import type { TransposeRule } from '../../../engine/transpose.js';
import { conv, fmtList, LEGACY, ones } from '../common.js';
import { countDim, multiplierArg, windowArg } from '../sizes.js';
import { replaceFix, sameForm } from '../fixes.js';
import { channelsFirstOf, transposed } from '../shapes.js';
import { explicitPaddingActions } from '../refactor.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

const CONV_PARAMS = ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'groups', 'activation', 'use_bias'];

function kerasConvParams(call: OpCall, what: string, spatial: number, mode: 'conv' | 'separable' | 'depthwise') {
  const a = call.args;
  return {
    what,
    framework: call.flavour === 'tf' ? ('tensorflow' as const) : ('keras' as const),
    spatial,
    filters: mode === 'depthwise' ? null : countDim(call, 'filters', 'filters', what),
    kernel: windowArg(call, 'kernel_size', spatial, null, what),
    strides: windowArg(call, 'strides', spatial, ones(spatial), what),
    dilation: windowArg(call, 'dilation_rate', spatial, ones(spatial), what),
    padding: a.str('padding', 'valid'),
    channelsFirst: channelsFirstOf(call),
    bias: a.bool('use_bias', true) ?? true,
    mode,
    depthMultiplier: multiplierArg(call, what),
    groups: a.int('groups', 1),
    paddingArg: 'padding',
    dilationArg: 'dilation_rate',
  };
}

/** A Keras conv, with the SAME → explicit padding refactor where it applies (./refactor.ts). */
function kerasConv(call: OpCall, p: ReturnType<typeof kerasConvParams>): OpResult {
  const r = conv(call, p);
  return { ...r, actions: explicitPaddingActions(call, r, 'padding', p.channelsFirst) };
}

/** Positional parameters of each kind of Keras conv layer. */
const CONV_KIND_PARAMS: Record<'conv' | 'separable' | 'depthwise', readonly string[]> = {
  conv: CONV_PARAMS,
  separable: ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'depth_multiplier'],
  depthwise: ['kernel_size', 'strides', 'padding', 'depth_multiplier', 'data_format', 'dilation_rate'],
};

function convEntry(names: string[], spatial: number, mode: 'conv' | 'separable' | 'depthwise' = 'conv'): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: CONV_KIND_PARAMS[mode],
    aliases: LEGACY,
    apply: (call) => kerasConv(call, kerasConvParams(call, names[0]!, spatial, mode)),
  };
}

/** `; 0 also valid`, `; 2–3 also valid` for the other values a fix could have written (none: empty). */
function alsoValid(min: number, max: number): string {
  if (max < min) return '';
  return `; ${min === max ? `${min}` : `${min}–${max}`} also valid`;
}

/** Keras ConvNDTranspose (SHAPE_SEMANTICS §3.3) with D6, D7, D8. */
export function kerasTranspose(call: OpCall, what: string, spatial: number, kernelOverride?: number[] | null): OpResult {
  const a = call.args;
  const kernel = kernelOverride !== undefined ? kernelOverride : windowArg(call, 'kernel_size', spatial, null, what);
  const strides = windowArg(call, 'strides', spatial, ones(spatial), what);
  const dilation = windowArg(call, 'dilation_rate', spatial, ones(spatial), what);
  const padStr = a.str('padding', 'valid')?.toLowerCase() ?? null;
  const opNone = a.isNone('output_padding');
  const outputPadding = opNone ? null : a.ints('output_padding', spatial);
  const ctx = call.ctx;
  const opNode = a.node('output_padding');
  if (strides && dilation && strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    ctx.report({
      severity: 'error',
      code: 'strides-with-dilation',
      message: `strides ${fmtList(strides)} together with dilation_rate ${fmtList(dilation)} is rejected (ValueError in tf.keras and Keras 3) (${what})`,
      node: a.node('dilation_rate'),
    });
  }
  if (padStr === 'full') {
    ctx.report({ severity: 'warning', code: 'full-border-mode', message: `padding 'full' only exists on the Theano backend (${what})`, node: a.node('padding') });
  }
  if (outputPadding && strides) {
    const bad = outputPadding.map((p, i) => p >= strides[i]!);
    if (bad.some((b) => b)) {
      const fixed = outputPadding.map((p, i) => (bad[i] ? strides[i]! - 1 : p));
      ctx.report({
        severity: 'error',
        code: 'output-padding-too-large',
        message: `output_padding ${fmtList(outputPadding)} must be smaller than strides ${fmtList(strides)} ("Strides must be greater than output padding" in tf.keras and Keras ≥ 3.14; Keras 3.0–3.13 accept it silently) (${what})`,
        node: opNode,
        fixes: opNode ? [replaceFix(opNode, sameForm(a.get('output_padding'), fixed), `Set output_padding to ${fmtList(fixed)} — the largest below the stride, the output nearest the one asked${alsoValid(0, Math.min(...strides) - 2)}`)] : [],
      });
    }
  }
  const kernelEven = kernel && dilation ? kernel.map((k, i) => ((k - 1) * dilation[i]! + 1) % 2 === 0) : null;
  if (padStr === 'same' && outputPadding && kernelEven && strides) {
    const zeroEven = outputPadding.map((p, i) => p === 0 && kernelEven[i]!);
    if (zeroEven.some((z) => z)) {
      const fixed = outputPadding.map((p, i) => (zeroEven[i] ? Math.min(1, strides[i]! - 1) : p));
      const canFix = fixed.every((p, i) => p < strides[i]!);
      ctx.report({
        severity: 'error',
        code: 'transpose-same-even-kernel',
        message: `padding='same' with an even kernel ${fmtList(kernel!)} and output_padding=0 gives S·(I−1), which TensorFlow's conv2d_transpose rejects at run time ("Size of out_backprop doesn't match computed"); use output_padding in [1, S−1] or leave it None (output I·S) (${what})`,
        node: opNode,
        fixes: opNode && canFix ? [replaceFix(opNode, sameForm(a.get('output_padding'), fixed), `Set output_padding to ${fmtList(fixed)} — the smallest size TensorFlow accepts, S·(I−1)+1${alsoValid(2, Math.min(...strides) - 1)}; None gives I·S`)] : [],
      });
    }
  }
  const pad = padStr === 'same' || padStr === 'valid' || padStr === 'full' ? padStr : null;
  const rules: TransposeRule[] | null =
    pad === null || (!opNone && outputPadding === null)
      ? null
      : Array.from({ length: spatial }, (_, i) => ({ kind: 'keras' as const, padding: pad, outputPadding: outputPadding ? Math.min(outputPadding[i]!, (strides?.[i] ?? 1) - 1) : null }));
  const r = transposed(call, call.input, {
    framework: call.flavour === 'tf' ? 'tensorflow' : 'keras',
    what,
    spatial,
    kernel,
    strides,
    dilation,
    rules: outputPadding && strides && outputPadding.some((p, i) => p >= strides[i]!) ? null : rules,
    channelsFirst: channelsFirstOf(call),
    outChannels: countDim(call, 'filters', 'filters', what),
    bias: a.bool('use_bias', true) ?? true,
  });
  return r;
}

function transposeEntry(names: string[], spatial: number): OpEntry {
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate', 'activation', 'use_bias'],
    aliases: LEGACY,
    apply: (call) => kerasTranspose(call, names[0]!, spatial),
  };
}

export const CONV_ENTRIES: OpEntry[] = [
  convEntry(['Conv1D'], 1),
  convEntry(['Conv2D'], 2),
  convEntry(['Conv3D'], 3),
  convEntry(['SeparableConv1D', 'SeparableConvolution1D'], 1, 'separable'),
  convEntry(['SeparableConv2D'], 2, 'separable'),
  convEntry(['DepthwiseConv2D'], 2, 'depthwise'),
  convEntry(['DepthwiseConv1D'], 1, 'depthwise'),
  transposeEntry(['Conv1DTranspose', 'Convolution1DTranspose'], 1),
  transposeEntry(['Conv2DTranspose', 'Convolution2DTranspose'], 2),
  // Its own entry: under Keras 1 the name is Deconvolution2D's alias (../keras1.ts KERAS1_ALIASES).
  transposeEntry(['Deconv2D'], 2),
  transposeEntry(['Conv3DTranspose', 'Convolution3DTranspose', 'Deconv3D', 'Deconvolution3D'], 3),
];
