/**
 * The model summary's text copies (the webview's *Copy as Markdown* / *Copy as CSV*). Pure, and
 * small: the webview script bundles it.
 */
import { formatCount } from '../analysis/format.js';
import type { ModelTable, SummaryRow } from './summary-view.js';

const HEADER = ['Layer', 'Type', 'Output shape', 'Params', 'MACs'] as const;

/** A nested row's name indented under the call that applied it. */
const indented = (r: SummaryRow) => '  '.repeat(r.depth ?? 0) + (r.name ?? '');

function cells(r: SummaryRow): string[] {
  return [indented(r), r.type, r.output, r.composite && r.params === null ? '' : formatCount(r.params), r.composite ? '' : formatCount(r.macs)];
}

function totalCell(sum: number, unknown: number): string {
  return unknown > 0 ? `${formatCount(sum)} (+${unknown} unknown)` : formatCount(sum);
}

/** A GitHub-flavoured Markdown table, totals last. */
export function tableMarkdown(t: ModelTable): string {
  const esc = (c: string) => c.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
  const line = (cs: readonly string[]) => `| ${cs.map(esc).join(' | ')} |`;
  return [
    `**${esc(t.title)}**`,
    '',
    line(HEADER),
    `|${HEADER.map((_, i) => (i >= 3 ? ' ---: ' : ' --- ')).join('|')}|`,
    ...t.rows.map((r) => line(cells(r))),
    line(['**Total**', '', '', totalCell(t.totals.params, t.totals.unknownParams), totalCell(t.totals.macs, t.totals.unknownMacs)]),
  ].join('\n') + '\n';
}

/** RFC 4180 CSV: raw counts (empty when unknown), no totals row. */
export function tableCsv(t: ModelTable): string {
  const q = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  const count = (n: number | null, composite: boolean) => (composite || n === null ? '' : String(n));
  return [HEADER.join(','), ...t.rows.map((r) => [indented(r), r.type, r.output, count(r.params, r.composite && r.params === null), count(r.macs, r.composite)].map(q).join(','))].join('\r\n') + '\r\n';
}
