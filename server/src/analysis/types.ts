/**
 * The one analysis result every view reads: the CLI prints it, the language server turns it into
 * inlay hints, hovers, diagnostics and code actions. Positions are 0-based lines and UTF-16 columns,
 * as web-tree-sitter and LSP both count them; no LSP types here.
 */
import type { Dim } from '../engine/dim.js';
import type { AxisResult } from '../engine/window.js';
import type { TransposeAxisResult } from '../engine/transpose.js';

/** A tensor shape; `null` for the whole shape when not even the rank is known. */
export type Shape = readonly Dim[];

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Language = 'prototxt' | 'python';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
  /** The document the edit is in when it is not the one the result is of (a notebook's other cell). */
  readonly uri?: string;
}

/**
 * A code action: a diagnostic's quick fixes (and refactors), or a refactor a layer offers on its own
 * (LayerResult.actions). The edits never overlap; each range is in the analysed text.
 */
export interface Fix {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor';
  readonly edits: readonly TextEdit[];
  /** True when this is the obvious fix for its diagnostic (layer refactors: false). */
  readonly preferred: boolean;
}

export interface Diagnostic {
  readonly range: Range;
  readonly severity: Severity;
  /** Stable kebab-case code, e.g. `eltwise-shape-mismatch`. */
  readonly code: string;
  readonly message: string;
  /**
   * Where the numbers in the message come from, e.g. the layer that produced the input; `uri` when
   * that is in another document than the diagnostic's (a notebook's other cell).
   */
  readonly related: readonly { readonly range: Range; readonly message: string; readonly uri?: string }[];
  readonly fixes: readonly Fix[];
}

/** A named tensor flowing into or out of a layer. */
export interface Tensor {
  readonly name: string;
  /** null: not even the rank is known. */
  readonly shape: Shape | null;
  /**
   * Unknown leading dims: when `shape` is null, the last sizes that are still known (a `Dense(10)`
   * after a layer Shape Lens does not know is `(…, 10)`: tail `[10]`). Absent when nothing is known.
   */
  readonly tail?: Shape;
  /**
   * An input's producer, where the front end follows values (Python): the range of the layer
   * application that made it. A prototxt input is the named blob: its producer is the last layer
   * before with that top (analysis/graph.ts).
   */
  readonly source?: Range;
  /** The imported file `source` is in (LayerResult.file), when it is not the document. */
  readonly sourceFile?: string;
}

/** How a windowed layer (conv, pool, deconv, pad) maps its spatial axes, for hovers. */
export type Windowing =
  | { readonly kind: 'window'; readonly op: 'convolution' | 'pooling'; readonly axes: readonly AxisResult[]; readonly axisNames: readonly string[]; readonly framework: Framework }
  | { readonly kind: 'transpose'; readonly axes: readonly TransposeAxisResult[]; readonly axisNames: readonly string[]; readonly framework: Framework }
  | { readonly kind: 'pad'; readonly pads: readonly { readonly before: number; readonly after: number }[]; readonly axisNames: readonly string[]; readonly framework: Framework };

export type Framework = 'caffe' | 'tensorflow' | 'keras' | 'pytorch';

export interface LayerResult {
  /** The layer's name (`name:` in prototxt, `name=` in Python; else Keras' default, see `defaultName`), or null. */
  readonly name: string | null;
  /** Set when `name` is the name Keras gives the layer by default (`conv2d_1`), not one the code wrote. */
  readonly defaultName?: true;
  /** The layer type as written: `Convolution`, `CONVOLUTION`, `layers.Conv2D`, `tf.layers.conv2d`. */
  readonly type: string;
  /** The whole layer block / call expression. */
  readonly range: Range;
  /** Where an inlay hint for this layer goes: the end of its `name:` line (prototxt), of its call's last line (Python). */
  readonly anchor: Position;
  readonly inputs: readonly Tensor[];
  /** One entry per top (prototxt) or the assigned variable / `output` (Python). */
  readonly outputs: readonly Tensor[];
  readonly params: number | null;
  readonly macs: number | null;
  readonly windowing: Windowing | null;
  /**
   * Code actions offered on the layer itself, not tied to a diagnostic (refactors, e.g. TF `SAME`
   * rewritten as explicit padding + `VALID`); the editor lists them for a range inside `range`.
   * Empty when none applies (always for Caffe).
   */
  readonly actions: readonly Fix[];
  /**
   * Set on a call of a user function or model whose layers have entries of their own: it shows the
   * shape the call returns, and totals skip it so no layer is counted twice. A custom layer's or a
   * nested model's call shows the params of the rows under it (`depth`), as Keras prints them on it.
   */
  readonly composite?: true;
  /**
   * Set when the layer's code is in a file the document imports (its path): `range` and `anchor`
   * are in that file, so the editor shows no hint for it here; the summary counts it, at the
   * document's statement that ran it.
   */
  readonly file?: string;
  /** Set for a Caffe fork layer type: the fork whose source its shape rule follows. */
  readonly fork?: string;
  /**
   * Python: set on what a custom layer's `call` or a nested model applied: how many such calls it
   * ran inside (in `ModelSummary.layers`: how deep under that table's own rows, each right after the
   * call's row). Keras' summary shows those rows indented under the call's row (`expand_nested=True`),
   * whose params are theirs (the call's row is `composite`, so totals count them once). Absent: 0.
   */
  readonly depth?: number;
  /**
   * Python: an op outside any model that ran this many times at this call site with the same
   * shapes (a training or generation loop), shown as one row. Absent: once.
   */
  readonly repeats?: number;
}

/**
 * Python: one model the code builds (a `Model(...)`/`Sequential` at module level or in an entry
 * point, or an entry point that builds layers outside any model), with its own rows, like Keras
 * printing `model.summary()` for each.
 */
export interface ModelSummary {
  /** `resnet50`, `model`, or the entry point's name (`conv_block`, `<module>`). */
  readonly name: string;
  /** The entry point it was built from when nothing calls it (`ResNet50`), else null. */
  readonly entry: string | null;
  /** The call that builds it (or the entry point's definition). */
  readonly range: Range;
  /** Where its total-params hint goes: the end of the building call, and of each `summary()` call. */
  readonly anchors: readonly Position[];
  readonly layers: readonly LayerResult[];
}

export interface AnalysisResult {
  readonly language: Language;
  readonly layers: readonly LayerResult[];
  readonly diagnostics: readonly Diagnostic[];
  /** Python: one entry per model built (see ModelSummary); absent for prototxt (one net per file). */
  readonly models?: readonly ModelSummary[];
  /** The files read to analyse the document (its imports); an editor re-analyses it when one changes. */
  readonly dependencies?: readonly string[];
}
