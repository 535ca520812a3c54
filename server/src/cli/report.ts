/** What `shapelens` prints: the summary table per file, or the JSON contract (SARIF: `sarif.ts`). Pure. */
import { dimToJson } from '../engine/dim.js';
import { summaryTable } from '../analysis/summary.js';
import type { AnalysisResult, Diagnostic, Range } from '../analysis/types.js';

export interface FileReport {
  /** The path as given on the command line. */
  readonly file: string;
  readonly result: AnalysisResult;
}

/** A range as 1-based lines and columns; the end is the column after the last character. */
export const oneBased = (r: Range) => ({ line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });

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
      fixes: d.fixes.map((f) => ({
        title: f.title,
        edits: f.edits.map((e) => ({ ...oneBased(e.range), newText: e.newText })),
      })),
    })),
  }));
}

/**
 * The summary table of one file, then its diagnostics as `file:line:col: severity: message [code]`.
 * A file without layers (a helper module, an empty net) says so in its heading line instead.
 */
export function toTable({ file, result }: FileReport): string {
  const heading = `${file} (${result.language})`;
  const body = result.layers.length ? [heading, summaryTable(result)] : [`${heading}: no layers found`];
  return [...body, ...result.diagnostics.map((d) => formatDiagnostic(file, d))].join('\n');
}

export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}
