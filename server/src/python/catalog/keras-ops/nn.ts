/**
 * Keras 3 `keras.ops` convolutions and pooling (keras/src/ops/nn.py: each op's
 * `compute_output_spec` calls keras/src/ops/operation_utils.py `compute_conv_output_shape`,
 * `compute_pooling_output_shape` or `compute_conv_transpose_output_shape`). The kernel is a tensor
 * argument: `(*window, in_channels, out_channels)` for `conv`, `(*window, in_channels, multiplier)`
 * for `depthwise_conv`, `(*window, out_channels, in_channels)` for `conv_transpose`; `padding` is
 * lower-cased; `data_format=None` reads the Keras config; pooling `strides=None` is the pool size.
 * Ops own no weights: params 0.
 */
import { convCost } from '../../../engine/cost.js';
import { isKnown, mulN, type Dim } from '../../../engine/dim.js';
import type { TransposeRule } from '../../../engine/transpose.js';
import type { Shape } from '../../../analysis/types.js';
import { ones } from '../common.js';
import { channelsFirstOf, out, paddingOf, transposed, windowed } from '../shapes.js';
import { windowArg } from '../sizes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

const tensorShape = (call: OpCall, name: string): Shape | null => {
  const v = call.args.get(name);
  return v?.kind === 'tensor' ? v.shape : null;
};

/** How many spatial axes: the input's rank − 2, else the kernel's. */
function spatialOf(call: OpCall, kernel: Shape | null): number | null {
  const x = call.input.kind === 'tensor' ? call.input.shape : null;
  const n = x ? x.length - 2 : kernel ? kernel.length - 2 : null;
  return n !== null && n >= 1 && n <= 3 ? n : null;
}

/** The window sizes a kernel tensor states, when all known. */
function windowOf(kernel: Shape | null, spatial: number): number[] | null {
  const w = kernel && kernel.length === spatial + 2 ? kernel.slice(0, spatial) : null;
  return w && w.every(isKnown) ? (w as number[]) : null;
}

const padding = (call: OpCall, spatial: number) => paddingOf(call.args.str('padding', 'valid'), spatial);
const unknown = (call: OpCall): OpResult => ({ output: out(null, call), cost: { params: 0, macs: null } });

type ConvKind = 'conv' | 'depthwise_conv' | 'separable_conv';

/** `conv(inputs, kernel, …)`, `depthwise_conv(inputs, kernel, …)`, `separable_conv(inputs, depthwise_kernel, pointwise_kernel, …)`. */
function conv(kind: ConvKind): (call: OpCall) => OpResult {
  const what = `keras.ops.${kind}`;
  return (call) => {
    const k = tensorShape(call, kind === 'separable_conv' ? 'depthwise_kernel' : 'kernel');
    const spatial = spatialOf(call, k);
    if (spatial === null) return unknown(call);
    const kernel = windowOf(k, spatial);
    const last: Dim = k && k.length === spatial + 2 ? k[spatial + 1]! : null;
    const pointwise = kind === 'separable_conv' ? tensorShape(call, 'pointwise_kernel') : null;
    const outChannels = (cin: Dim): Dim => {
      if (kind === 'conv') return last;
      if (kind === 'separable_conv') return pointwise && pointwise.length === spatial + 2 ? pointwise[spatial + 1]! : null;
      return isKnown(last) ? mulN(cin, last) : null;
    };
    return windowed(call, call.input, {
      op: 'convolution',
      framework: 'keras',
      what,
      spatial,
      kernel,
      strides: windowArg(call, 'strides', spatial, ones(spatial), what),
      dilation: windowArg(call, 'dilation_rate', spatial, ones(spatial), what),
      padding: padding(call, spatial),
      channelsFirst: channelsFirstOf(call, ['data_format']),
      outChannels,
      cost: (cin, cout, positions) => ({
        params: 0,
        macs: kernel && kind !== 'separable_conv' ? convCost({ inChannels: cin, outChannels: cout, group: kind === 'depthwise_conv' && isKnown(cin) ? cin : 1, kernel, positions, bias: false }).macs : null,
      }),
    });
  };
}

/** `max_pool` / `average_pool(inputs, pool_size, strides=None, padding="valid", data_format=None)`. */
function pool(what: string): (call: OpCall) => OpResult {
  return (call) => {
    const spatial = spatialOf(call, null);
    if (spatial === null) return unknown(call);
    const size = windowArg(call, 'pool_size', spatial, null, what);
    return windowed(call, call.input, {
      op: 'pooling',
      framework: 'keras',
      what,
      spatial,
      kernel: size,
      strides: call.args.isNone('strides') || !call.args.has('strides') ? size : windowArg(call, 'strides', spatial, null, what),
      dilation: ones(spatial),
      padding: padding(call, spatial),
      channelsFirst: channelsFirstOf(call, ['data_format']),
      outChannels: (c) => c,
      cost: () => ({ params: 0, macs: 0 }),
    });
  };
}

/** `conv_transpose(inputs, kernel, strides=1, padding="valid", output_padding=None, data_format=None, dilation_rate=1)`. */
function convTranspose(call: OpCall): OpResult {
  const what = 'keras.ops.conv_transpose';
  const k = tensorShape(call, 'kernel');
  const spatial = spatialOf(call, k);
  if (spatial === null) return unknown(call);
  const pad = call.args.str('padding', 'valid')?.toLowerCase();
  const outputPadding = call.args.isNone('output_padding') || !call.args.has('output_padding') ? null : call.args.ints('output_padding', spatial);
  const rules: TransposeRule[] | null =
    (pad !== 'same' && pad !== 'valid') || (call.args.has('output_padding') && !call.args.isNone('output_padding') && outputPadding === null)
      ? null
      : Array.from({ length: spatial }, (_, i) => ({ kind: 'keras' as const, padding: pad, outputPadding: outputPadding ? outputPadding[i]! : null }));
  const r = transposed(call, call.input, {
    framework: 'keras',
    what,
    spatial,
    kernel: windowOf(k, spatial),
    strides: windowArg(call, 'strides', spatial, ones(spatial), what),
    dilation: windowArg(call, 'dilation_rate', spatial, ones(spatial), what),
    rules,
    channelsFirst: channelsFirstOf(call, ['data_format']),
    outChannels: k && k.length === spatial + 2 ? k[spatial]! : null,
    bias: false,
  });
  return { ...r, cost: { params: 0, macs: null } };
}

const op = (names: string[], params: string[], apply: (call: OpCall) => OpResult): OpEntry => ({ names, namespaces: ['keras.ops'], kind: 'op', params, inputs: ['inputs'], apply });

export const NN_CONV_ENTRIES: OpEntry[] = [
  op(['conv'], ['inputs', 'kernel', 'strides', 'padding', 'data_format', 'dilation_rate'], conv('conv')),
  op(['depthwise_conv'], ['inputs', 'kernel', 'strides', 'padding', 'data_format', 'dilation_rate'], conv('depthwise_conv')),
  op(['separable_conv'], ['inputs', 'depthwise_kernel', 'pointwise_kernel', 'strides', 'padding', 'data_format', 'dilation_rate'], conv('separable_conv')),
  op(['conv_transpose'], ['inputs', 'kernel', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate'], convTranspose),
  op(['max_pool'], ['inputs', 'pool_size', 'strides', 'padding', 'data_format'], pool('keras.ops.max_pool')),
  op(['average_pool'], ['inputs', 'pool_size', 'strides', 'padding', 'data_format'], pool('keras.ops.average_pool')),
];
