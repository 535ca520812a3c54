/**
 * Which Keras a file targets when it imports standalone `keras`. The two differ where it matters
 * here: Keras 1 `Deconvolution2D` uses `output_shape`; Keras 2 drops it (SHAPE_SEMANTICS §2.4, §3.3).
 *
 * Decision: Keras 1 when the file imports standalone `keras` (not `tensorflow.keras`), uses a
 * Keras 1-only spelling (Convolution2D, Deconvolution2D, AtrousConvolution2D, merge(), border_mode=,
 * subsample=, dim_ordering=, nb_filter=, output_dim=, init=) and no Keras 2-only one (Conv2D,
 * Conv2DTranspose, kernel_size=, filters=, units=, Concatenate, Add(), and what came after Keras 2:
 * keras.ops (Keras 3), MultiHeadAttention, LayerNormalization). Otherwise Keras 2+.
 * Keras 1 `dim_ordering='default'` means 'tf' (the default since Keras 1.1, SHAPE_SEMANTICS §0).
 * `Embedding(input_dim=, output_dim=)` is no evidence: they are Embedding's own names in every version.
 * Keras 1.1–1.2 also export `Conv2D` (= Convolution2D), `Conv1D`, `Conv3D`, `SeparableConv2D`,
 * `Deconv2D`, `AtrousConv1D/2D` (keras/layers/convolutional.py): a call of one of those whose
 * keywords are Keras 1 spellings and none Keras 2's (`Conv2D(64, 3, 3, border_mode='same')`) is
 * Keras 1 evidence, not Keras 2; one with both, or with neither, stays Keras 2 evidence, as does
 * naming one in code (`isinstance(l, layers.Conv2D)`) — but not importing it, or a string or
 * comment naming it.
 */
import type { SourceText } from './syntax.js';

/**
 * Keras 1's short aliases of its conv classes (keras/layers/convolutional.py at 1.1.0–1.2.2:
 * `Conv2D = Convolution2D`, …): under the Keras 1 dialect the alias takes the Keras 1 signature
 * (`Conv2D(nb_filter, nb_row, nb_col, …)`). Keras 2 reuses the names for its own classes.
 */
export const KERAS1_ALIASES: Readonly<Record<string, string>> = {
  Conv1D: 'Convolution1D',
  Conv2D: 'Convolution2D',
  Conv3D: 'Convolution3D',
  SeparableConv2D: 'SeparableConvolution2D',
  Deconv2D: 'Deconvolution2D',
};

/** Keywords only Keras 1 spells (Keras 2.0–2.3 convert them with a warning; Keras 3 rejects them). */
export const KERAS1_KEYWORDS: ReadonlySet<string> = new Set([
  'border_mode', 'subsample', 'subsample_length', 'dim_ordering', 'nb_filter', 'nb_row', 'nb_col', 'filter_length',
  'atrous_rate', 'init', 'W_regularizer', 'b_regularizer', 'W_constraint', 'b_constraint', 'output_dim', 'bias',
]);

/** `keras.ops` and `keras_core` exist only in Keras 3 (keras-core, then keras 3.0's `keras/ops`). */
const KERAS3_ONLY = /^\s*(import\s+keras_core\b|from\s+keras_core\b|from\s+keras\s+import\s+[^\n]*\bops\b|import\s+keras\.ops\b|from\s+keras\.ops\b)|\bkeras\.ops\./m;

const keras3Files = new WeakMap<SourceText, boolean>();

/** Whether the file uses what only Keras 3 has (read once per text). */
export function certainlyKeras3(src: SourceText): boolean {
  let v = keras3Files.get(src);
  if (v === undefined) keras3Files.set(src, (v = KERAS3_ONLY.test(src.text)));
  return v;
}

export function kerasVersionOf(source: string): 1 | 2 {
  const standalone = /^\s*(from\s+keras[\s.]|import\s+keras\b)/m.test(source);
  if (!standalone) return 2;
  // Keywords count only as call arguments (after `(` or `,`): Keras 1 examples assign
  // `kernel_size = (3, 3)` as a plain variable.
  const withoutEmbeddings = source.replace(/\bEmbedding\s*\([^()]*\)/g, '');
  const k1 = /\b(Convolution[123]D|Deconvolution2D|AtrousConvolution[12]D|SeparableConvolution2D)\b|\bmerge\s*\(|[(,]\s*(border_mode|subsample|subsample_length|dim_ordering|nb_filter|nb_row|nb_col|filter_length|atrous_rate|output_dim|init|W_regularizer|b_regularizer)\s*=(?!=)/.test(withoutEmbeddings);
  const code = withoutKeras1Aliases(source);
  const k2 = KERAS1_ALIAS_NAME.test(namesInCode(code)) || /\b(Conv[123]DTranspose|SeparableConv1D|DepthwiseConv2D|Concatenate)\b|\bAdd\s*\(|[(,]\s*(kernel_size|filters|units|data_format)\s*=(?!=)|tensorflow\.keras|tf\.keras|\bkeras\.ops\b|^\s*from\s+keras\s+import\s+[^\n]*\bops\b|\b(MultiHeadAttention|LayerNormalization)\b/m.test(code);
  return k1 && !k2 ? 1 : 2;
}

const KERAS1_ALIAS_NAME = /\b(Conv[123]D|SeparableConv2D)\b/;

/** The code's names: strings, comments and import statements blanked (Python's tokens, roughly). */
function namesInCode(source: string): string {
  return source
    .replace(/("""|''')[\s\S]*?\1|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|#[^\n]*/g, ' ')
    .replace(/^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+(?:\([^)]*\)|[^\n]*)/gm, ' ');
}

const ALIAS_CALL = /\b(?:Conv[123]D|SeparableConv2D|Deconv2D|AtrousConv[12]D)\s*\(/g;
const KERAS2_KEYWORDS: ReadonlySet<string> = new Set(['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'use_bias', 'kernel_initializer', 'kernel_regularizer', 'bias_regularizer', 'kernel_constraint', 'bias_constraint', 'depthwise_initializer', 'pointwise_initializer']);

/** The source with each Keras 1 alias call spelled with Keras 1 keywords only blanked out (no Keras 2 evidence). */
function withoutKeras1Aliases(source: string): string {
  let text = source;
  for (const m of source.matchAll(ALIAS_CALL)) {
    const call = callArguments(source, m.index + m[0].length - 1);
    if (call === null) continue;
    if (call.keywords.some((k) => KERAS1_KEYWORDS.has(k)) && !call.keywords.some((k) => KERAS2_KEYWORDS.has(k))) {
      text = text.slice(0, m.index) + ' '.repeat(call.end + 1 - m.index) + text.slice(call.end + 1);
    }
  }
  return text;
}

/**
 * The call whose `(` is at `open`: the offset of its `)` and the keyword names of its own arguments
 * (`name=` at its bracket depth; strings skipped), or null when it is not closed.
 */
function callArguments(source: string, open: number): { end: number; keywords: string[] } | null {
  const keywords: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = open + 1;
  const argument = (end: number) => {
    const k = /^\s*([A-Za-z_]\w*)\s*=(?!=)/.exec(source.slice(start, end));
    if (k) keywords.push(k[1]!);
  };
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth > 0) continue;
      if (c !== ')') return null;
      argument(i);
      return { end: i, keywords };
    } else if (c === ',' && depth === 1) {
      argument(i);
      start = i + 1;
    }
  }
  return null;
}
