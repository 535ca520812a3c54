/**
 * Keras 3's audio layers: MelSpectrogram (3.1+) and STFTSpectrogram (3.7+). Rules:
 * keras/src/layers/preprocessing/mel_spectrogram.py and stft_spectrogram.py (`__init__` defaults,
 * `build` for the weights, `compute_output_shape`).
 */
import { addN, floorDivN, mulN, type Dim } from '../../../engine/dim.js';
import { exact, NO_COST } from '../../../engine/cost.js';
import { channelsFirstOf, fmtShape, out, paddingOf, windowed } from '../shapes.js';
import { countArg } from '../sizes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

/**
 * MelSpectrogram: (T,) → (num_mel_bins, (T + stride + 1) // stride), (N, T) → (N, num_mel_bins, …)
 * with stride `sequence_stride` (default 512); no weights (the mel matrix is computed in `call`).
 */
function melSpectrogram(call: OpCall): OpResult {
  const t = call.input;
  const bins = call.args.has('num_mel_bins') ? countArg(call, 'num_mel_bins', 'count', 'MelSpectrogram') : 128;
  const stride = call.args.has('sequence_stride') ? countArg(call, 'sequence_stride', 'positive', 'MelSpectrogram') : 512;
  if (t.kind !== 'tensor' || t.shape === null || t.shape.length === 0) return { output: out(null, call), cost: NO_COST };
  const s = t.shape;
  const steps = s.length === 1 ? s[0]! : s[1]!;
  const frames: Dim = stride === null ? null : floorDivN(addN(steps, stride + 1), stride);
  return { output: out(s.length === 1 ? [bins, frames] : [s[0]!, bins, frames], call), cost: NO_COST };
}

/**
 * STFTSpectrogram: a conv of the (N, T, C) signal with kernels of `frame_length` taps and stride
 * `frame_step` (default frame_length // 2), `padding` valid/same; F = fft_length // 2 + 1 frequency
 * bins (fft_length: the next power of two ≥ frame_length), doubled in mode 'stft', per channel:
 * (N, T', F·C), or (N, T', F, C) with expand_dims. Weights (build): real_kernel and imag_kernel of
 * (frame_length, 1, F) — only the real one in mode 'real', only the imaginary one in mode 'imag'.
 */
function stftSpectrogram(call: OpCall): OpResult {
  const a = call.args;
  const what = 'STFTSpectrogram';
  const frame = a.has('frame_length') ? countArg(call, 'frame_length', 'positive', what) : 256;
  const step = a.has('frame_step') && !a.isNone('frame_step') ? countArg(call, 'frame_step', 'positive', what) : frame === null ? null : Math.floor(frame / 2);
  const fft = a.has('fft_length') && !a.isNone('fft_length') ? countArg(call, 'fft_length', 'positive', what) : frame === null ? null : 2 ** Math.ceil(Math.log2(frame));
  const mode = a.str('mode', 'log');
  const expand = a.bool('expand_dims', false);
  const cf = channelsFirstOf(call);
  const bins = fft === null ? null : Math.floor(fft / 2) + 1;
  const kernels = mode === 'real' || mode === 'imag' ? 1 : 2;
  const params = frame !== null && bins !== null && mode !== null ? exact(kernels * frame * bins) : null;
  const t = call.input;
  if (t.kind === 'tensor' && t.shape !== null && t.shape.length !== 3) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `${what} expects a 3-D input (batch, time, channels), got ${fmtShape(t.shape)} ("expected ndim=3")` });
    return { output: out(null, call), cost: { params, macs: null } };
  }
  const freq = bins === null || mode === null ? null : mode === 'stft' ? 2 * bins : bins;
  const r = windowed(call, t, {
    op: 'convolution',
    framework: 'keras',
    what,
    spatial: 1,
    kernel: frame === null ? null : [frame],
    strides: step === null ? null : [step],
    dilation: [1],
    padding: paddingOf(a.str('padding', 'valid'), 1),
    channelsFirst: cf,
    outChannels: (cin) => (freq === null ? null : mulN(cin, freq)),
  });
  const y = r.output.kind === 'tensor' ? r.output.shape : null;
  const cost = { params, macs: null };
  if (expand === null || cf === null || y === null) return { output: out(null, call), cost };
  if (!expand) return { output: r.output, windowing: r.windowing ?? null, cost };
  const input = t.kind === 'tensor' && t.shape ? t.shape : null;
  const channels = input ? input[cf ? 1 : 2]! : null;
  const time = y[cf ? 2 : 1]!;
  return { output: out(cf ? [y[0]!, channels, time, freq] : [y[0]!, time, freq, channels], call), windowing: r.windowing ?? null, cost };
}

export const AUDIO_ENTRIES: OpEntry[] = [
  {
    names: ['MelSpectrogram'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['fft_length', 'sequence_stride', 'sequence_length', 'window', 'sampling_rate', 'num_mel_bins'],
    frameworks: 'Keras 3',
    apply: melSpectrogram,
  },
  {
    names: ['STFTSpectrogram'],
    namespaces: ['keras.layers'],
    kind: 'layer',
    params: ['mode', 'frame_length', 'frame_step', 'fft_length', 'window', 'periodic', 'scaling', 'padding', 'expand_dims', 'data_format'],
    frameworks: 'Keras 3',
    apply: stftSpectrogram,
  },
];
