/**
 * `tf.nn.*` convolutions, pooling and activations: explicit filters and NHWC/NCHW strides lists.
 * Rules: SHAPE_SEMANTICS §1 (tensorflow/python/ops/nn_ops.py, kernel_shape_util.cc).
 */
import { ceilDivN, isKnown, mulN, type Dim } from '../../../engine/dim.js';
import { convCost, NO_COST } from '../../../engine/cost.js';
import type { TransposeAxisResult } from '../../../engine/transpose.js';
import type { Padding } from '../../../engine/window.js';
import type { Fix, Shape } from '../../../analysis/types.js';
import { textOf } from '../../syntax.js';
import { isSeq, toShape, type Value } from '../../values.js';
import { intsOf } from '../args.js';
import { explicitPads, fmtList, identity } from '../common.js';
import { replaceFix } from '../fixes.js';
import { axisNames, channelsFirstOf, fmtShape, inputShape, layout, out, windowed } from '../shapes.js';
import { checkRequestedSizes, outputShapeFixTitle, outputShapeMessage } from '../output-shape.js';
import { explicitPaddingActions } from '../refactor.js';
import { tfIntsAttr } from '../sizes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/** A TF strides/ksize/dilations argument: an int, or a list of 1, spatial or spatial+2 entries (read by ../sizes.ts). */
function tfSeq(call: OpCall, name: string, spatial: number, cf: boolean, dflt: number[] | null): number[] | null {
  const v = call.args.get(name);
  if (v === undefined || v.kind === 'none') return dflt;
  const xs = tfIntsAttr(call, name);
  if (!xs) return null;
  if (!isSeq(v)) return Array<number>(spatial).fill(xs[0]!);
  const n = xs.length;
  if (n === 1) return Array<number>(spatial).fill(xs[0]!);
  if (n === spatial) return xs;
  if (n === spatial + 2) return cf ? xs.slice(2) : xs.slice(1, 1 + spatial);
  return null;
}

/** `'SAME'`/`'VALID'` or an explicit list of rank pairs in data-format order (SHAPE_SEMANTICS §1.2). */
function tfPadding(v: Value | undefined, spatial: number, cf: boolean): Padding[] | null {
  if (!v) return null;
  if (v.kind === 'str') {
    const s = v.value.toUpperCase();
    if (s === 'SAME') return Array<Padding>(spatial).fill({ kind: 'same' });
    if (s === 'VALID') return Array<Padding>(spatial).fill({ kind: 'valid' });
    return null;
  }
  if (!isSeq(v) || v.items.length !== spatial + 2) return null;
  const pairs: [number, number][] = [];
  for (const item of v.items) {
    const p = intsOf(item, 2);
    if (!p) return null;
    pairs.push([p[0]!, p[1]!]);
  }
  return explicitPads(cf ? pairs.slice(2) : pairs.slice(1, 1 + spatial));
}

function filterShape(call: OpCall, name: string): Shape | null {
  const f = call.args.get(name);
  return f && f.kind === 'tensor' ? f.shape : null;
}

function tfFormat(call: OpCall): boolean | null {
  return channelsFirstOf(call, ['data_format']);
}

/** tf.nn.conv1d/2d/3d, atrous_conv2d, depthwise_conv2d (SHAPE_SEMANTICS §1.2). */
function tfConv(call: OpCall, what: string, spatial: number, mode: 'conv' | 'atrous' | 'depthwise' | 'separable'): OpResult {
  const a = call.args;
  const cf = tfFormat(call);
  const filterName = mode === 'separable' ? 'depthwise_filter' : 'filter';
  const f = filterShape(call, filterName);
  const kernel = f && f.length === spatial + 2 && f.slice(0, spatial).every(isKnown) ? (f.slice(0, spatial) as number[]) : null;
  let cout: (cin: Dim) => Dim = () => (f && f.length === spatial + 2 ? f[spatial + 1]! : null);
  if (mode === 'depthwise') cout = (cin) => (f && f.length === 4 && isKnown(f[3]!) ? mulN(cin, f[3] as number) : null);
  if (mode === 'separable') {
    const pw = filterShape(call, 'pointwise_filter');
    cout = () => (pw && pw.length === 4 ? pw[3]! : null);
  }
  const strides = mode === 'atrous' ? Array<number>(spatial).fill(1) : tfSeq(call, 'strides', spatial, cf ?? false, null);
  const dilation =
    mode === 'atrous'
      ? a.ints('rate', spatial)
      : tfSeq(call, a.has('dilations') ? 'dilations' : 'rate', spatial, cf ?? false, Array<number>(spatial).fill(1));
  const padding = tfPadding(a.get('padding'), spatial, cf ?? false);
  if (strides && dilation && strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    call.ctx.report({ severity: 'error', code: 'strides-with-dilation', message: `strides ${fmtList(strides)} with dilations ${fmtList(dilation)} is rejected ("strides > 1 not supported in conjunction with dilation_rate > 1") (${what})` });
  }
  if (!kernel && padding && padding.every((p) => p.kind === 'same') && strides && cf !== null) {
    // SAME needs no kernel size for the output length: ⌈I/S⌉ (the pad split does).
    const shape = inputShape(call, call.input, spatial + 2, cf, what);
    if (!shape) return { output: out(null, call), cost: NO_COST };
    const lay = layout(spatial + 2, cf);
    const result = [...shape];
    result[lay.channel] = cout(shape[lay.channel]!);
    lay.spatial.forEach((ax, i) => (result[ax] = ceilDivN(shape[ax]!, strides[i]!)));
    return { output: out(result, call), cost: { params: null, macs: null } };
  }
  const r = windowed(call, call.input, {
    op: 'convolution',
    framework: 'tensorflow',
    what,
    spatial,
    kernel,
    strides,
    dilation,
    padding,
    channelsFirst: cf,
    outChannels: cout,
    cost: (cin, co, positions) => (kernel ? convCost({ inChannels: cin, outChannels: co, group: mode === 'depthwise' && isKnown(cin) ? cin : 1, kernel, positions, bias: false }) : { params: null, macs: null }),
  });
  return { ...r, actions: explicitPaddingActions(call, r, 'padding', cf) };
}

/** tf.nn.max_pool/avg_pool (SHAPE_SEMANTICS §1.3). */
function tfPool(call: OpCall, what: string, spatial: number): OpResult {
  const a = call.args;
  const cf = tfFormat(call);
  return windowed(call, call.input, {
    op: 'pooling',
    framework: 'tensorflow',
    what,
    spatial,
    kernel: tfSeq(call, 'ksize', spatial, cf ?? false, null),
    strides: tfSeq(call, 'strides', spatial, cf ?? false, null),
    dilation: Array<number>(spatial).fill(1),
    padding: tfPadding(a.get('padding'), spatial, cf ?? false),
    channelsFirst: cf,
    outChannels: (c) => c,
    cost: () => NO_COST,
  });
}

/**
 * tf.nn.conv2d_transpose (SHAPE_SEMANTICS §1.4): the result is `output_shape`; it must be in
 * data-format order, its channels must equal filter[2], and each spatial size must be admissible.
 */
function tfConvTranspose(call: OpCall, what: string): OpResult {
  const a = call.args;
  const cf = tfFormat(call);
  const osNode = a.node('output_shape');
  const osVal = a.get('output_shape');
  const os = osVal ? toShape(osVal) : null;
  const f = filterShape(call, 'filter');
  const strides = tfSeq(call, 'strides', 2, cf ?? false, null);
  const dilation = tfSeq(call, 'dilations', 2, cf ?? false, [1, 1]);
  const padStr = a.str('padding', 'SAME')?.toLowerCase() ?? null;
  const shape = inputShape(call, call.input, 4, cf ?? false, what);
  if (cf === null || os === null) return { output: out(os, call), cost: NO_COST };
  if (os.length !== 4) {
    call.ctx.report({ severity: 'error', code: 'deconv-output-shape', message: `output_shape must have 4 entries (shape (4,)), got ${fmtShape(os)} (${what})`, node: osNode });
    return { output: out(null, call), cost: NO_COST };
  }
  const lay = layout(4, cf);
  const kernel = f && f.length === 4 && isKnown(f[0]!) && isKnown(f[1]!) ? [f[0] as number, f[1] as number] : null;
  const filterOut = f && f.length === 4 ? f[2]! : null;
  const otherChan = cf ? 3 : 1;
  const misordered = isKnown(filterOut) && os[lay.channel] !== filterOut && os[otherChan] === filterOut;
  const userRows = misordered ? (cf ? [1, 2] : [2, 3]) : lay.spatial;
  const fmt = cf ? "'NCHW'" : "'NHWC'";
  const wrongChannels = isKnown(filterOut) && isKnown(os[lay.channel]!) && os[lay.channel] !== filterOut;
  const others: string[] = [];
  if (shape && f && f.length === 4 && isKnown(f[3]!) && isKnown(shape[lay.channel]!) && f[3] !== shape[lay.channel]) {
    others.push(`input channels ${shape[lay.channel]} do not match the filter's input channels ${f[3]} ("input channels does not match filter's input channels")`);
  }
  const { axes, fixed, problems: sizes, invalid } = checkRequestedSizes({
    input: shape,
    spatial: lay.spatial,
    requested: userRows.map((ax) => os[ax]!),
    window: kernel && strides && dilation ? { kernel, strides, dilation } : null,
    padding: padStr,
    labels: ['height', 'width'],
  });
  const message = outputShapeMessage({
    requested: os,
    wantChannels: wrongChannels && !misordered ? filterOut : null,
    channelDetail:
      wrongChannels && !misordered
        ? `output_shape channels ${os[lay.channel]} do not match the filter's output channels ${filterOut} (filter is [KH, KW, out, in]; "output_shape does not match filter's output channels, ${os[lay.channel]} != ${filterOut}")`
        : null,
    misorder: wrongChannels && misordered ? `it looks ${cf ? 'NHWC' : 'NCHW'}, but data_format=${fmt} expects ${cf ? '[N, C, H, W]' : '[N, H, W, C]'}` : null,
    sizes,
    sizeQuote: `"Size of out_backprop doesn't match computed"`,
    others: [...invalid, ...others],
    echo: `${what} on input ${fmtShape(shape)}`,
  });
  if (message !== null) {
    const fixes: Fix[] = [];
    const elems = osNode ? osNode.children.filter((c) => c.named && c.type !== 'comment') : [];
    if (osNode && osVal && isSeq(osVal) && fixed.every((x) => x !== undefined) && (isKnown(filterOut) || isKnown(os[lay.channel]!))) {
      const parts = ['', '', '', ''];
      parts[0] = elems[0] ? textOf(elems[0]) : 'None';
      parts[lay.channel] = String(isKnown(filterOut) ? filterOut : os[lay.channel]);
      lay.spatial.forEach((ax, i) => (parts[ax] = String(fixed[i])));
      const text = osVal.kind === 'list' ? `[${parts.join(', ')}]` : `(${parts.join(', ')})`;
      fixes.push(replaceFix(osNode, text, outputShapeFixTitle(text, sizes)));
    }
    call.ctx.report({ severity: 'error', code: 'deconv-output-shape', message, node: osNode, fixes });
  }
  const ok = axes.every((x) => x !== null);
  return {
    output: out(os, call),
    windowing: ok ? { kind: 'transpose', axes: axes as TransposeAxisResult[], axisNames: axisNames(2), framework: 'tensorflow' } : null,
    cost: kernel && shape ? convCost({ inChannels: shape[lay.channel]!, outChannels: isKnown(filterOut) ? filterOut : os[lay.channel]!, group: 1, kernel, positions: lay.spatial.map((ax) => shape[ax]!), bias: false }) : { params: null, macs: null },
  };
}

function nnOp(names: string[], params: string[], apply: (call: OpCall) => OpResult, extra: Partial<OpEntry> = {}): OpEntry {
  return { names, namespaces: ['tf.nn'], kind: 'op', params, apply, aliases: { value: 'input', filters: 'filter', ...(extra.aliases ?? {}) }, ...extra };
}

export const NN_ENTRIES: OpEntry[] = [
  nnOp(['conv2d'], ['input', 'filter', 'strides', 'padding', 'use_cudnn_on_gpu', 'data_format', 'dilations', 'name'], (c) => tfConv(c, 'tf.nn.conv2d', 2, 'conv')),
  nnOp(['conv1d'], ['input', 'filter', 'stride', 'padding', 'use_cudnn_on_gpu', 'data_format', 'name'], (c) => tfConv(c, 'tf.nn.conv1d', 1, 'conv'), { aliases: { value: 'input', filters: 'filter', stride: 'strides' } }),
  nnOp(['conv3d'], ['input', 'filter', 'strides', 'padding', 'data_format', 'dilations', 'name'], (c) => tfConv(c, 'tf.nn.conv3d', 3, 'conv')),
  nnOp(['atrous_conv2d'], ['input', 'filter', 'rate', 'padding', 'name'], (c) => tfConv(c, 'tf.nn.atrous_conv2d', 2, 'atrous')),
  nnOp(['depthwise_conv2d'], ['input', 'filter', 'strides', 'padding', 'rate', 'name', 'data_format', 'dilations'], (c) => tfConv(c, 'tf.nn.depthwise_conv2d', 2, 'depthwise')),
  nnOp(['separable_conv2d'], ['input', 'depthwise_filter', 'pointwise_filter', 'strides', 'padding', 'rate', 'name', 'data_format', 'dilations'], (c) => tfConv(c, 'tf.nn.separable_conv2d', 2, 'separable')),
  nnOp(['conv2d_transpose'], ['input', 'filter', 'output_shape', 'strides', 'padding', 'data_format', 'name', 'dilations'], (c) => tfConvTranspose(c, 'tf.nn.conv2d_transpose')),
  nnOp(['max_pool', 'max_pool2d'], ['input', 'ksize', 'strides', 'padding', 'data_format', 'name'], (c) => tfPool(c, 'tf.nn.max_pool', 2)),
  nnOp(['avg_pool', 'avg_pool2d'], ['input', 'ksize', 'strides', 'padding', 'data_format', 'name'], (c) => tfPool(c, 'tf.nn.avg_pool', 2)),
  nnOp(['max_pool1d'], ['input', 'ksize', 'strides', 'padding', 'data_format', 'name'], (c) => tfPool(c, 'tf.nn.max_pool1d', 1)),
  nnOp(['avg_pool1d'], ['input', 'ksize', 'strides', 'padding', 'data_format', 'name'], (c) => tfPool(c, 'tf.nn.avg_pool1d', 1)),
  nnOp(['max_pool3d'], ['input', 'ksize', 'strides', 'padding', 'data_format', 'name'], (c) => tfPool(c, 'tf.nn.max_pool3d', 3)),
  nnOp(['avg_pool3d'], ['input', 'ksize', 'strides', 'padding', 'data_format', 'name'], (c) => tfPool(c, 'tf.nn.avg_pool3d', 3)),
  nnOp(
    ['relu', 'relu6', 'elu', 'selu', 'sigmoid', 'tanh', 'softmax', 'log_softmax', 'leaky_relu', 'softplus', 'softsign', 'swish', 'silu', 'gelu', 'dropout', 'bias_add', 'lrn', 'local_response_normalization', 'batch_normalization', 'l2_normalize'],
    ['input'],
    (c) => identity(c),
    { aliases: { x: 'input', features: 'input', logits: 'input', value: 'input', t: 'input' } },
  ),
];
