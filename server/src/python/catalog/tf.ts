/**
 * TensorFlow ops: `tf.nn.*` (explicit filters and NHWC/NCHW strides lists), `tf.*` array ops,
 * tensor sources (`tf.placeholder`, `tf.zeros`, …) and the functional `tf.layers.*` ops, which are
 * the Keras layers of ./keras.ts with `inputs` first. Rules: SHAPE_SEMANTICS §1.
 */
import { ceilDivN, isKnown, mulN, type Dim } from '../../engine/dim.js';
import { convCost, NO_COST } from '../../engine/cost.js';
import type { TransposeAxisResult } from '../../engine/transpose.js';
import type { Padding } from '../../engine/window.js';
import type { Fix, Shape } from '../../analysis/types.js';
import { textOf } from '../syntax.js';
import { dimValue, intOf, isSeq, NONE, str, toShape, tuple, UNKNOWN, type Value } from '../values.js';
import { intsOf } from './args.js';
import { declaredShape, explicitPads, fmtList, identity, sourceTensor, tensorList } from './common.js';
import { KERAS_ENTRIES, replaceFix } from './keras.js';
import { axisNames, broadcast, channelsFirstOf, concatenated, fmtShape, inputShape, layout, out, padded, reshaped, windowed } from './shapes.js';
import { explicitPaddingActions } from './refactor.js';
import type { OpCall, OpEntry, OpResult } from './types.js';
import { checkRequestedSizes, spatialProblemsText } from './shapes.js';

/** A TF strides/ksize/dilations argument: an int, or a list of 1, spatial or spatial+2 entries. */
function tfSeq(v: Value | undefined, spatial: number, cf: boolean, dflt: number[] | null): number[] | null {
  if (v === undefined || v.kind === 'none') return dflt;
  const single = intOf(v);
  if (single !== null) return Array<number>(spatial).fill(single);
  if (!isSeq(v)) return null;
  const n = v.items.length;
  const xs = intsOf(v, n);
  if (!xs) return null;
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
  const strides = mode === 'atrous' ? Array<number>(spatial).fill(1) : tfSeq(a.get('strides'), spatial, cf ?? false, null);
  const dilation =
    mode === 'atrous'
      ? a.ints('rate', spatial)
      : tfSeq(a.get(a.has('dilations') ? 'dilations' : 'rate'), spatial, cf ?? false, Array<number>(spatial).fill(1));
  const padding = tfPadding(a.get('padding'), spatial, cf ?? false);
  if (strides && dilation && strides.some((s) => s > 1) && dilation.some((d) => d > 1)) {
    call.ctx.report({ severity: 'error', code: 'strides-with-dilation', message: `${what}: strides ${fmtList(strides)} with dilations ${fmtList(dilation)} is rejected ("strides > 1 not supported in conjunction with dilation_rate > 1")` });
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
    kernel: tfSeq(a.get('ksize'), spatial, cf ?? false, null),
    strides: tfSeq(a.get('strides'), spatial, cf ?? false, null),
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
  const strides = tfSeq(a.get('strides'), 2, cf ?? false, null);
  const dilation = tfSeq(a.get('dilations'), 2, cf ?? false, [1, 1]);
  const padStr = a.str('padding', 'SAME')?.toLowerCase() ?? null;
  const shape = inputShape(call, call.input, 4, cf ?? false, what);
  if (cf === null || os === null) return { output: out(os, call), cost: NO_COST };
  if (os.length !== 4) {
    call.ctx.report({ severity: 'error', code: 'deconv-output-shape', message: `${what}: output_shape must have 4 entries (shape (4,)), got ${fmtShape(os)}`, node: osNode });
    return { output: out(null, call), cost: NO_COST };
  }
  const lay = layout(4, cf);
  const kernel = f && f.length === 4 && isKnown(f[0]!) && isKnown(f[1]!) ? [f[0] as number, f[1] as number] : null;
  const filterOut = f && f.length === 4 ? f[2]! : null;
  const problems: string[] = [];
  const otherChan = cf ? 3 : 1;
  const misordered = isKnown(filterOut) && os[lay.channel] !== filterOut && os[otherChan] === filterOut;
  const userRows = misordered ? (cf ? [1, 2] : [2, 3]) : lay.spatial;
  const fmt = cf ? "'NCHW'" : "'NHWC'";
  if (isKnown(filterOut) && isKnown(os[lay.channel]!) && os[lay.channel] !== filterOut) {
    problems.push(
      misordered
        ? `output_shape ${fmtShape(os)} looks ${cf ? 'NHWC' : 'NCHW'}, but data_format=${fmt} expects ${cf ? '[N, C, H, W]' : '[N, H, W, C]'}`
        : `output_shape channels ${os[lay.channel]} do not match the filter's output channels ${filterOut} (filter is [KH, KW, out, in]; "output_shape does not match filter's output channels, ${os[lay.channel]} != ${filterOut}")`,
    );
  }
  if (shape && f && f.length === 4 && isKnown(f[3]!) && isKnown(shape[lay.channel]!) && f[3] !== shape[lay.channel]) {
    problems.push(`input channels ${shape[lay.channel]} do not match the filter's input channels ${f[3]} ("input channels does not match filter's input channels")`);
  }
  const { axes, fixed, problems: spatialProblems } = checkRequestedSizes({
    input: shape,
    spatial: lay.spatial,
    requested: userRows.map((ax) => os[ax]!),
    window: kernel && strides && dilation ? { kernel, strides, dilation } : null,
    padding: padStr,
    labels: ['height', 'width'],
  });
  problems.push(...spatialProblemsText(spatialProblems).map((m) => `${m} ("Size of out_backprop doesn't match computed")`));
  if (problems.length > 0) {
    const fixes: Fix[] = [];
    const elems = osNode ? osNode.children.filter((c) => c.named && c.type !== 'comment') : [];
    if (osNode && osVal && isSeq(osVal) && fixed.every((x) => x !== undefined) && (isKnown(filterOut) || isKnown(os[lay.channel]!))) {
      const parts = ['', '', '', ''];
      parts[0] = elems[0] ? textOf(elems[0]) : 'None';
      parts[lay.channel] = String(isKnown(filterOut) ? filterOut : os[lay.channel]);
      lay.spatial.forEach((ax, i) => (parts[ax] = String(fixed[i])));
      const text = osVal.kind === 'list' ? `[${parts.join(', ')}]` : `(${parts.join(', ')})`;
      fixes.push(replaceFix(osNode, text, `Set output_shape to ${text}`));
    }
    call.ctx.report({ severity: 'error', code: 'deconv-output-shape', message: `${what} on input ${fmtShape(shape)}: ${problems.join('; ')}`, node: osNode, fixes });
  }
  const ok = axes.every((x) => x !== null);
  return {
    output: out(os, call),
    windowing: ok ? { kind: 'transpose', axes: axes as TransposeAxisResult[], axisNames: axisNames(2), framework: 'tensorflow' } : null,
    cost: kernel && shape ? convCost({ inChannels: shape[lay.channel]!, outChannels: isKnown(filterOut) ? filterOut : os[lay.channel]!, group: 1, kernel, positions: lay.spatial.map((ax) => shape[ax]!), bias: false }) : { params: null, macs: null },
  };
}

function tfOp(names: string[], params: string[], apply: (call: OpCall) => OpResult, extra: Partial<OpEntry> = {}): OpEntry {
  return { names, namespaces: ['tf'], kind: 'op', params, apply, ...extra };
}

function nnOp(names: string[], params: string[], apply: (call: OpCall) => OpResult, extra: Partial<OpEntry> = {}): OpEntry {
  return { names, namespaces: ['tf.nn'], kind: 'op', params, apply, aliases: { value: 'input', filters: 'filter', ...(extra.aliases ?? {}) }, ...extra };
}

function axesOf(v: Value | undefined, rank: number): number[] | null {
  if (!v) return null;
  const one = intOf(v);
  if (one !== null) return [one < 0 ? rank + one : one];
  if (!isSeq(v)) return null;
  const xs = intsOf(v, v.items.length);
  return xs ? xs.map((x) => (x < 0 ? rank + x : x)) : null;
}

/** tf.reduce_* (keepdims / TF1 keep_dims). */
function reduce(call: OpCall): OpResult {
  const t = call.input;
  if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
  const a = call.args;
  const keep = a.has('keepdims') ? a.bool('keepdims', false) : a.bool('keep_dims', false);
  const axisArg = a.has('axis') ? 'axis' : a.has('reduction_indices') ? 'reduction_indices' : null;
  const rank = t.shape.length;
  const axes = axisArg === null || a.isNone(axisArg) ? t.shape.map((_, i) => i) : axesOf(a.get(axisArg), rank);
  if (!axes || keep === null) return { output: out(null, call), cost: NO_COST };
  const result = keep ? t.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : t.shape.filter((_, i) => !axes.includes(i));
  return { output: out(result, call), cost: NO_COST };
}

function binary(call: OpCall, what: string): OpResult {
  const x = call.args.get('x');
  const y = call.args.get('y');
  const shapes: Shape[] = [];
  for (const v of [x, y]) {
    if (v?.kind === 'tensor') {
      if (!v.shape) return { output: out(null, call), cost: NO_COST };
      shapes.push(v.shape);
    } else if (v?.kind === 'num') shapes.push([]);
    else return { output: out(null, call), cost: NO_COST };
  }
  const b = broadcast(shapes);
  if (b.conflict) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'not-broadcastable', message: `${what}: shapes ${shapes.map(fmtShape).join(' and ')} are not broadcastable (${b.conflict})` });
    return { output: out(null, call), cost: NO_COST };
  }
  return { output: out(b.shape, call), cost: NO_COST };
}

const TF_OPS: OpEntry[] = [
  // tf.nn convolutions and pooling
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

  // tf array ops
  tfOp(['identity', 'cast', 'stop_gradient', 'sigmoid', 'tanh', 'abs', 'exp', 'log', 'sqrt', 'square', 'negative', 'round', 'floor', 'ceil', 'clip_by_value'], ['input'], (c) => identity(c), {
    aliases: { x: 'input', t: 'input', features: 'input' },
  }),
  tfOp(['pad'], ['tensor', 'paddings', 'mode', 'name', 'constant_values'], (call) => {
    const t = call.input;
    const p = call.args.get('paddings');
    if (t.kind !== 'tensor' || !p || !isSeq(p)) return { output: out(null, call), cost: NO_COST };
    const pairs: [number, number][] = [];
    for (const item of p.items) {
      const pr = intsOf(item, 2);
      if (!pr) return { output: out(t.shape ? t.shape.map(() => null) : null, call), cost: NO_COST };
      pairs.push([pr[0]!, pr[1]!]);
    }
    const shape = t.shape ?? pairs.map(() => null);
    if (shape.length !== pairs.length) {
      call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `tf.pad: paddings has ${pairs.length} rows but the input has rank ${shape.length} ${fmtShape(shape)} (paddings must be [rank, 2])`, node: call.args.node('paddings') });
      return { output: out(null, call), cost: NO_COST };
    }
    const mode = (call.args.str('mode', 'CONSTANT') ?? '').toUpperCase();
    pairs.forEach(([b, af], i) => {
      const d = shape[i]!;
      if (isKnown(d) && ((mode === 'REFLECT' && (b >= d || af >= d)) || (mode === 'SYMMETRIC' && (b > d || af > d)))) {
        call.ctx.report({ severity: 'error', code: 'invalid-parameter', message: `tf.pad ${mode}: paddings (${b}, ${af}) on an axis of size ${d} must be ${mode === 'REFLECT' ? 'less than' : 'no greater than'} the dimension size` });
      }
    });
    const pads = pairs.map(([before, after], axis) => ({ axis, before, after })).filter((x) => x.before !== 0 || x.after !== 0);
    return padded(call, shape, pads, pads.map((x) => `dim ${x.axis}`), 'tensorflow');
  }, { inputs: ['tensor'] }),
  tfOp(['reshape'], ['tensor', 'shape', 'name'], (call) => {
    const t = call.input;
    const target = call.args.shape('shape');
    if (t.kind !== 'tensor' || !target) return { output: out(null, call), cost: NO_COST };
    if (!t.shape) return { output: out(target.map((d) => (d === -1 ? null : d)), call), cost: NO_COST };
    const r = reshaped(t.shape, target);
    if (r.error) {
      if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'reshape-size-mismatch', message: `tf.reshape: ${r.error}`, node: call.args.node('shape') });
      return { output: out(null, call), cost: NO_COST };
    }
    return { output: out(r.shape, call), cost: NO_COST };
  }, { inputs: ['tensor'] }),
  tfOp(['concat'], ['values', 'axis', 'name'], (call) => {
    let values = call.args.get('values');
    let axisV = call.args.get('axis');
    // TF < 1.0: concat(concat_dim, values).
    if (values && intOf(values) !== null && axisV && isSeq(axisV)) [values, axisV] = [axisV, values];
    const ts = values ? tensorList(values) : null;
    const axis = axisV ? intOf(axisV) : null;
    if (!ts || ts.length === 0 || axis === null || ts.some((t) => !t.shape)) return { output: out(null, call), cost: NO_COST };
    const r = concatenated(ts.map((t) => t.shape!), axis);
    if (r.conflict) {
      if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'concat-mismatch', message: `tf.concat on axis ${axis}: ${ts.map((t) => fmtShape(t.shape)).join(' and ')} must match except on the concatenation axis (${r.conflict})` });
      return { output: out(null, call), cost: NO_COST };
    }
    return { output: out(r.shape, call), cost: NO_COST };
  }, { inputs: ['values'] }),
  tfOp(['reduce_mean', 'reduce_sum', 'reduce_max', 'reduce_min', 'reduce_prod', 'reduce_any', 'reduce_all', 'reduce_logsumexp'], ['input_tensor', 'axis', 'keepdims', 'name', 'reduction_indices', 'keep_dims'], reduce, {
    aliases: { input: 'input_tensor' },
  }),
  tfOp(['squeeze'], ['input', 'axis', 'name', 'squeeze_dims'], (call) => {
    const t = call.input;
    if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
    const s = t.shape;
    const axisName = call.args.has('axis') ? 'axis' : 'squeeze_dims';
    if (call.args.isNone(axisName)) {
      if (s.some((d) => !isKnown(d) && d !== null)) return { output: out(null, call), cost: NO_COST };
      return { output: out(s.filter((d) => d !== 1), call), cost: NO_COST };
    }
    const axes = axesOf(call.args.get(axisName), s.length);
    if (!axes) return { output: out(null, call), cost: NO_COST };
    return { output: out(s.filter((_, i) => !axes.includes(i)), call), cost: NO_COST };
  }),
  tfOp(['expand_dims'], ['input', 'axis', 'name', 'dim'], (call) => {
    const t = call.input;
    const axis = call.args.int(call.args.has('axis') ? 'axis' : 'dim');
    if (t.kind !== 'tensor' || !t.shape || axis === null) return { output: out(null, call), cost: NO_COST };
    const s = [...t.shape];
    const at = axis < 0 ? s.length + 1 + axis : axis;
    s.splice(at, 0, 1);
    return { output: out(s, call), cost: NO_COST };
  }),
  tfOp(['transpose'], ['a', 'perm', 'name'], (call) => {
    const t = call.input;
    if (t.kind !== 'tensor' || !t.shape) return { output: out(null, call), cost: NO_COST };
    const s = t.shape;
    if (call.args.isNone('perm')) return { output: out([...s].reverse(), call), cost: NO_COST };
    const perm = call.args.get('perm');
    const p = perm && isSeq(perm) ? intsOf(perm, perm.items.length) : null;
    if (!p || p.length !== s.length) return { output: out(null, call), cost: NO_COST };
    return { output: out(p.map((i) => s[i] ?? null), call), cost: NO_COST };
  }),
  tfOp(['tile'], ['input', 'multiples', 'name'], (call) => {
    const t = call.input;
    const m = call.args.get('multiples');
    if (t.kind !== 'tensor' || !t.shape || !m || !isSeq(m)) return { output: out(null, call), cost: NO_COST };
    const ms = m.items.map((x) => intOf(x));
    return { output: out(t.shape.map((d, i) => (ms[i] != null ? mulN(d, ms[i]!) : null)), call), cost: NO_COST };
  }),
  tfOp(['stack'], ['values', 'axis', 'name'], (call) => {
    const ts = call.args.get('values');
    const list = ts ? tensorList(ts) : null;
    const axis = call.args.int('axis', 0);
    if (!list || list.length === 0 || axis === null || !list[0]!.shape) return { output: out(null, call), cost: NO_COST };
    const s = [...list[0]!.shape];
    s.splice(axis < 0 ? s.length + 1 + axis : axis, 0, list.length);
    return { output: out(s, call), cost: NO_COST };
  }, { inputs: ['values'] }),
  tfOp(['add', 'subtract', 'multiply', 'divide', 'truediv', 'realdiv', 'maximum', 'minimum', 'pow', 'squared_difference', 'floordiv', 'mod'], ['x', 'y', 'name'], (c) => binary(c, 'element-wise op'), { inputs: ['x', 'y'] }),
  tfOp(['matmul'], ['a', 'b', 'transpose_a', 'transpose_b'], (call) => {
    const a = call.args.get('a');
    const b = call.args.get('b');
    if (a?.kind !== 'tensor' || b?.kind !== 'tensor' || !a.shape || !b.shape || a.shape.length < 2 || b.shape.length < 2) return { output: out(null, call), cost: NO_COST };
    const ta = call.args.bool('transpose_a', false);
    const tb = call.args.bool('transpose_b', false);
    const as = a.shape;
    const bs = b.shape;
    const rows = ta ? as[as.length - 1]! : as[as.length - 2]!;
    const cols = tb ? bs[bs.length - 2]! : bs[bs.length - 1]!;
    return { output: out([...as.slice(0, -2), rows, cols], call), cost: NO_COST };
  }, { inputs: ['a', 'b'] }),
  {
    names: ['shape'],
    namespaces: ['tf'],
    kind: 'value',
    params: ['input', 'name', 'out_type'],
    apply: (call) => {
      const t = call.args.get('input');
      if (t?.kind !== 'tensor' || !t.shape) return { output: UNKNOWN };
      return { output: tuple(t.shape.map((d) => (d === null ? UNKNOWN : dimValue(d)))) };
    },
  },

  // Sources
  {
    names: ['placeholder'],
    namespaces: ['tf'],
    kind: 'source',
    params: ['dtype', 'shape', 'name'],
    apply: (call) => {
      if (call.args.isNone('shape')) return sourceTensor(call, null);
      const s = call.args.shape('shape');
      return sourceTensor(call, s ? declaredShape(s, true) : null);
    },
  },
  ...[
    { ns: 'tf' as const, names: ['zeros', 'ones', 'random_normal', 'random_uniform', 'truncated_normal', 'fill', 'empty'] },
    { ns: 'tf.random' as const, names: ['normal', 'uniform', 'truncated_normal', 'stateless_normal', 'stateless_uniform'] },
    { ns: 'numpy' as const, names: ['zeros', 'ones', 'empty'] },
  ].map(
    ({ ns, names }): OpEntry => ({
      names,
      namespaces: [ns],
      kind: 'source',
      params: ['shape'],
      aliases: { dims: 'shape' },
      apply: (call) => {
        const s = call.args.shape('shape');
        return sourceTensor(call, s ? declaredShape(s, false) : null);
      },
    }),
  ),
  {
    names: ['zeros_like', 'ones_like'],
    namespaces: ['tf', 'numpy'],
    kind: 'op',
    params: ['input'],
    aliases: { tensor: 'input' },
    apply: (c) => identity(c),
  },
  {
    names: ['constant', 'convert_to_tensor'],
    namespaces: ['tf'],
    kind: 'source',
    params: ['value', 'dtype', 'shape', 'name'],
    record: false,
    apply: (call) => {
      const s = call.args.shape('shape');
      if (s) return sourceTensor(call, s);
      const v = call.args.get('value');
      if (v?.kind === 'tensor') return sourceTensor(call, v.shape);
      return sourceTensor(call, v ? literalShape(v) : null);
    },
  },
  {
    names: ['Variable'],
    namespaces: ['tf'],
    kind: 'source',
    params: ['initial_value'],
    record: false,
    apply: (call) => {
      const v = call.args.get('initial_value');
      if (v?.kind === 'tensor') return sourceTensor(call, v.shape);
      return sourceTensor(call, v ? literalShape(v) : null);
    },
  },
  {
    names: ['get_variable'],
    namespaces: ['tf'],
    kind: 'source',
    params: ['name', 'shape', 'dtype', 'initializer'],
    record: false,
    apply: (call) => sourceTensor(call, call.args.shape('shape')),
  },
  {
    names: ['resize', 'resize_images', 'resize_bilinear', 'resize_nearest_neighbor', 'resize_bicubic'],
    namespaces: ['tf.image'],
    kind: 'op',
    params: ['images', 'size'],
    apply: (call) => {
      const t = call.input;
      const size = call.args.get('size');
      const hw = size ? toShape(size) : null;
      if (t.kind !== 'tensor' || !t.shape || t.shape.length !== 4 || !hw || hw.length !== 2) return { output: out(null, call), cost: NO_COST };
      return { output: out([t.shape[0]!, hw[0]!, hw[1]!, t.shape[3]!], call), cost: NO_COST };
    },
  },
];

/** The shape of a nested list literal (`tf.constant([[1, 2], [3, 4]])` → (2, 2)). */
function literalShape(v: Value): Shape | null {
  if (v.kind === 'num' || v.kind === 'bool') return [];
  if (!isSeq(v)) return null;
  if (v.items.length === 0) return [0];
  const inner = literalShape(v.items[0]!);
  return inner ? [v.items.length, ...inner] : null;
}

/** Keras backend helpers that return Python values. */
const BACKEND: OpEntry[] = [
  { names: ['image_data_format'], namespaces: ['keras.backend'], kind: 'value', params: [], apply: () => ({ output: str('channels_last') }) },
  { names: ['image_dim_ordering'], namespaces: ['keras.backend'], kind: 'value', params: [], apply: () => ({ output: str('tf') }) },
  {
    names: ['int_shape'],
    namespaces: ['keras.backend'],
    kind: 'value',
    params: ['x'],
    apply: (call) => {
      const t = call.args.get('x');
      if (t?.kind !== 'tensor' || !t.shape) return { output: UNKNOWN };
      return { output: tuple(t.shape.map((d) => (d === null ? NONE : dimValue(d)))) };
    },
  },
  {
    names: ['concatenate'],
    namespaces: ['keras.backend'],
    kind: 'op',
    params: ['tensors', 'axis'],
    inputs: ['tensors'],
    apply: (call) => {
      const ts = tensorList(call.input);
      const axis = call.args.int('axis', -1);
      if (!ts || ts.length === 0 || axis === null || ts.some((t) => !t.shape)) return { output: out(null, call), cost: NO_COST };
      const r = concatenated(ts.map((t) => t.shape!), axis);
      return { output: out(r.conflict ? null : r.shape, call), cost: NO_COST };
    },
  },
];

/** The functional `tf.layers.*` ops: Keras layers with `inputs` first (SHAPE_SEMANTICS §1.2). */
const TF_LAYERS_FUNCTIONS: [string, string][] = [
  ['conv1d', 'Conv1D'],
  ['conv2d', 'Conv2D'],
  ['conv3d', 'Conv3D'],
  ['conv2d_transpose', 'Conv2DTranspose'],
  ['conv3d_transpose', 'Conv3DTranspose'],
  ['separable_conv1d', 'SeparableConv1D'],
  ['separable_conv2d', 'SeparableConv2D'],
  ['max_pooling1d', 'MaxPooling1D'],
  ['max_pooling2d', 'MaxPooling2D'],
  ['max_pooling3d', 'MaxPooling3D'],
  ['average_pooling1d', 'AveragePooling1D'],
  ['average_pooling2d', 'AveragePooling2D'],
  ['average_pooling3d', 'AveragePooling3D'],
  ['dense', 'Dense'],
  ['flatten', 'Flatten'],
  ['dropout', 'Dropout'],
  ['batch_normalization', 'BatchNormalization'],
];

function tfLayersFunctions(): OpEntry[] {
  const byName = new Map<string, OpEntry>();
  for (const e of KERAS_ENTRIES) for (const n of e.names) byName.set(n, e);
  return TF_LAYERS_FUNCTIONS.flatMap(([fn, cls]) => {
    const e = byName.get(cls);
    if (!e) return [];
    return [{ ...e, names: [fn], namespaces: ['tf.layers'], kind: 'op', params: ['inputs', ...e.params], inputs: ['inputs'] } satisfies OpEntry];
  });
}

/** tf.layers.Conv2D etc. are the Keras classes (TF 1.x tf.layers subclass keras layers). */
export const TF_LAYER_CLASSES = new Set(TF_LAYERS_FUNCTIONS.map(([, cls]) => cls));

export const TF_ENTRIES: OpEntry[] = [...TF_OPS, ...BACKEND, ...tfLayersFunctions()];
