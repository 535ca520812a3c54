/** What `shapelens` prints: the summary table per file, or the JSON contract (SARIF: `sarif.ts`). Pure. */
import { dimToJson } from '../engine/dim.js';
import { summaryTable } from '../analysis/summary.js';
import type { AnalysisResult, Diagnostic, Range, Tensor } from '../analysis/types.js';
import type { NotebookProgram } from '../notebook/program.js';

export interface FileReport {
  /** The path as given on the command line. */
  readonly file: string;
  /** In module positions for a notebook: `notebook` maps them to cells. */
  readonly result: AnalysisResult;
  readonly notebook?: NotebookProgram;
}

/** A range where the user sees it: in the file, or in a notebook cell (`cell` counts all cells from 0). */
export interface Located {
  readonly cell?: number;
  readonly range: Range;
}

export function locate(report: FileReport, range: Range): Located {
  return report.notebook?.toCellRange(range) ?? { range };
}

/** `cell` first, for a notebook's positions; nothing for a file's. */
const cellField = (at: Located) => (at.cell === undefined ? {} : { cell: at.cell });

/** A range as 1-based lines and columns; the end is the column after the last character. */
export const oneBased = (r: Range) => ({ line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 });

/** The `--json` document: one entry per file, lines and columns 1-based. */
export function toJson(reports: readonly FileReport[]): unknown[] {
  return reports.map((report) => ({
    file: report.file,
    language: report.result.language,
    ...(report.notebook ? { skippedCells: report.notebook.skipped } : {}),
    layers: report.result.layers.map((l) => ({
      ...jsonPosition(locate(report, l.range)),
      ...(l.file !== undefined ? { file: l.file } : {}),
      name: l.name,
      ...(l.defaultName ? { defaultName: true } : {}),
      type: l.type,
      ...(l.depth ? { depth: l.depth } : {}),
      outputs: Object.fromEntries(l.outputs.map((t) => [t.name, shapeToJson(t)])),
      params: l.params,
      macs: l.macs,
    })),
    diagnostics: report.result.diagnostics.map((d) => ({
      ...jsonPosition(locate(report, d.range), true),
      severity: d.severity,
      code: d.code,
      message: d.message,
      fixes: d.fixes.map((f) => ({
        title: f.title,
        edits: f.edits.map((e) => {
          const at = locate(report, e.range);
          return { ...cellField(at), ...oneBased(at.range), newText: e.newText };
        }),
      })),
    })),
  }));
}

function jsonPosition(at: Located, column = false) {
  return { ...cellField(at), line: at.range.start.line + 1, ...(column ? { column: at.range.start.character + 1 } : {}) };
}

/** A shape in the JSON contract: dims, null (rank unknown), or `"..."` then the known last dims. */
function shapeToJson(t: Tensor): (number | string | null)[] | null {
  if (t.shape !== null) return t.shape.map(dimToJson);
  return t.tail ? ['...', ...t.tail.map(dimToJson)] : null;
}

/**
 * The summary table of one file, then its diagnostics as `file:line:col: severity: message [code]`.
 * A file without layers (a helper module, an empty net) says so in its heading line instead.
 */
export function toTable(report: FileReport): string {
  const { file, result } = report;
  const heading = `${file} (${report.notebook ? 'notebook, ' : ''}${result.language})`;
  const body = result.layers.length ? [heading, summaryTable(result)] : [`${heading}: no layers found`];
  const skipped = (report.notebook?.skipped ?? []).map((s) => `${file}:cell ${s.cell}: not analysed: ${s.reason}`);
  return [...body, ...skipped, ...result.diagnostics.map((d) => formatDiagnostic(file, d, locate(report, d.range)))].join('\n');
}

/** `file:line:col: …`, or `file:cell N:line:col: …` in a notebook. */
export function formatDiagnostic(file: string, d: Diagnostic, at: Located = { range: d.range }): string {
  const where = `${at.cell === undefined ? '' : `cell ${at.cell}:`}${at.range.start.line + 1}:${at.range.start.character + 1}`;
  return `${file}:${where}: ${d.severity}: ${d.message} [${d.code}]`;
}
