/**
 * `--format sarif`: the diagnostics as a SARIF 2.1.0 log (OASIS "Static Analysis Results
 * Interchange Format" 2.1.0, the format GitHub code scanning uploads). Pure.
 * Required by the spec and used here: sarifLog `version` and `runs` (§3.13; `$schema` §3.13.3),
 * run `tool` (§3.14.6) with `driver` (§3.18.2) whose `name` is required (§3.19.8) and whose `rules`
 * (§3.19.23) describe every `ruleId`; result `message` (§3.27.11) with `ruleId` (§3.27.5) and `level`
 * (§3.27.10: none | note | warning | error); `locations` (§3.27.12) of `physicalLocation` (§3.29)
 * with `artifactLocation.uri` (§3.4.3) and a `region` (§3.30) of 1-based lines and columns. Columns
 * count UTF-16 code units, as the analysis does, stated by the run's `columnKind` (§3.14.17).
 */
import type { Diagnostic, Range, Severity } from '../analysis/types.js';
import { locate, oneBased, type FileReport, type Located } from './report.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A path as a URI reference: relative paths stay relative (to the directory the CLI ran in). */
export function pathToUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const encoded = slashed.split('/').map((segment, i) => (i === 0 && /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment))).join('/');
  if (slashed.startsWith('/')) return `file://${encoded}`;
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encoded}`;
  return encoded;
}

/** SARIF regions are 1-based; the end column is the one after the last character, as in LSP. */
function region(range: Range) {
  const { line, column, endLine, endColumn } = oneBased(range);
  return { startLine: line, startColumn: column, endLine, endColumn };
}

/**
 * In a notebook the region counts lines within the cell, which the location's property bag
 * (§3.8) names as `cell` (0-based among all cells): SARIF has no notebook cells of its own.
 */
function location(uri: string, at: Located, message?: string) {
  return {
    physicalLocation: { artifactLocation: { uri }, region: region(at.range) },
    ...(message === undefined ? {} : { message: { text: message } }),
    ...(at.cell === undefined ? {} : { properties: { cell: at.cell } }),
  };
}

export function toSarif(reports: readonly FileReport[], version: string): unknown {
  const ruleIds = [...new Set(reports.flatMap((r) => r.result.diagnostics.map((d) => d.code)))].sort();
  const result = (report: FileReport, d: Diagnostic) => {
    const uri = pathToUri(report.file);
    return {
      ruleId: d.code,
      ruleIndex: ruleIds.indexOf(d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [location(uri, locate(report, d.range))],
      ...(d.related.length ? { relatedLocations: d.related.map((r, id) => ({ id, ...location(uri, locate(report, r.range), r.message) })) } : {}),
    };
  };
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Shape Lens', version, rules: ruleIds.map((id) => ({ id })) } },
        columnKind: 'utf16CodeUnits',
        results: reports.flatMap((report) => report.result.diagnostics.map((d) => result(report, d))),
      },
    ],
  };
}
