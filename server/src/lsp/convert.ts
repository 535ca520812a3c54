/**
 * AnalysisResult → LSP: thin, pure mappings. Positions are already LSP's (0-based lines, UTF-16
 * columns), so ranges map field for field.
 */
// The protocol's types package, not vscode-languageserver: the analysis worker's bundle holds these views, not the connection.
import {
  CodeAction,
  CodeActionKind,
  DiagnosticSeverity,
  InlayHintKind,
  MarkupKind,
  type CodeActionContext,
  type Diagnostic as LspDiagnostic,
  type InlayHint,
  type MarkupContent,
  type Range as LspRange,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { AnalysisResult, Diagnostic, Fix, LayerResult, ModelSummary, Range, Severity } from '../analysis/types.js';
import { formatCount } from '../analysis/format.js';
import { modelParams } from '../analysis/summary.js';
import { groupByAnchor, hintLabel, hintTooltip, type HintOptions } from './format.js';
import { errorsByLayer } from './hover.js';

export function toLspRange(r: Range): LspRange {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic, uri: string): LspDiagnostic {
  return {
    range: toLspRange(d.range),
    severity: SEVERITY[d.severity] ?? DiagnosticSeverity.Error,
    code: d.code,
    source: 'shapelens',
    message: d.message,
    ...(d.related.length > 0
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: r.uri ?? uri, range: toLspRange(r.range) }, message: r.message })) }
      : {}),
  };
}

function before(a: LspRange['start'], b: LspRange['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether two ranges touch (an empty range at a diagnostic's edge counts). */
export function rangesIntersect(a: LspRange, b: LspRange): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/**
 * What a hint carries for inlayHint/resolve to find its tooltip again: the revision number of the
 * document text it was built from (OpenDocument.revision, unique across documents). The layers are
 * those anchored at the hint's own position. One number keeps a whole file's hints small.
 */
export type HintData = number;

export function isHintData(v: unknown): v is HintData {
  return Number.isSafeInteger(v);
}

/**
 * Inlay hints for the layers anchored in `range`. With `lazy`, tooltips are left to
 * inlayHint/resolve (the hint carries `lazy` as its data): hints for a whole file stay small.
 */
export function inlayHints(result: AnalysisResult, range: LspRange, options: HintOptions, lazy?: HintData): InlayHint[] {
  return new HintIndex(result, options, lazy).inRange(range);
}

/**
 * The JSON text of an `InlayHint[]` in UTF-8: what the worker answers a hints query with. Its bytes
 * cross the thread in one copy (the structured clone of 2,000 hint objects took ~1.8 ms, a string
 * of them ~1 ms) and are written to the client as they are (transport.ts · RawJson).
 */
export type HintsJson = Uint8Array;

/** A hint as built once: the object without its lazy data, and its JSON text in UTF-8 without the closing brace. */
interface BuiltHint {
  readonly hint: InlayHint;
  readonly open: Uint8Array;
}

const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * The hints of one analysis, grouped by anchor once and built group by group as ranges ask for
 * them: an editor asks for the visible lines after every edit, and again on every scroll. Each
 * hint's JSON text is made when it is built and kept with it, so the next analysis' index takes
 * both for the layers an edit left alone, and an answer is a join of kept strings.
 */
export class HintIndex {
  private readonly groups: readonly HintGroup[];
  private readonly built: (BuiltHint | null | undefined)[];
  /** The error diagnostics of each layer that has any: its hint is marked. */
  private readonly errors: ReadonlyMap<LayerResult, readonly Diagnostic[]>;
  /** Each group's index by its first layer (see `reused`), made when the next index asks. */
  private byFirst: Map<LayerResult, number> | null = null;
  /** What the groups were made of (the next index takes them when its are the same objects). */
  private readonly layers: readonly LayerResult[];
  private readonly models: readonly ModelSummary[];
  /**
   * Whose groups these are, group for group: the last index's, the one's before it, or none. Not
   * the index itself: each would then hold one two analyses older, and the chain would never end.
   */
  private readonly sameGroups: 'last' | 'older' | null;
  /** What ends each hint's JSON text: its lazy data, then the brace. */
  private readonly close: Uint8Array;

  constructor(
    result: AnalysisResult,
    private readonly options: HintOptions,
    private readonly lazy?: HintData,
    /**
     * The index of the document's last analysis, with the same options: a group of the same layer
     * objects (rows an edit left alone are replayed as they are) takes its hint instead of building it.
     */
    private previous: HintIndex | null = null,
  ) {
    this.layers = documentLayers(result);
    this.models = result.models ?? [];
    // An edit that left every row and model alone (python/tables.ts reuses them) keeps the groups,
    // and one undone takes those of the index before the last.
    const madeOf = (index: HintIndex | null): boolean => index !== null && same(index.layers, this.layers) && same(index.models, this.models);
    const older = previous?.previous ?? null;
    this.sameGroups = madeOf(previous) ? 'last' : madeOf(older) ? 'older' : null;
    this.groups = this.groupsIndex()?.groups ?? withModelTotals(groupByAnchor(this.layers), this.models);
    this.errors = errorsByLayer(result);
    this.built = new Array<BuiltHint | null | undefined>(this.groups.length);
    this.close = Buffer.from(lazy === undefined ? '}' : `,"data":${JSON.stringify(lazy)}}`);
    // Two analyses back (an edit undone takes the hints of the one before the last, as its rows
    // are that analysis' again: python/statement-cache.ts · KeptRuns); older indexes are let go.
    if (previous?.previous) previous.previous.previous = null;
  }

  /** The hints in `range`, in document order. */
  inRange(range: LspRange): InlayHint[] {
    const lazy = this.lazy;
    return this.builtInRange(range).map((b) => (lazy === undefined ? b.hint : { ...b.hint, data: lazy }));
  }

  /** `inRange`'s hints as JSON text in UTF-8, the bytes of JSON.stringify of them: the kept texts copied in turn. */
  jsonInRange(range: LspRange): HintsJson {
    const built = this.builtInRange(range);
    const close = this.close;
    let length = 2 + Math.max(0, built.length - 1);
    for (const b of built) length += b.open.length + close.length;
    const out = new Uint8Array(length);
    out[0] = OPEN_BRACKET;
    let at = 1;
    for (let k = 0; k < built.length; k++) {
      if (k > 0) out[at++] = COMMA;
      const open = built[k]!.open;
      out.set(open, at);
      at += open.length;
      out.set(close, at);
      at += close.length;
    }
    out[at] = CLOSE_BRACKET;
    return out;
  }

  private builtInRange(range: LspRange): BuiltHint[] {
    const out: BuiltHint[] = [];
    // Groups are in document order: skip to the first one at or after range.start.
    let lo = 0;
    let hi = this.groups.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.groups[mid]!.anchor, range.start)) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.groups.length && !before(range.end, this.groups[i]!.anchor); i++) {
      let built = this.built[i];
      if (built === undefined) built = this.built[i] = this.reused(this.groups[i]!, i) ?? this.build(this.groups[i]!);
      if (built) out.push(built);
    }
    return out;
  }

  /** The hint the last index, or else the one before it, built for the same layers with the same totals and errors. */
  private reused(group: HintGroup, index: number): BuiltHint | null | undefined {
    const previous = this.previous;
    if (!previous) return undefined;
    // The index whose groups these are first: its hint for a group is at the same index.
    const own = this.groupsIndex();
    const first = own ?? previous;
    const hit = this.reusedFrom(first, group, own ? index : undefined);
    const other = first === previous ? previous.previous : previous;
    return hit !== undefined || !other ? hit : this.reusedFrom(other, group, undefined);
  }

  /** The index whose groups these are (see `sameGroups`), while it is still kept. */
  private groupsIndex(): HintIndex | null {
    return this.sameGroups === 'last' ? this.previous : this.sameGroups === 'older' ? (this.previous?.previous ?? null) : null;
  }

  /** `previous`'s hint for `group` (its group `index` when the groups are the same, else found by its first layer). */
  private reusedFrom(previous: HintIndex, group: HintGroup, index: number | undefined): BuiltHint | null | undefined {
    const first = group.layers[0];
    if (!first) return undefined;
    let i = index;
    if (i === undefined) {
      previous.byFirst ??= new Map(previous.groups.map((g, k) => [g.layers[0]!, k]));
      i = previous.byFirst.get(first);
    }
    const built = i === undefined ? undefined : previous.built[i];
    if (built === undefined) return undefined;
    const old = previous.groups[i!]!;
    if (old !== group && (!same(old.layers, group.layers) || !same(old.totals ?? [], group.totals ?? []))) return undefined;
    for (const l of group.layers) if (!same(previous.errors.get(l) ?? [], this.errors.get(l) ?? [])) return undefined;
    return built;
  }

  private build(group: HintGroup): BuiltHint | null {
    const p = group.anchor;
    const layerShapes = group.layers.length > 0 ? hintLabel(group.layers, this.options) : null;
    const errors = group.layers.flatMap((l) => this.errors.get(l) ?? []);
    const shapes = layerShapes !== null && errors.length > 0 ? `${layerShapes} ✗` : layerShapes;
    const totals = group.totals ?? [];
    const label = shapes === null ? (totals.length > 0 ? `→ ${totals.join(' | ')}` : null) : totals.length > 0 ? `${shapes} · ${totals.join(' | ')}` : shapes;
    if (label === null) return null;
    const hint: InlayHint = { position: { line: p.line, character: p.character }, label, kind: InlayHintKind.Type, paddingLeft: true };
    if (this.lazy === undefined) hint.tooltip = { kind: MarkupKind.Markdown, value: hintTooltip(group.layers, this.options.format, errors) };
    // The lazy data (the revision, new each analysis) goes after the rest: `close`.
    return { hint, open: Buffer.from(JSON.stringify(hint).slice(0, -1)) };
  }
}

function same<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

interface HintGroup {
  readonly anchor: LspRange['start'];
  readonly layers: LayerResult[];
  /** The total params of the models built or summarised here (`34,826 params`). */
  totals?: string[];
}

/** Adds each model's total params at its anchors (the `Model(...)`/`Sequential(` line, `model.summary()`). */
function withModelTotals(groups: HintGroup[], models: readonly ModelSummary[]): HintGroup[] {
  if (models.length === 0) return groups;
  // A few anchors against thousands of groups: look each up by binary search in the sorted groups.
  const added: HintGroup[] = [];
  const find = (a: LspRange['start']): HintGroup | undefined => {
    let lo = 0;
    let hi = groups.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(groups[mid]!.anchor, a)) lo = mid + 1;
      else hi = mid;
    }
    const g = groups[lo];
    return g && g.anchor.line === a.line && g.anchor.character === a.character ? g : added.find((x) => x.anchor.line === a.line && x.anchor.character === a.character);
  };
  for (const m of models) {
    const { known, unknown } = modelParams(m);
    const text = `${formatCount(known)} params${unknown > 0 ? ` + ${unknown} layer${unknown === 1 ? '' : 's'} unknown` : ''}`;
    for (const a of m.anchors) {
      let g = find(a);
      if (!g) added.push((g = { anchor: a, layers: [] }));
      g.totals = [...new Set([...(g.totals ?? []), text])];
    }
  }
  if (added.length === 0) return groups;
  return [...groups, ...added].sort((a, b) => a.anchor.line - b.anchor.line || a.anchor.character - b.anchor.character);
}

/** The layers whose code is in the document itself (rows from imported files sit elsewhere). */
export function documentLayers(result: AnalysisResult): readonly LayerResult[] {
  return result.layers.some((l) => l.file !== undefined) ? result.layers.filter((l) => l.file === undefined) : result.layers;
}

/** The tooltip of the hint at `anchor`, or undefined when no layer is anchored there. */
export function hintTooltipMarkup(result: AnalysisResult, anchor: LspRange['start'], options: HintOptions): MarkupContent | undefined {
  const layers = documentLayers(result).filter((l) => l.anchor.line === anchor.line && l.anchor.character === anchor.character);
  if (layers.length === 0) return undefined;
  const errors = errorsByLayer(result);
  return { kind: MarkupKind.Markdown, value: hintTooltip(layers, options.format, layers.flatMap((l) => errors.get(l) ?? [])) };
}

export interface EditTarget {
  readonly uri: string;
  readonly version: number;
  /** Whether the client takes versioned `documentChanges`. */
  readonly documentChanges: boolean;
  /** The version of another document an edit is in (`TextEdit.uri`: a notebook's other cell). */
  readonly versionOf?: (uri: string) => number | null;
}

/** One list of edits per document: the target's, then any other (a notebook's other cells), in order. */
function workspaceEdit(fix: Fix, target: EditTarget): WorkspaceEdit {
  const byUri = new Map<string, LspTextEdit[]>([[target.uri, []]]);
  for (const e of fix.edits) {
    const uri = e.uri ?? target.uri;
    const edits = byUri.get(uri) ?? [];
    edits.push({ range: toLspRange(e.range), newText: e.newText });
    byUri.set(uri, edits);
  }
  const lists = [...byUri].filter(([, edits]) => edits.length > 0);
  if (target.documentChanges) {
    const version = (uri: string) => (uri === target.uri ? target.version : (target.versionOf?.(uri) ?? null));
    return { documentChanges: lists.map(([uri, edits]) => ({ textDocument: { uri, version: version(uri) }, edits })) };
  }
  return { changes: Object.fromEntries(lists) };
}

function wanted(kind: string, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function contains(outer: LspRange, inner: LspRange): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/**
 * Code actions for `range`: the fixes of the diagnostics touching it (quick fixes carry their
 * diagnostic, refactors do not), then the actions of the layers whose range contains it
 * (LayerResult.actions; refactors map to RefactorRewrite). `context.only` filters by kind.
 */
export function codeActions(result: AnalysisResult, range: LspRange, context: Pick<CodeActionContext, 'only'>, target: EditTarget): CodeAction[] {
  const actions: CodeAction[] = [];
  const seen = new Set<string>();
  const add = (fix: Fix, diagnostic: Diagnostic | null): void => {
    const kind = fix.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite;
    if (!wanted(kind, context.only)) return;
    const key = `${kind}\u0000${fix.title}\u0000${JSON.stringify(fix.edits)}`;
    if (seen.has(key)) return;
    seen.add(key);
    const action = CodeAction.create(fix.title, workspaceEdit(fix, target), kind);
    if (fix.kind === 'quickfix' && diagnostic) {
      action.diagnostics = [toLspDiagnostic(diagnostic, target.uri)];
      if (fix.preferred) action.isPreferred = true;
    }
    actions.push(action);
  };
  for (const d of result.diagnostics) {
    if (!rangesIntersect(toLspRange(d.range), range)) continue;
    for (const fix of d.fixes) add(fix, d);
  }
  for (const l of documentLayers(result)) {
    if (l.actions.length === 0 || !contains(toLspRange(l.range), range)) continue;
    for (const fix of l.actions) add(fix, null);
  }
  return actions;
}
