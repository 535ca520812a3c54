/**
 * Keras 3 and tf.keras preprocessing layers (also reached as `layers.experimental.preprocessing.*`,
 * which ../../imports.ts maps to `keras.layers`). Rules: keras/src/layers/preprocessing/*.py
 * (`compute_output_shape`, `build`); none has trainable weights, and only Normalization has any.
 */
import { productOf, type Dim } from '../../../engine/dim.js';
import { NO_COST, type Cost } from '../../../engine/cost.js';
import { isSeq } from '../../values.js';
import { identity, sumCost, tensorList } from '../common.js';
import { applyWrapped } from './recurrent.js';
import { axisSizes, channelsFirstOf, fmtShape, out, outTail } from '../shapes.js';
import { countArg } from '../sizes.js';
import type { OpCall, OpEntry, OpResult } from '../types.js';

const layer = (names: string[], params: string[], apply: (call: OpCall) => OpResult): OpEntry => ({ names, namespaces: ['keras.layers'], kind: 'layer', params, apply });
const same = (names: string[], params: string[] = [], frameworks?: string): OpEntry => ({ ...layer(names, params, (call) => identity(call)), ...(frameworks ? { frameworks } : {}) });

/**
 * Resizing / CenterCrop / RandomCrop (resizing.py, center_crop.py, random_crop.py): the image axes
 * become (height, width), batched (N, H, W, C) or not (H, W, C); channels_first puts C before them.
 */
function toSize(call: OpCall, what: string): OpResult {
  const t = call.input;
  const h = countArg(call, 'height', 'count', what);
  const w = countArg(call, 'width', 'count', what);
  const cf = channelsFirstOf(call);
  if (t.kind !== 'tensor' || t.shape === null || cf === null) return { output: out(null, call), cost: NO_COST };
  const s = t.shape;
  if (s.length !== 3 && s.length !== 4) {
    if (!call.ctx.speculative) call.ctx.report({ severity: 'error', code: 'rank-mismatch', message: `${what} expects images (batch, height, width, channels) or (height, width, channels), got ${fmtShape(s)}` });
    return { output: out(null, call), cost: NO_COST };
  }
  const lead = s.slice(0, s.length - 3);
  const c = cf ? s[s.length - 3]! : s[s.length - 1]!;
  return { output: out(cf ? [...lead, c, h, w] : [...lead, h, w, c], call), cost: NO_COST };
}

/** RandomHeight / RandomWidth (random_height.py, random_width.py): that axis gets a random size. */
function randomSize(call: OpCall, axisFromEnd: number): OpResult {
  const t = call.input;
  if (t.kind !== 'tensor' || t.shape === null || t.shape.length < 3) return { output: out(null, call), cost: NO_COST };
  const s = [...t.shape];
  s[s.length - axisFromEnd] = null;
  return { output: out(s, call), cost: NO_COST };
}

/**
 * Normalization (normalization.py `build`): without `mean`/`variance`, non-trainable `mean` and
 * `variance` shaped like the kept axes (`axis`, default -1) and a scalar `count`, which
 * model.summary() counts; with them given, no weights.
 */
function normalization(call: OpCall): OpResult {
  const given = call.args.has('mean') && call.args.get('mean')?.kind !== 'none';
  if (given) return identity(call);
  return identity(call, (s) => {
    const keep = axisSizes(call, s);
    return keep ? { params: 2 * (productOf(keep) as number) + 1, macs: 0 } : { params: null, macs: null };
  });
}

/**
 * CategoryEncoding (category_encoding.py `compute_output_shape`): the last axis becomes `num_tokens`
 * — for one_hot a last axis of size ≠ 1 (or a rank-1 input) is kept and num_tokens added.
 */
function categoryEncoding(call: OpCall): OpResult {
  const t = call.input;
  const n = countArg(call, 'num_tokens', 'positive', 'CategoryEncoding');
  const mode = call.args.str('output_mode', 'multi_hot');
  if (t.kind !== 'tensor' || t.shape === null || mode === null) return { output: out(null, call), cost: NO_COST };
  const s = t.shape;
  if (s.length === 0) return { output: out([n], call), cost: NO_COST };
  const keepLast = mode === 'one_hot' && (s[s.length - 1] !== 1 || s.length === 1);
  return { output: out([...(keepLast ? s : s.slice(0, -1)), n], call), cost: NO_COST };
}

/** Output modes of the lookup and encoding layers: 'int' keeps the shape; the others end in the vocabulary size. */
function lookup(call: OpCall, vocabularySize: Dim = null): OpResult {
  const mode = call.args.str('output_mode', 'int');
  if (mode === 'int') return identity(call);
  const t = call.input;
  // multi_hot / count / tf_idf / one_hot: (…, vocabulary size), the size known only once adapted
  // or when the vocabulary is given.
  if (t.kind !== 'tensor' || t.shape === null || t.shape.length < 1) return { output: out(null, call), cost: NO_COST };
  const size: Dim = call.args.bool('pad_to_max_tokens', false) ? call.args.int('max_tokens') : vocabularySize;
  // one_hot encodes each element, a trailing axis of 1 replaced (index_lookup.py compute_output_shape).
  const s = t.shape;
  const keep = mode === 'one_hot' && !(s.length > 1 && s[s.length - 1] === 1) ? s.length : s.length - 1;
  return { output: out([...s.slice(0, keep), size], call), cost: NO_COST };
}

/**
 * StringLookup / IntegerLookup with a literal `vocabulary`: outside 'int' mode the depth is the
 * vocabulary plus `num_oov_indices` (1 by default); the mask token counts only in 'int' mode
 * (keras/src/layers/preprocessing/index_lookup.py `vocabulary_size`, `_token_start_index`,
 * `_oov_start_index`). A list holding a special token or a repeat (set_vocabulary strips or
 * rejects those) or a file path gives an unknown size.
 */
function vocabularyLookup(call: OpCall): OpResult {
  const v = call.args.get('vocabulary');
  const oov = call.args.int('num_oov_indices', 1);
  if (!v || !isSeq(v) || oov === null || oov < 0) return lookup(call);
  const tokens = v.items.map((x) => (x.kind === 'str' || x.kind === 'num' ? String(x.value) : null));
  const specials = [call.args.get('oov_token'), call.args.get('mask_token')].map((x) => (x?.kind === 'str' || x?.kind === 'num' ? String(x.value) : null));
  const plain = tokens.every((x) => x !== null && !specials.includes(x) && !['[UNK]', '-1'].includes(x)) && new Set(tokens).size === tokens.length;
  return lookup(call, plain && !call.args.opaque ? tokens.length + oov : null);
}

/**
 * TextVectorization (text_vectorization.py `compute_output_shape`): strings (N,) or (N, 1) in;
 * 'int' gives (N, output_sequence_length) (None when not given), the other modes (N, max_tokens)
 * with `pad_to_max_tokens`, else (N, None). A rank-0 string gives (output_sequence_length,) (`call`).
 */
function textVectorization(call: OpCall): OpResult {
  const t = call.input;
  const mode = call.args.str('output_mode', 'int');
  const batch = t.kind === 'tensor' && t.shape && t.shape.length > 0 ? t.shape[0]! : null;
  if (mode === null) return { output: out(null, call), cost: NO_COST };
  // A scalar string (one element of an unbatched dataset): `_preprocess` squeezes only rank > 1, so
  // `tf.strings.split` makes it rank 1 and `call` pads that to (output_sequence_length,). So an
  // input of unknown rank gives (…, L); without a split, or in another mode, such inputs are unknown.
  const shape = t.kind === 'tensor' ? t.shape : null;
  const rankKnown = shape !== null;
  const scalar = shape?.length === 0;
  const split = !(call.args.has('split') && call.args.isNone('split'));
  if ((scalar || !rankKnown) && (mode !== 'int' || !split)) return { output: out(null, call), cost: NO_COST };
  const length = call.args.isNone('output_sequence_length') ? null : countArg(call, 'output_sequence_length', 'count', 'TextVectorization');
  if (mode === 'int' && !rankKnown) return { output: outTail([length], call), cost: NO_COST };
  if (mode === 'int') return { output: out(scalar ? [length] : [batch, length], call), cost: NO_COST };
  const pad = call.args.bool('pad_to_max_tokens', false);
  return { output: out([batch, pad ? call.args.int('max_tokens') : null], call), cost: NO_COST };
}

/**
 * HashedCrossing (Keras 3 keras/src/layers/preprocessing/hashed_crossing.py `compute_output_shape`;
 * tf.keras 2.8+ the same rule, preprocessing_utils.py `compute_shape_for_encode_categorical`): two
 * features of one shape; 'int' keeps it, 'one_hot' ends in `num_bins` (a last axis of 1 replaced).
 */
function hashedCrossing(call: OpCall): OpResult {
  const ts = tensorList(call.input);
  const n = countArg(call, 'num_bins', 'positive', 'HashedCrossing');
  const mode = call.args.str('output_mode', 'int');
  const s = ts && ts.length === 2 ? ts[0]!.shape : null;
  if (s === null || mode === null) return { output: out(null, call), cost: NO_COST };
  if (mode === 'int') return { output: out(s, call), cost: NO_COST };
  if (s.length === 0) return { output: out([n], call), cost: NO_COST };
  return { output: out([...(s[s.length - 1] !== 1 ? s : s.slice(0, -1)), n], call), cost: NO_COST };
}

/** CategoryCrossing (tf.keras 2.6–2.7 category_crossing.py `compute_output_shape`): rank-2 inputs → (batch, None). */
function categoryCrossing(call: OpCall): OpResult {
  const ts = tensorList(call.input);
  const first = ts?.[0]?.shape;
  return { output: out([first && first.length === 2 ? first[0]! : null, null], call), cost: NO_COST };
}

/**
 * Pipeline (Keras 3 keras/src/layers/preprocessing/pipeline.py `call`): its layers applied in
 * order, each on the previous one's output; their weights are its own.
 */
function pipeline(call: OpCall): OpResult {
  const layers = call.args.get('layers');
  let x = call.input;
  let cost: Cost = NO_COST;
  if (!layers || !isSeq(layers) || x.kind !== 'tensor') return { output: out(null, call), cost: { params: null, macs: null } };
  for (const l of layers.items) {
    if (l.kind !== 'layer' || x.kind !== 'tensor') return { output: out(null, call), cost: { params: null, macs: null } };
    const r = applyWrapped(call, l, x);
    x = r.output;
    cost = sumCost(cost, r.cost ?? { params: null, macs: null });
  }
  return { output: x.kind === 'tensor' ? out(x.shape, call) : out(null, call), cost };
}

export const PREPROCESSING_ENTRIES: OpEntry[] = [
  same(['Rescaling'], ['scale', 'offset']),
  layer(['Resizing'], ['height', 'width', 'interpolation', 'crop_to_aspect_ratio'], (call) => toSize(call, 'Resizing')),
  layer(['CenterCrop'], ['height', 'width'], (call) => toSize(call, 'CenterCrop')),
  layer(['RandomCrop'], ['height', 'width', 'seed'], (call) => toSize(call, 'RandomCrop')),
  layer(['RandomHeight'], ['factor', 'interpolation', 'seed'], (call) => randomSize(call, 3)),
  layer(['RandomWidth'], ['factor', 'interpolation', 'seed'], (call) => randomSize(call, 2)),
  // Augmentations that keep the image's shape (random_flip.py, random_rotation.py, …).
  same(['RandomFlip'], ['mode', 'seed']),
  same(['RandomRotation', 'RandomZoom', 'RandomTranslation', 'RandomContrast', 'RandomBrightness', 'RandomShear'], ['factor']),
  same(['RandomGrayscale', 'RandomHue', 'RandomSaturation', 'RandomSharpness', 'RandomColorJitter', 'RandomColorDegeneration', 'RandomPosterization', 'RandomInvert', 'RandomErasing', 'RandomGaussianBlur', 'RandomPerspective', 'RandomElasticTransform', 'Solarization', 'AutoContrast', 'Equalization', 'AugMix', 'RandAugment', 'MixUp', 'CutMix'], [], 'Keras 3'),
  layer(['Normalization'], ['axis', 'mean', 'variance', 'invert'], normalization),
  layer(['CategoryEncoding'], ['num_tokens', 'output_mode', 'sparse'], categoryEncoding),
  layer(['StringLookup', 'IntegerLookup'], ['max_tokens', 'num_oov_indices', 'mask_token', 'oov_token', 'vocabulary'], vocabularyLookup),
  layer(['Hashing'], ['num_bins', 'mask_value', 'salt', 'output_mode'], (call) => lookup(call)),
  layer(['Discretization'], ['bin_boundaries', 'num_bins', 'epsilon', 'output_mode'], (call) => lookup(call)),
  { ...layer(['HashedCrossing'], ['num_bins', 'output_mode', 'sparse'], hashedCrossing), takesList: true },
  { ...layer(['CategoryCrossing'], ['depth', 'name', 'separator'], categoryCrossing), takesList: true, frameworks: 'tf.keras 2' },
  // clahe.py and max_num_bounding_box.py `compute_output_shape`: images keep their shape (the
  // latter pads only a dict's bounding boxes).
  same(['ContrastLimitedAdaptiveHistogramEqualization', 'MaxNumBoundingBoxes'], [], 'Keras 3'),
  { ...layer(['Pipeline'], ['layers'], pipeline), frameworks: 'Keras 3' },
  layer(['TextVectorization'], ['max_tokens', 'standardize', 'split', 'ngrams', 'output_mode', 'output_sequence_length', 'pad_to_max_tokens'], textVectorization),
];
