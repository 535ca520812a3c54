/**
 * The model summary the editor's webview shows: per model, a table (name, type, output shape,
 * params, MACs, where the layer is, whether it has an error), the edges of its graph, and totals;
 * Pure: the server builds it from an AnalysisResult; the webview script renders it (it imports
 * only this file's types) and copies it as text with ./summary-text.ts.
 */
import { formatShape, type ShapeFormat } from '../analysis/format.js';
import { layerEdges } from '../analysis/graph.js';
import type { AnalysisResult, Language, LayerResult, Range } from '../analysis/types.js';
import { formatOutputs } from './format.js';
import { errorsByLayer } from './hover.js';

export interface SummaryRow {
  /** The layer's name where the code gives one, else null (the type then names it). */
  readonly name: string | null;
  readonly type: string;
  /** The output shape(s), formatted. */
  readonly output: string;
  readonly params: number | null;
  readonly macs: number | null;
  /** The layer in the document: a click reveals it, the cursor inside it highlights the row. */
  readonly range: Range;
  /** In a notebook's summary, the cell document holding the layer (`range` is in its positions). */
  readonly uri?: string;
  /** A call of a user function or model: shows what it returns (a custom layer's or model's call: and its rows' params), counts nothing. */
  readonly composite: boolean;
  /** Rows a custom layer's call or a nested model applied: how deep (LayerResult.depth); absent at the top. */
  readonly depth?: number;
  /** The first error of the layer, or null. */
  readonly error: string | null;
}

/** An edge of the graph: a tensor (blob) from one row's layer into another's. */
export interface SummaryEdge {
  /** Row indices. */
  readonly from: number;
  readonly to: number;
  /** The tensor's shape, formatted. */
  readonly label: string;
}

export interface SummaryTotals {
  readonly params: number;
  readonly macs: number;
  /** Layers whose count is unknown (not in the sums). */
  readonly unknownParams: number;
  readonly unknownMacs: number;
}

/** One model's summary. */
export interface ModelTable {
  readonly title: string;
  readonly rows: readonly SummaryRow[];
  readonly edges: readonly SummaryEdge[];
  readonly totals: SummaryTotals;
}

/**
 * The answer to `shapelens/modelSummary`: a list of tables, one per model the document builds
 * (a prototxt's net is one).
 */
export interface ModelSummary {
  readonly uri: string;
  /** The document version it was made from. */
  readonly version: number;
  readonly language: Language;
  readonly tables: readonly ModelTable[];
}

export function modelTables(result: AnalysisResult, title: string, format: ShapeFormat): ModelTable[] {
  const errors = firstErrors(result);
  // Python: one table per model, as the CLI prints them (a nested call's rows under it); prototxt: its net.
  const models = result.models ?? [];
  const parts = models.length > 0 ? models.map((m) => ({ title: models.length === 1 ? title : `${title}: ${m.name}`, layers: m.layers })) : [{ title, layers: result.layers }];
  return parts.map((p) => tableOf(p.title, p.layers, errors, format));
}

function tableOf(title: string, layers: readonly LayerResult[], errors: ReadonlyMap<string, string>, format: ShapeFormat): ModelTable {
  const rows: SummaryRow[] = layers.map((l) => ({
    name: l.name,
    type: l.type,
    output: l.outputs.length > 0 ? formatOutputs(l.outputs, format) : '-',
    params: l.params,
    macs: l.composite ? null : l.macs,
    range: l.range,
    composite: l.composite === true,
    ...(l.depth ? { depth: l.depth } : {}),
    error: errors.get(layerKey(l)) ?? null,
  }));
  const edges = layerEdges(layers).map((e) => ({ from: e.from, to: e.to, label: formatShape(e.tensor.shape, format, e.tensor.tail) }));
  const counted = layers.filter((l) => !l.composite);
  const totals: SummaryTotals = {
    params: counted.reduce((s, l) => s + (l.params ?? 0), 0),
    macs: counted.reduce((s, l) => s + (l.macs ?? 0), 0),
    unknownParams: counted.filter((l) => l.params === null).length,
    unknownMacs: counted.filter((l) => l.macs === null).length,
  };
  return { title, rows, edges, totals };
}

/** A model's table holds copies of the document's rows (its own depth, a loop's count): rows are matched by place and type. */
function layerKey(l: LayerResult): string {
  const r = l.range;
  return `${l.file ?? ''}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${l.type}`;
}

/** The first error of each layer that has one. */
function firstErrors(result: AnalysisResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const [l, ds] of errorsByLayer(result)) if (ds[0]) out.set(layerKey(l), ds[0].message);
  return out;
}
