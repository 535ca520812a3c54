/**
 * Keras 2/3 and tf.keras recurrent layers, their cells, `RNN(cell)`, the `Bidirectional` and
 * `TimeDistributed` wrappers and ConvLSTM. Rules: keras/src/layers/rnn/*.py (`build` for the
 * weights, `compute_output_shape` for the shapes).
 */
import { isKnown, mulN, type Dim } from '../../../engine/dim.js';
import { exact, NO_COST, type Cost } from '../../../engine/cost.js';
import type { Shape } from '../../../analysis/types.js';
import { list, tensor, type LayerV, type TensorV, type Value } from '../../values.js';
import { kerasWindow, LEGACY, sumCost } from '../common.js';
import { channelsFirstOf, fmtShape, out, paddingOf, windowed } from '../shapes.js';
import { countArg, countDim } from '../sizes.js';
import { Args } from '../args.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

type CellKind = 'SimpleRNN' | 'LSTM' | 'GRU';

/** Gates per cell: one kernel/recurrent kernel/bias block each (simple_rnn.py, lstm.py, gru.py `build`). */
const GATES: Record<CellKind, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };
/** States a cell returns with `return_state` (h; LSTM also c). */
const STATES: Record<CellKind, number> = { SimpleRNN: 1, LSTM: 2, GRU: 1 };

/**
 * GRU's `reset_after`: given, or the dialect's default — `True` in tf.keras 2 (recurrent_v2.py) and
 * Keras 3 (gru.py), `False` in Keras 2.0–2.3; standalone `keras` 2+ may be either, so unknown.
 */
function resetAfter(call: OpCall): boolean | null {
  if (call.args.has('reset_after') || call.args.opaque) return call.args.bool('reset_after');
  return call.flavour === 'tf.keras' ? true : null;
}

/**
 * Weights of one cell (build): kernel (in, g·u), recurrent kernel (u, g·u), bias (g·u) — GRU with
 * `reset_after` has two biases, shape (2, 3u) in gru.py.
 */
function cellCost(call: OpCall, kind: CellKind, units: number | null, inputDim: Dim): Cost {
  const bias = call.args.bool('use_bias', true);
  const reset = kind === 'GRU' ? resetAfter(call) : false;
  if (units === null || !isKnown(inputDim) || bias === null || reset === null) return { params: null, macs: null };
  const g = GATES[kind];
  const biases = bias ? g * units * (reset ? 2 : 1) : 0;
  return { params: exact(g * units * (inputDim + units) + biases), macs: null };
}

/** `return_sequences` / `return_state`: the output, then the states (keras/src/layers/rnn/rnn.py `compute_output_shape`). */
function rnnOutput(call: OpCall, kind: CellKind, batch: Dim, steps: Dim, units: Dim, spatial: Shape = []): Value | null {
  const seq = call.args.bool('return_sequences', false);
  const state = call.args.bool('return_state', false);
  if (seq === null || state === null) return null;
  const last = [batch, ...spatial, units];
  const output = out(seq ? [batch, steps, ...spatial, units] : last, call);
  if (!state) return output;
  return list([output, ...Array.from({ length: STATES[kind] }, () => out(last, call))]);
}

/** The (N, T, …) input a recurrent layer needs, or null with an error when its rank is known and wrong. */
function sequenceInput(call: OpCall, rank: number, what: string): Shape | 'unknown' | null {
  const t = call.input;
  if (t.kind !== 'tensor' || t.shape === null) return 'unknown';
  if (t.shape.length === rank) return t.shape;
  if (!call.ctx.speculative) {
    call.ctx.report({
      severity: 'error',
      code: 'rank-mismatch',
      message: `${what} expects a ${rank}-D input (batch, timesteps, ${rank === 3 ? 'features' : 'spatial…, channels'}), got ${t.shape.length}-D ${fmtShape(t.shape)} ("expected ndim=${rank}")`,
    });
  }
  return null;
}

function recurrent(call: OpCall, kind: CellKind): OpResult {
  const units = countDim(call, 'units', 'count', kind);
  const shape = sequenceInput(call, 3, kind);
  if (shape === null) return { output: out(null, call), cost: { params: null, macs: null } };
  const [batch, steps, features]: Dim[] = shape === 'unknown' ? [null, null, null] : [...shape];
  const output = rnnOutput(call, kind, batch!, steps!, units) ?? out(null, call);
  return { output, cost: cellCost(call, kind, isKnown(units) ? units : null, features!) };
}

/** A cell applied to one step (batch, features) → (batch, units); the cost of its weights. */
function cell(call: OpCall, kind: CellKind): OpResult {
  const units = countArg(call, 'units', 'count', `${kind}Cell`);
  const t = call.input;
  const features = t.kind === 'tensor' && t.shape ? (t.shape[t.shape.length - 1] ?? null) : null;
  return { output: out([t.kind === 'tensor' && t.shape ? (t.shape[0] ?? null) : null, units], call), cost: cellCost(call, kind, units, features) };
}

const CELLS = new Map<string, CellKind>([
  ['SimpleRNNCell', 'SimpleRNN'],
  ['LSTMCell', 'LSTM'],
  ['GRUCell', 'GRU'],
]);

/** The cells of `RNN(cell)` / `StackedRNNCells([...])`, or null when one is not a known cell. */
function cellsOf(v: Value | undefined): LayerV[] | null {
  if (!v) return null;
  if (v.kind === 'layer') {
    if (CELLS.has(v.entry.names[0]!)) return [v];
    if (v.entry.names[0] === 'StackedRNNCells') return cellsOf(v.args.get('cells'));
    return null;
  }
  if (v.kind !== 'list' && v.kind !== 'tuple') return null;
  const cells: LayerV[] = [];
  for (const item of v.items) {
    const c = cellsOf(item);
    if (!c) return null;
    cells.push(...c);
  }
  return cells.length > 0 ? cells : null;
}

/**
 * `RNN(cell)`: the cells run in order, each on the previous one's output (stacked_rnn_cells.py).
 * The generic wrapper has no rank check (`self.input_spec = None`; `build` gives the cell
 * `(shape[0],) + shape[2:]`: keras/src/layers/rnn/rnn.py), so any rank is the cell's business:
 * rank 3 is computed, another rank is unknown, never an error.
 */
function rnnOfCells(call: OpCall): OpResult {
  const cells = cellsOf(call.args.get('cell'));
  const t = call.input;
  const shape = t.kind === 'tensor' && t.shape !== null ? t.shape : null;
  if (!cells || (shape !== null && shape.length !== 3)) return { output: out(null, call), cost: { params: null, macs: null } };
  const [batch, steps, features]: Dim[] = shape === null ? [null, null, null] : [...shape];
  let inputDim: Dim = features!;
  let cost: Cost = NO_COST;
  for (const c of cells) {
    const kind = CELLS.get(c.entry.names[0]!)!;
    const units = c.args.int('units');
    cost = sumCost(cost, cellCost({ ...call, args: c.args, flavour: c.flavour }, kind, units, inputDim));
    inputDim = units;
  }
  // States: every cell's, in order (rnn.py with a stacked cell returns them all).
  const seq = call.args.bool('return_sequences', false);
  const state = call.args.bool('return_state', false);
  if (seq === null || state === null) return { output: out(null, call), cost };
  const output = out(seq ? [batch!, steps!, inputDim] : [batch!, inputDim], call);
  if (!state) return { output, cost };
  const states = cells.flatMap((c) => Array.from({ length: STATES[CELLS.get(c.entry.names[0]!)!] }, () => out([batch!, c.args.int('units')], call)));
  return { output: list([output, ...states]), cost };
}

/** Applies a wrapped layer object (`Bidirectional(LSTM(…))`, `TimeDistributed(Dense(…))`) to `input`. */
export function applyWrapped(call: OpCall, layer: LayerV, input: TensorV): OpResult {
  return layer.entry.apply({ ...call, args: layer.args, flavour: layer.flavour, input, tensors: [input] });
}

function outputsOf(v: Value): TensorV[] | null {
  if (v.kind === 'tensor') return [v];
  if ((v.kind === 'list' || v.kind === 'tuple') && v.items.every((x) => x.kind === 'tensor')) return v.items as TensorV[];
  return null;
}

/** Bidirectional (keras/src/layers/rnn/bidirectional.py): forward and backward copies, merged by `merge_mode`. */
function bidirectional(call: OpCall): OpResult {
  const fwd = call.args.get('layer');
  const bwdArg = call.args.get('backward_layer');
  const mode = call.args.has('merge_mode') && call.args.get('merge_mode')?.kind === 'none' ? 'none' : call.args.str('merge_mode', 'concat');
  const t = call.input;
  if (fwd?.kind !== 'layer' || t.kind !== 'tensor' || mode === null) return { output: out(null, call), cost: { params: null, macs: null } };
  const bwd = bwdArg?.kind === 'layer' ? bwdArg : fwd;
  const f = applyWrapped(call, fwd, t);
  const b = bwd === fwd ? f : applyWrapped(call, bwd, t);
  const cost = sumCost(f.cost ?? { params: null, macs: null }, b.cost ?? { params: null, macs: null });
  const fo = outputsOf(f.output);
  const bo = outputsOf(b.output);
  if (!fo || !bo) return { output: out(null, call), cost };
  const [fy, ...fs] = fo;
  const [by, ...bs] = bo;
  const merged: TensorV[] = mode === 'none' ? [out(fy!.shape, call), out(by!.shape, call)] : [out(mergedShape(fy!.shape, by!.shape, mode), call)];
  const states = [...fs, ...bs].map((s) => out(s.shape, call));
  const all = [...merged, ...states];
  return { output: all.length === 1 ? all[0]! : list(all), cost };
}

/** concat doubles the last axis (the two outputs' sum); sum/mul/ave keep the forward shape. */
function mergedShape(f: Shape | null, b: Shape | null, mode: string): Shape | null {
  if (f === null || b === null) return null;
  if (mode === 'concat') return [...f.slice(0, -1), f.length > 0 && b.length > 0 ? addLast(f, b) : null];
  return mode === 'sum' || mode === 'mul' || mode === 'ave' ? f : null;
}

function addLast(f: Shape, b: Shape): Dim {
  const x = f[f.length - 1]!;
  const y = b[b.length - 1]!;
  return isKnown(x) && isKnown(y) ? x + y : x === y ? mulN(x, 2) : null;
}

/** TimeDistributed (keras/src/layers/rnn/time_distributed.py): the inner layer on every step of axis 1. */
function timeDistributed(call: OpCall): OpResult {
  const inner = call.args.get('layer');
  const t = call.input;
  if (inner?.kind !== 'layer' || t.kind !== 'tensor' || t.shape === null || t.shape.length < 3) {
    if (t.kind === 'tensor' && t.shape !== null && t.shape.length < 3 && !call.ctx.speculative) {
      call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `TimeDistributed needs an input of at least 3 dims (batch, time, …), got ${fmtShape(t.shape)}` });
    }
    return { output: out(null, call), cost: { params: null, macs: null } };
  }
  const steps = t.shape[1]!;
  const r = applyWrapped(call, inner, tensor([t.shape[0]!, ...t.shape.slice(2)]));
  const y = r.output;
  const shape = y.kind === 'tensor' && y.shape ? [y.shape[0]!, steps, ...y.shape.slice(1)] : null;
  const cost = r.cost ?? { params: null, macs: null };
  return { output: out(shape, call), cost: { params: cost.params, macs: cost.macs !== null && isKnown(steps) ? cost.macs * steps : null } };
}

/**
 * ConvLSTM1D/2D/3D (keras/src/layers/rnn/conv_lstm.py): each step is a conv of the input (strides,
 * padding, dilation) to 4·filters; the recurrent conv is 'same' with stride 1, so the state keeps the
 * step's output size. Weights: kernel (k…, C, 4f), recurrent kernel (k…, f, 4f), bias (4f).
 */
function convLstm(call: OpCall, spatial: number): OpResult {
  const what = `ConvLSTM${spatial}D`;
  const shape = sequenceInput(call, spatial + 3, what);
  const cf = channelsFirstOf(call);
  const a = call.args;
  // ConvLSTMCell.__init__ keeps `filters` unchecked in tf.keras 2 (keras/layers/rnn/base_conv_lstm.py)
  // and Keras 3 (keras/src/layers/rnn/conv_lstm.py): it only becomes the kernel's size.
  const filters = countArg(call, 'filters', 'count', what);
  if (shape === null || cf === null) return { output: out(null, call), cost: { params: null, macs: null } };
  const step = shape === 'unknown' ? tensor(null) : tensor([shape[0]!, ...shape.slice(2)]);
  const window = kerasWindow(call, spatial, what);
  const kernel = window.kernel;
  const bias = a.bool('use_bias', true);
  const r = windowed({ ...call, input: step }, step, {
    op: 'convolution',
    framework: 'keras',
    what,
    spatial,
    ...window,
    padding: paddingOf(a.str('padding', 'valid'), spatial),
    channelsFirst: cf,
    outChannels: () => filters,
  });
  const y = r.output.kind === 'tensor' ? r.output.shape : null;
  let params: number | null = null;
  const cin = shape === 'unknown' ? null : shape[cf ? 2 : shape.length - 1]!;
  if (kernel && filters !== null && isKnown(cin) && bias !== null) {
    const k = kernel.reduce((x, z) => x * z, 1);
    params = exact(k * cin * 4 * filters + k * filters * 4 * filters + (bias ? 4 * filters : 0));
  }
  const cost = { params, macs: null };
  if (!y) return { output: out(null, call), cost };
  // The per-step output (batch, spatial…, f) with the time axis put back by return_sequences.
  const steps = shape === 'unknown' ? null : shape[1]!;
  const seq = a.bool('return_sequences', false);
  const state = a.bool('return_state', false);
  if (seq === null || state === null) return { output: out(null, call), cost };
  const output = out(seq ? [y[0]!, steps, ...y.slice(1)] : y, call);
  return { output: state ? list([output, out(y, call), out(y, call)]) : output, cost };
}

/**
 * CuDNNLSTM / CuDNNGRU (Keras 2.1–2.3 keras/layers/cudnn_recurrent.py; tf.keras keras/layers/rnn/
 * cudnn_lstm.py, cudnn_gru.py, `tf.compat.v1.keras.layers`): LSTM's / GRU's kernels, and one bias of
 * twice the gates — cuDNN keeps the input and recurrent biases apart: (8u,), (6u,); no `use_bias`.
 * Outputs as LSTM / GRU (base_cudnn_rnn.py: return_sequences, return_state).
 */
function cudnn(call: OpCall, kind: 'LSTM' | 'GRU'): OpResult {
  const what = `CuDNN${kind}`;
  const units = countDim(call, 'units', 'count', what);
  const shape = sequenceInput(call, 3, what);
  if (shape === null) return { output: out(null, call), cost: { params: null, macs: null } };
  const [batch, steps, features]: Dim[] = shape === 'unknown' ? [null, null, null] : [...shape];
  const output = rnnOutput(call, kind, batch!, steps!, units) ?? out(null, call);
  const g = GATES[kind];
  const params = isKnown(units) && isKnown(features!) ? exact(g * units * (features + units) + 2 * g * units) : null;
  return { output, cost: { params, macs: null } };
}

/**
 * ConvRNN2D(cell) with a ConvLSTM2DCell (Keras 2.1–2.3 keras/layers/convolutional_recurrent.py;
 * ConvLSTM2D is that pair): the cell's conv arguments, the wrapper's return_sequences/return_state.
 */
function convRnn2d(call: OpCall): OpResult {
  const cell = call.args.get('cell');
  if (cell?.kind !== 'layer' || cell.entry.names[0] !== 'ConvLSTM2DCell') return { output: out(null, call), cost: { params: null, macs: null } };
  const merged = new Map(cell.args.entries());
  for (const [k, v] of call.args.entries()) if (k !== 'cell') merged.set(k, v);
  return convLstm({ ...call, args: new Args(merged, cell.args.opaque || call.args.opaque), flavour: cell.flavour }, 2);
}

const CONV_LSTM_PARAMS = ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate'];

const layerEntry = (names: string[], params: string[], apply: (call: OpCall) => OpResult): OpEntry => ({ names, namespaces: ['keras.layers'], kind: 'layer', params, aliases: LEGACY, apply });

export const RECURRENT_ENTRIES: OpEntry[] = [
  ...(['SimpleRNN', 'LSTM', 'GRU'] as const).map((k) => layerEntry([k], ['units', 'activation'], (call) => recurrent(call, k))),
  ...[...CELLS].map(([name, k]) => layerEntry([name], ['units', 'activation'], (call) => cell(call, k))),
  layerEntry(['StackedRNNCells'], ['cells'], (call) => ({ output: out(null, call), cost: { params: null, macs: null } })),
  layerEntry(['RNN'], ['cell', 'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll'], rnnOfCells),
  layerEntry(['Bidirectional'], ['layer', 'merge_mode', 'weights', 'backward_layer'], bidirectional),
  layerEntry(['TimeDistributed'], ['layer'], timeDistributed),
  ...[1, 2, 3].map((n) => layerEntry([`ConvLSTM${n}D`], CONV_LSTM_PARAMS, (call) => convLstm(call, n))),
  ...(['LSTM', 'GRU'] as const).map((k) => ({ ...layerEntry([`CuDNN${k}`], ['units'], (call) => cudnn(call, k)), frameworks: 'Keras 2, tf.keras (tf.compat.v1)' })),
  // A cell applied on its own takes (inputs, states); only its ConvRNN2D is followed.
  { ...layerEntry(['ConvLSTM2DCell'], CONV_LSTM_PARAMS, (call) => ({ output: out(null, call), cost: { params: null, macs: null } })), frameworks: 'Keras 2' },
  { ...layerEntry(['ConvRNN2D'], ['cell', 'return_sequences', 'return_state', 'go_backwards', 'stateful', 'unroll'], convRnn2d), frameworks: 'Keras 2' },
];
