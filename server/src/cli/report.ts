/** What `shapelens` prints: the summary table per file, or the JSON contract. Pure. */
import { dimToJson } from '../engine/dim.js';
import { summaryTable } from '../analysis/summary.js';
import type { AnalysisResult, Diagnostic } from '../analysis/types.js';

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
      ...(l.file !== undefined ? { file: l.file } : {}),
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

/** The summary table of one file, then its diagnostics as `file:line:col: severity: message [code]`. */
export function toTable({ file, result }: FileReport): string {
  return [`${file} (${result.language})`, summaryTable(result), ...result.diagnostics.map((d) => formatDiagnostic(file, d))].join('\n');
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}
