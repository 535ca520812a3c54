/**
 * The LSP views of one analysis, answered query by query: inlay hints for a range, a hint's
 * tooltip, hover, code actions, the summary text and tables. The analysis worker keeps one
 * `ResultViews` per open document and answers the server's queries from it (worker.ts), so only
 * the answers cross the thread; the server uses the same class for the results it holds itself
 * (a notebook cell's view of its notebook, a skipped or failed analysis). Pure: no I/O.
 */
import type { CodeAction, Hover, Diagnostic as LspDiagnostic, MarkupContent, Position, Range as LspRange } from 'vscode-languageserver';
import type { AnalysisResult, Language } from '../analysis/types.js';
import type { ShapeFormat } from '../analysis/format.js';
import { codeActions, documentLayers, HintIndex, hintTooltipMarkup, toLspDiagnostic, type EditTarget, type HintData, type HintsJson } from './convert.js';
import { summaryText } from './format.js';
import { hoverMarkdown, layersAt } from './hover.js';
import { modelTables, type ModelTable } from './summary-view.js';

/** How views are written: the document's settings (and whether hint tooltips wait for resolve). */
export interface ViewOptions {
  readonly format: ShapeFormat;
  readonly showParams: boolean;
  /** Set when tooltips are left to inlayHint/resolve: each hint carries this as its data. */
  readonly lazy?: HintData;
}

/** One question about an analysis. Plain data: it crosses to the worker. */
export type ViewQuery =
  | { readonly kind: 'hints'; readonly range: LspRange }
  | { readonly kind: 'tooltip'; readonly position: Position }
  | { readonly kind: 'hover'; readonly position: Position }
  | { readonly kind: 'codeActions'; readonly range: LspRange; readonly only?: readonly string[]; readonly target: Omit<EditTarget, 'versionOf'> }
  | { readonly kind: 'summary'; readonly title: string }
  | { readonly kind: 'tables'; readonly title: string };

interface Answers {
  /** UTF-8 JSON text: the hints cross the thread and reach the client as one array of bytes (convert.ts · HintsJson). */
  hints: HintsJson;
  tooltip: MarkupContent | null;
  hover: Hover | null;
  codeActions: CodeAction[];
  summary: string;
  tables: ModelTable[];
}

export type ViewAnswer<Q extends ViewQuery> = Answers[Q['kind']];

/**
 * What the server keeps of an analysis it does not hold: enough to publish diagnostics and to know
 * what the document reads, and how large it was (warm-up).
 */
export interface AnalysisFacts {
  readonly language: Language;
  readonly layers: number;
  /** The files the analysis read (Python imports): the document is re-analysed when they change. */
  readonly dependencies: readonly string[];
  /** Whether an import found nothing (a created file may resolve it). */
  readonly unresolvedImports: boolean;
  /** The diagnostics in LSP form, for `uri`. */
  readonly diagnostics: readonly LspDiagnostic[];
}

export function analysisFacts(result: AnalysisResult, uri: string): AnalysisFacts {
  return {
    language: result.language,
    layers: result.layers.length,
    dependencies: result.dependencies ?? [],
    unresolvedImports: result.diagnostics.some((d) => d.code === 'unresolved-import'),
    diagnostics: result.diagnostics.map((d) => toLspDiagnostic(d, uri)),
  };
}

function sameOptions(a: ViewOptions, b: ViewOptions): boolean {
  return a.showParams === b.showParams && a.lazy === b.lazy && a.format.style === b.format.style && a.format.unknown === b.format.unknown && a.format.batch === b.format.batch;
}

export class ResultViews {
  /**
   * The hint index of the last options asked for: editors ask for the visible range after every
   * edit and again on every scroll, and the index builds each hint once.
   */
  private hintIndex: { options: ViewOptions; index: HintIndex } | null = null;

  constructor(
    readonly result: AnalysisResult,
    /** The version of another document an edit is in (a notebook's other cells). */
    private readonly versionOf?: (uri: string) => number | null,
    /** The views of the document's last analysis: hints of layers it left alone are taken from them (HintIndex). */
    private previous: ResultViews | null = null,
  ) {
    if (previous) previous.previous = null;
  }

  answer<Q extends ViewQuery>(query: Q, options: ViewOptions): ViewAnswer<Q>;
  answer(query: ViewQuery, options: ViewOptions): Answers[keyof Answers] {
    const result = this.result;
    switch (query.kind) {
      case 'hints':
        return this.hints(options).jsonInRange(query.range);
      case 'tooltip':
        return hintTooltipMarkup(result, query.position, options) ?? null;
      case 'hover': {
        const value = hoverMarkdown(layersAt(documentLayers(result), query.position), options.format);
        return value ? { contents: { kind: 'markdown', value } } : null;
      }
      case 'codeActions':
        return codeActions(result, query.range, query.only ? { only: [...query.only] } : {}, { ...query.target, ...(this.versionOf ? { versionOf: this.versionOf } : {}) });
      case 'summary':
        return summaryText(result, query.title, options.format);
      case 'tables':
        return modelTables(result, query.title, options.format);
    }
  }

  private hints(options: ViewOptions): HintIndex {
    if (!this.hintIndex || !sameOptions(this.hintIndex.options, options)) {
      const last = this.previous?.hintIndex;
      // The lazy data is the revision, different each time: a hint taken gets this one's.
      const previous = last && (last.options.lazy === undefined) === (options.lazy === undefined) && sameOptions({ ...last.options, lazy: options.lazy }, options) ? last.index : null;
      this.hintIndex = { options, index: new HintIndex(this.result, options, options.lazy, previous) };
      this.previous = null;
    }
    return this.hintIndex.index;
  }
}
