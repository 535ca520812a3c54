/**
 * Keras 1 classes and functions whose positional signature differs from Keras 2
 * (`Convolution2D(nb_filter, nb_row, nb_col, …)`, `Deconvolution2D(…, output_shape, …)`, `merge`).
 * Keras 2 still accepts them through keras/legacy/interfaces.py, with the same shapes — except
 * `Deconvolution2D`, whose `output_shape` Keras 2 drops (SHAPE_SEMANTICS §2.2–§2.6, §3.3).
 */
import { isKnown, type Dim } from '../../engine/dim.js';
import { convCost } from '../../engine/cost.js';
import type { TransposeAxisResult } from '../../engine/transpose.js';
import type { Fix, Shape } from '../../analysis/types.js';
import { textOf } from '../syntax.js';
import { isSeq, pyStr, toShape, type CallArgs, type Value } from '../values.js';
import { Args, intsOf } from './args.js';
import { conv, fmtList, ones } from './common.js';
import { replaceFix } from './fixes.js';
import { kerasTranspose } from './keras/conv.js';
import { axisNames, channelsFirstOf, fmtShape, inputShape, layout, out } from './shapes.js';
import { certain, countArg, keras1Tuple, multiplierArg } from './sizes.js';
import type { OpCall, OpEntry, OpResult } from './types.js';
import { checkRequestedSizes, outputShapeFixTitle, outputShapeMessage } from './output-shape.js';
import { KERAS1_ALIASES, KERAS1_KEYWORDS } from '../dialect.js';

const K1_ALIASES: Readonly<Record<string, string>> = {
  filters: 'nb_filter',
  padding: 'border_mode',
  strides: 'subsample',
  data_format: 'dim_ordering',
  dilation_rate: 'atrous_rate',
  use_bias: 'bias',
};

/** The kernel from `nb_row, nb_col` (or a Keras 2 style `kernel_size`/tuple in the `nb_row` slot). */
function kernelOf(call: OpCall, names: string[]): number[] | null {
  const a = call.args;
  const n = names.length;
  if (a.has('kernel_size')) return a.ints('kernel_size', n);
  const first = a.get(names[0]!);
  if (first && isSeq(first)) return intsOf(first, n);
  // Keras 1 builds W_shape (nb_row, nb_col, …) from them unchecked (keras/layers/convolutional.py ·
  // Convolution2D.build at 1.2.2): a float or string entry is a weight no backend builds.
  const ks = names.map((name) => countArg(call, name, 'kernel', call.syntax.callee));
  return ks.every((k): k is number => k !== null) ? ks : null;
}

function k1Conv(names: string[], dims: string[], extra: { atrous?: boolean; separable?: boolean; oneD?: boolean }): OpEntry {
  const spatial = dims.length;
  const strideName = extra.oneD ? 'subsample_length' : 'subsample';
  const params = ['nb_filter', ...dims, 'init', 'activation', 'weights', 'border_mode', strideName];
  if (extra.atrous) params.push('atrous_rate');
  if (extra.separable) params.push('depth_multiplier');
  if (!extra.oneD) params.push('dim_ordering');
  const aliases: Record<string, string> = { ...K1_ALIASES, strides: strideName };
  return {
    names,
    namespaces: ['keras.layers'],
    kind: 'layer',
    params,
    aliases,
    apply: (call) => {
      const a = call.args;
      return conv(call, {
        what: names[0]!,
        framework: 'keras',
        spatial,
        filters: countArg(call, 'nb_filter', 'count', names[0]!),
        kernel: kernelOf(call, dims),
        strides: extra.oneD ? a.ints(strideName, spatial, ones(spatial)) : keras1Tuple(call, strideName, spatial, ones(spatial), names[0]!),
        // AtrousConvolution1D reads `int(atrous_rate)`; AtrousConvolution2D `tuple(atrous_rate)`.
        dilation: extra.oneD ? a.ints('atrous_rate', spatial, ones(spatial)) : keras1Tuple(call, 'atrous_rate', spatial, ones(spatial), names[0]!),
        padding: a.str('border_mode', 'valid'),
        channelsFirst: extra.oneD ? false : channelsFirstOf(call, ['dim_ordering']),
        bias: a.bool('bias', true) ?? true,
        mode: extra.separable ? 'separable' : 'conv',
        depthMultiplier: multiplierArg(call, names[0]!),
        paddingArg: 'border_mode',
        dilationArg: 'atrous_rate',
      });
    },
  };
}

/**
 * Keras 1 `Deconvolution2D` (SHAPE_SEMANTICS §2.4): Keras 1.1.1–1.2.2 declare rows/cols straight from
 * `output_shape` and channels from `nb_filter`; the TF backend then requires the §1.4 admissible
 * sizes. Checks D1 (channels), D2 (spatial size), D4 (order), with a fix that writes the right tuple.
 */
function deconvKeras1(call: OpCall): OpResult {
  const a = call.args;
  const what = 'Deconvolution2D';
  const nbFilter = countArg(call, 'nb_filter', 'count', 'Deconvolution2D');
  const kernel = kernelOf(call, ['nb_row', 'nb_col']);
  const strides = keras1Tuple(call, 'subsample', 2, [1, 1], what);
  const border = a.str('border_mode', 'valid')?.toLowerCase() ?? null;
  const cf = channelsFirstOf(call, ['dim_ordering']);
  const osNode = a.node('output_shape');
  const osVal = a.get('output_shape');
  const os = osVal ? deconvOutputShape(call, osVal) : null;
  if (border === 'full') {
    call.ctx.report({ severity: 'warning', code: 'full-border-mode', message: `border_mode='full' only exists on the Theano backend; the TensorFlow backend raises "Invalid border mode: full" (${what})`, node: a.node('border_mode') });
  }
  const shape = inputShape(call, call.input, 4, cf ?? false, what);
  if (cf === null) return { output: out(null, call), cost: { params: null, macs: null } };
  const lay = layout(4, cf);
  const chanIdx = lay.channel;
  const rowIdx = lay.spatial;
  const cin = shape ? shape[chanIdx]! : null;
  // W_shape is Convolution2D.build's (nb_row, nb_col, stack_size, nb_filter), whatever output_shape says.
  const cost = kernel ? convCost({ inChannels: cin, outChannels: nbFilter, group: 1, kernel, positions: shape ? rowIdx.map((ax) => shape[ax]!) : [null], bias: call.args.bool('bias', true) ?? true }) : { params: null, macs: null };
  if (os === null || os.length !== 4) {
    if (osVal && os && os.length !== 4) {
      call.ctx.report({ severity: 'error', code: 'deconv-output-shape', message: `output_shape must have 4 entries (batch, ${cf ? 'channels, rows, cols' : 'rows, cols, channels'}), got ${fmtShape(os)} (${what})`, node: osNode });
    }
    const result: Dim[] = shape ? [...shape] : [null, null, null, null];
    result[chanIdx] = nbFilter;
    for (const ax of rowIdx) result[ax] = os && os.length === 4 ? os[ax]! : null;
    return { output: out(result, call), cost };
  }
  const ordering = cf ? "dim_ordering='th'" : "dim_ordering='tf'";
  const expectedOrder = cf ? '(batch, channels, rows, cols)' : '(batch, rows, cols, channels)';
  // D4: a tuple written in the other order (channels where rows/cols should be).
  const otherChan = cf ? 3 : 1;
  const misordered = nbFilter !== null && os[chanIdx] !== nbFilter && os[otherChan] === nbFilter;
  // Where the user's rows/cols are: in the other layout's positions when misordered.
  const userRows = misordered ? (cf ? [1, 2] : [2, 3]) : rowIdx;
  const wrongChannels = nbFilter !== null && isKnown(os[chanIdx]!) && os[chanIdx] !== nbFilter;
  // D2: rows/cols must be in TF's admissible set for the input size (SHAPE_SEMANTICS §1.4 closed forms).
  const { axes, fixed, problems: sizes, invalid } = checkRequestedSizes({
    input: shape,
    spatial: rowIdx,
    requested: userRows.map((ax) => os[ax]!),
    window: kernel && strides ? { kernel, strides, dilation: [1, 1] } : null,
    padding: border,
    labels: ['rows', 'cols'],
  });
  // What Keras 1.2.2 declares: rows/cols from output_shape, channels nb_filter (SHAPE_SEMANTICS §2.4).
  const declared: Dim[] = [shape ? shape[0]! : null, null, null, null];
  declared[chanIdx] = nbFilter;
  for (const ax of rowIdx) declared[ax] = os[ax]!;
  const message = outputShapeMessage({
    requested: os,
    wantChannels: wrongChannels && !misordered ? nbFilter : null,
    channelDetail:
      wrongChannels && !misordered
        ? `output_shape[${chanIdx}] (channels) is ${os[chanIdx]} but nb_filter is ${nbFilter}: Keras reports ${nbFilter} channels while the backend is asked for ${os[chanIdx]} and fails at run time ("input and filter must have the same depth")`
        : null,
    misorder: wrongChannels && misordered ? `it looks ${cf ? 'channels-last' : 'channels-first'}, but ${ordering} expects ${expectedOrder}` : null,
    sizes,
    sizeQuote: null,
    others: invalid,
    echo: `${what}(${nbFilter ?? '?'}, ${kernel ? kernel.join(', ') : '?'}, border_mode='${border}', subsample=${strides ? fmtList(strides) : '?'}, ${ordering}) on input ${fmtShape(shape)}`,
  });
  if (message !== null) {
    const fixes: Fix[] = [];
    const elems = osNode ? osNode.children.filter((c) => c.named && c.type !== 'comment') : [];
    if (osNode && osVal && isSeq(osVal) && nbFilter !== null && fixed.every((d) => d !== undefined)) {
      const parts: string[] = ['', '', '', ''];
      parts[0] = elems[0] ? textOf(elems[0]) : 'None';
      parts[chanIdx] = String(nbFilter);
      rowIdx.forEach((ax, i) => (parts[ax] = String(fixed[i])));
      const text = osVal.kind === 'list' ? `[${parts.join(', ')}]` : `(${parts.join(', ')})`;
      fixes.push(replaceFix(osNode, text, outputShapeFixTitle(text, sizes)));
    }
    call.ctx.report({ severity: 'error', code: 'deconv-output-shape', message, node: osNode, fixes });
  }
  const ok = axes.every((x) => x !== null);
  return {
    output: out(declared, call),
    windowing: ok ? { kind: 'transpose', axes: axes as TransposeAxisResult[], axisNames: axisNames(2), framework: 'keras' } : null,
    cost,
  };
}

/**
 * Keras 1.2.2's TensorFlow backend stacks `output_shape` with the batch size into an int32 tensor
 * (keras/backend/tensorflow_backend.py · _preprocess_deconv_output_shape, then tf.nn.conv2d_transpose)
 * and Theano's AbstractConv2d_gradInputs takes int sizes: a float or string entry is a TypeError.
 * Other entries are checked against the sizes TF accepts (D2).
 */
function deconvOutputShape(call: OpCall, v: Value): Shape | null {
  const bad = isSeq(v) ? v.items.find((x) => x.kind === 'str' || (x.kind === 'num' && x.float)) : undefined;
  if (bad === undefined) return toShape(v);
  const node = call.args.node('output_shape');
  const entry = bad.kind === 'str' ? `'${bad.value}'` : pyStr(bad);
  call.ctx.report({ severity: certain(node, 'error'), code: 'invalid-size', message: `output_shape entry ${entry} is invalid: a ${bad.kind === 'str' ? 'string' : 'float'} size, which the backend's conv2d_transpose refuses (TypeError "Expected int32") (Deconvolution2D)`, node });
  return null;
}

/** Keras 2: `Deconvolution2D` is `Conv2DTranspose`; `output_shape` is dropped (D5, SHAPE_SEMANTICS §3.3). */
function deconvKeras2(call: OpCall): OpResult {
  const kernel = kernelOf(call, ['nb_row', 'nb_col']);
  const r = kerasTranspose(call, 'Deconvolution2D', 2, kernel);
  const osNode = call.args.node('output_shape');
  if (osNode) {
    const o = r.output;
    const shapeText = o.kind === 'tensor' && o.shape ? ` = ${fmtShape(o.shape)}` : '';
    call.ctx.report({
      severity: 'warning',
      code: 'output-shape-ignored',
      message: `output_shape is ignored in Keras 2+: the output is computed from the input instead${shapeText} (Deconvolution2D is an alias of Conv2DTranspose and keras/legacy/interfaces.py drops it)`,
      node: osNode,
    });
  }
  return r;
}

export const KERAS1_ENTRIES: OpEntry[] = [
  k1Conv(['Convolution1D'], ['filter_length'], { oneD: true }),
  // `AtrousConv1D = AtrousConvolution1D` (1.1.0–2.3.1); Keras 2's legacy function passes its arguments on to Conv1D.
  k1Conv(['AtrousConvolution1D', 'AtrousConv1D'], ['filter_length'], { oneD: true, atrous: true }),
  k1Conv(['Convolution2D'], ['nb_row', 'nb_col'], {}),
  k1Conv(['AtrousConvolution2D', 'AtrousConv2D'], ['nb_row', 'nb_col'], { atrous: true }),
  k1Conv(['SeparableConvolution2D'], ['nb_row', 'nb_col'], { separable: true }),
  k1Conv(['Convolution3D'], ['kernel_dim1', 'kernel_dim2', 'kernel_dim3'], {}),
  {
    names: ['Deconvolution2D'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['nb_filter', 'nb_row', 'nb_col', 'output_shape', 'init', 'activation', 'weights', 'border_mode', 'subsample', 'dim_ordering'],
    aliases: K1_ALIASES,
    apply: (call) => {
      if (call.flavour === 'keras' && call.ctx.kerasVersion === 1) return deconvKeras1(call);
      // Keras 2 reads the Keras 2 spellings; map the Keras 1 ones back for kerasTranspose.
      return deconvKeras2(withKeras2Names(call));
    },
  },
];

/**
 * The Keras 2 classes whose legacy interface reads the kernel from positional sizes
 * (keras/legacy/interfaces.py at 2.0.0–2.3.1: `conv2d_args_preprocessor` turns `Conv2D(64, 3, 3)`
 * into `kernel_size=(3, 3)`, `conv3d_args_preprocessor` likewise; Conv1D has none).
 */
const LEGACY_POSITIONAL_KERNEL: Readonly<Record<string, number>> = { Conv2D: 2, SeparableConv2D: 2, Deconv2D: 2, Conv3D: 3 };

/**
 * How a call of the Keras 2 class `name` from standalone `keras` is read: with the Keras 1
 * signature (the Keras 1 class's name) always under the Keras 1 dialect. Under Keras 2+, a call
 * that passes the kernel as positional sizes (`Conv2D(64, 3, 3)`) is kernel (3, 3) in Keras
 * 2.0–2.3 (the legacy preprocessor) and strides 3 in Keras 3: with a Keras 1 keyword only 2.0–2.3
 * runs it (Keras 3 rejects the keyword), read as Keras 1 reads it; with `padding`, `strides` or
 * `data_format` only Keras 3 does (2.0–2.3 raise "passing both kernel_size and strides"), read as
 * Keras 2; with neither it is 'ambiguous', unless the file uses what only Keras 3 has (`keras3`).
 * null: the class's own reading.
 */
export function keras1Reading(name: string, args: CallArgs, kerasVersion: 1 | 2, keras3: boolean): string | 'ambiguous' | null {
  const k1 = KERAS1_ALIASES[name];
  if (k1 === undefined) return null;
  if (kerasVersion === 1) return k1;
  const sizes = LEGACY_POSITIONAL_KERNEL[name];
  if (sizes === undefined || args.positional.length !== sizes + 1 || args.opaque) return null;
  const ints = args.positional.slice(1).every((a) => a.value.kind === 'num' && !a.value.float);
  if (!ints) return null;
  const keywords = [...args.keywords.keys()];
  if (keywords.some((k) => KERAS1_KEYWORDS.has(k))) return k1;
  return keras3 || keywords.some((k) => k === 'padding' || k === 'strides' || k === 'data_format') ? null : 'ambiguous';
}

const AMBIGUOUS = new Map<OpEntry, OpEntry>();

/**
 * `entry` for a call whose positional sizes Keras 2.0–2.3 and Keras 3 read differently: its
 * output is unknown, with one information note that says both readings.
 */
export function ambiguousLegacy(entry: OpEntry): OpEntry {
  let e = AMBIGUOUS.get(entry);
  if (!e) {
    const what = entry.names[0]!;
    e = {
      ...entry,
      apply: (call) => {
        const sizes = entry.params.slice(1, 1 + (LEGACY_POSITIONAL_KERNEL[what] ?? 0)).map((p) => call.args.int(p));
        const shown = sizes.every((x) => x !== null) ? sizes.join(', ') : '…';
        call.ctx.report({
          severity: 'information',
          code: 'legacy-positional-kernel',
          message: `${what}(…, ${shown}) reads differently by version: Keras 1 and 2.0–2.3 take the sizes after the filters as the kernel (${shown}) (keras/legacy/interfaces.py), Keras 3 as kernel_size ${sizes[0] ?? '?'} and strides ${sizes.slice(1).join(', ') || '?'}; the output shape is left unknown (write kernel_size=(${shown}) to say which)`,
        });
        return { output: out(null, call), cost: { params: null, macs: null } };
      },
    };
    AMBIGUOUS.set(entry, e);
  }
  return e;
}

/** Re-reads a Keras 1 spelled call with Keras 2 names (strides, padding, data_format, filters). */
function withKeras2Names(call: OpCall): OpCall {
  const a = call.args;
  const map: [string, string][] = [
    ['nb_filter', 'filters'],
    ['subsample', 'strides'],
    ['border_mode', 'padding'],
    ['dim_ordering', 'data_format'],
    ['bias', 'use_bias'],
  ];
  const bound = new Map(a.entries());
  for (const [from, to] of map) {
    const v = bound.get(from);
    if (v && !bound.has(to)) bound.set(to, v);
  }
  return { ...call, args: new Args(bound, a.opaque) };
}
