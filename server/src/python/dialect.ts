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
 */
export function kerasVersionOf(source: string): 1 | 2 {
  const standalone = /^\s*(from\s+keras[\s.]|import\s+keras\b)/m.test(source);
  if (!standalone) return 2;
  // Keywords count only as call arguments (after `(` or `,`): Keras 1 examples assign
  // `kernel_size = (3, 3)` as a plain variable.
  const withoutEmbeddings = source.replace(/\bEmbedding\s*\([^()]*\)/g, '');
  const k1 = /\b(Convolution[123]D|Deconvolution2D|AtrousConvolution[12]D|SeparableConvolution2D)\b|\bmerge\s*\(|[(,]\s*(border_mode|subsample|dim_ordering|nb_filter|nb_row|output_dim|init)\s*=(?!=)/.test(withoutEmbeddings);
  const k2 = /\b(Conv[123]D|Conv[123]DTranspose|SeparableConv[12]D|DepthwiseConv2D|Concatenate)\b|\bAdd\s*\(|[(,]\s*(kernel_size|filters|units|data_format)\s*=(?!=)|tensorflow\.keras|tf\.keras|\bkeras\.ops\b|^\s*from\s+keras\s+import\s+[^\n]*\bops\b|\b(MultiHeadAttention|LayerNormalization)\b/m.test(source);
  return k1 && !k2 ? 1 : 2;
}
