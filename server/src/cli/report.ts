/** What `shapelens` prints: a model.summary()-style table or the JSON contract. Pure. */
import { dimToJson } from '../engine/dim.js';
import { formatCount, formatMagnitude, formatShape } from '../analysis/format.js';
import type { AnalysisResult, Diagnostic, LayerResult } from '../analysis/types.js';

export interface FileReport {
  /** The path as given on the command line. */
  readonly file: string;
  readonly result: AnalysisResult;
}

/** The `--json` document: one entry per file, lines and columns 1-based. */
export function toJson(reports: readonly FileReport[]): unknown[] {
  return reports.map(({ file, result }) => ({
    file,
    language: result.language,
    layers: result.layers.map((l) => ({
      line: l.range.start.line + 1,
      name: l.name,
      type: l.type,
      outputs: Object.fromEntries(l.outputs.map((t) => [t.name, t.shape === null ? null : t.shape.map(dimToJson)])),
      params: l.params,
      macs: l.macs,
    })),
    diagnostics: result.diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  }));
}

function layerLabel(l: LayerResult): string {
  return l.name === null ? l.type : `${l.name} (${l.type})`;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The table for one file, then its diagnostics as `file:line:col: severity: message`. */
export function toTable({ file, result }: FileReport, showNotes: boolean): string {
  const rows = result.layers.flatMap((l) =>
    (l.outputs.length > 0 ? l.outputs : [{ name: '', shape: [] }]).map((t, i) => [
      i === 0 ? layerLabel(l) : '',
      (l.outputs.length > 1 ? `${t.name}: ` : '') + (l.outputs.length === 0 ? '-' : formatShape(t.shape)),
      i === 0 && !l.composite ? formatCount(l.params) : '',
      i === 0 && !l.composite ? formatCount(l.macs) : '',
    ]),
  );
  const header = ['Layer (type)', 'Output shape', 'Params', 'MACs'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => pad(cell, widths[c]!, c >= 2)).join('   ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b + 3, -3));
  const sum = (pick: (l: LayerResult) => number | null) => {
    const values = result.layers.filter((l) => !l.composite).map(pick);
    return values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0);
  };
  const params = sum((l) => l.params);
  const macs = sum((l) => l.macs);
  const diagnostics = result.diagnostics.filter((d) => showNotes || d.severity !== 'information');
  return [
    `${file} (${result.language})`,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `Total params: ${formatCount(params)}${params !== null ? ` (${formatMagnitude(params)})` : ' (some layers unknown)'}`,
    `Total MACs:   ${formatCount(macs)}${macs !== null ? ` (${formatMagnitude(macs)})` : ' (some layers unknown)'}`,
    ...diagnostics.map((d) => formatDiagnostic(file, d)),
  ].join('\n');
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}
