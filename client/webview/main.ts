/**
 * The model summary webview: per model a table (name, type, output shape, params, MACs, totals)
 * and a graph; a click on a row or node shows its layer in the editor, the layer at the editor's
 * cursor is highlighted (and scrolled to), and the view is redrawn when the document changes.
 * Data comes from the extension (client/src/summary-panel.ts), which asks the language server.
 */
import { formatCount } from '../../server/src/analysis/format.js';
import type { Position, Range } from '../../server/src/analysis/types.js';
import { formatCompact } from '../../server/src/lsp/format.js';
import { tableCsv, tableMarkdown } from '../../server/src/lsp/summary-text.js';
import type { ModelSummary, ModelTable, SummaryRow } from '../../server/src/lsp/summary-view.js';
import { drawGraph, needsLayout, type GraphView } from './graph.js';
import type { FromWebview, ToWebview } from './protocol.js';
import './summary.css';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
type Tab = 'table' | 'graph';
interface State {
  readonly tab: Tab;
}
const saved = vscode.getState() as State | undefined;
let tab: Tab = saved?.tab === 'graph' ? 'graph' : 'table';
let summary: ModelSummary | null = null;
let cursor: { readonly position: Position; readonly uri?: string } | null = null;
/** Per table, its rows' elements and (once drawn) its graph. */
interface View {
  readonly table: ModelTable;
  readonly rows: HTMLTableRowElement[];
  graph: GraphView | null;
  readonly graphHost: HTMLElement;
}
let views: View[] = [];

const root = document.getElementById('root')!;

function h<K extends keyof HTMLElementTagNameMap>(name: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 1e6 + (r.end.character - r.start.character);
}

/** The innermost row whose layer holds `p` of the cell `uri` in a notebook (a conv inside a helper call: the conv), or -1. */
function rowAt(rows: readonly SummaryRow[], p: Position, uri: string | undefined): number {
  let best = -1;
  rows.forEach((r, i) => {
    if (r.uri === uri && contains(r.range, p) && (best < 0 || size(r.range) < size(rows[best]!.range))) best = i;
  });
  return best;
}

function reveal(row: SummaryRow): void {
  vscode.postMessage({ type: 'reveal', range: row.range, uri: row.uri });
}

/** A count cell: compact (`37.8M`) so the table fits a half-width split, the exact count on hover. */
function count(n: number | null, blank: boolean): HTMLTableCellElement {
  if (blank) return h('td', { class: 'num' });
  return h('td', { class: 'num', title: formatCount(n) }, n === null ? '?' : formatCompact(n));
}

function tableElement(t: ModelTable): { element: HTMLTableElement; rows: HTMLTableRowElement[] } {
  const head = h('tr', {}, ...['Layer', 'Type', 'Output shape', 'Params', 'MACs'].map((c, i) => h('th', i >= 3 ? { class: 'num' } : {}, c)));
  const rows = t.rows.map((r, i) => {
    // A row a custom layer or nested model applied sits indented under it (Keras' expand_nested).
    const name = h('td', { class: 'name' }, (r.depth ? `${'\u00a0\u00a0'.repeat(r.depth - 1)}└ ` : '') + (r.name ?? ''));
    if (r.error) name.prepend(h('span', { class: 'error-mark', title: r.error }, '✗ '));
    const tr = h(
      'tr',
      { class: `layer${r.composite ? ' composite' : ''}${r.error ? ' error' : ''}`, tabindex: '0', 'data-row': String(i), 'data-name': r.name ?? r.type, title: r.error ? `✗ ${r.error}` : `line ${r.range.start.line + 1}` },
      name,
      h('td', { class: 'type' }, r.type),
      h('td', { class: 'shape' }, r.output),
      count(r.params, r.composite && r.params === null),
      count(r.composite ? null : r.macs, r.composite),
    );
    tr.addEventListener('click', () => reveal(r));
    tr.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') reveal(r);
    });
    return tr;
  });
  const total = (sum: number, unknown: number) => h('td', { class: 'num', title: `${formatCount(sum)}${unknown > 0 ? `, plus ${unknown} layer${unknown === 1 ? '' : 's'} unknown` : ''}` }, `${formatCompact(sum)}${unknown > 0 ? ` +${unknown}?` : ''}`);
  const foot = h('tr', { class: 'totals' }, h('td', { colspan: '3' }, `Total (${t.rows.filter((r) => !r.composite).length} layers)`), total(t.totals.params, t.totals.unknownParams), total(t.totals.macs, t.totals.unknownMacs));
  return { element: h('table', { class: 'summary' }, h('thead', {}, head), h('tbody', {}, ...rows), h('tfoot', {}, foot)), rows };
}

function toolbar(): HTMLElement {
  const button = (label: string, on: () => void, attrs: Record<string, string> = {}) => {
    const b = h('button', attrs, label);
    b.addEventListener('click', on);
    return b;
  };
  const tabButton = (t: Tab, label: string) => button(label, () => setTab(t), { class: `tab${tab === t ? ' active' : ''}`, 'data-tab': t, 'aria-pressed': String(tab === t) });
  const copy = (format: 'markdown' | 'csv') => () => {
    if (!summary) return;
    const text = summary.tables.map((t) => (format === 'markdown' ? tableMarkdown(t) : tableCsv(t))).join(format === 'markdown' ? '\n' : '\r\n');
    vscode.postMessage({ type: 'copy', format, text });
  };
  return h('div', { class: 'toolbar' }, tabButton('table', 'Table'), tabButton('graph', 'Graph'), h('span', { class: 'spacer' }), button('Copy as Markdown', copy('markdown'), { 'data-copy': 'markdown' }), button('Copy as CSV', copy('csv'), { 'data-copy': 'csv' }));
}

function setTab(t: Tab): void {
  tab = t;
  vscode.setState({ tab } satisfies State);
  render();
}

/** Counts renders, so a graph drawn late skips itself when a newer render came first. */
let generation = 0;

function render(): void {
  const drawn = ++generation;
  const scroll = { x: window.scrollX, y: window.scrollY };
  root.replaceChildren(toolbar());
  views = [];
  if (!summary) {
    root.append(h('p', { class: 'empty' }, 'No summary: open a .prototxt or Keras/TensorFlow .py file.'));
    return;
  }
  for (const t of summary.tables) {
    const section = h('section', { class: 'model' }, h('h2', {}, t.title));
    const { element, rows } = tableElement(t);
    const graphHost = h('div', { class: 'graph-host' });
    if (t.rows.length === 0) section.append(h('p', { class: 'empty' }, 'No layers found in this file.'));
    else section.append(tab === 'table' ? element : graphHost);
    const view: View = { table: t, rows, graph: null, graphHost };
    if (tab === 'graph' && t.rows.length > 0) {
      const draw = () => {
        if (generation !== drawn) return; // a newer render replaced this one
        view.graph = drawGraph(t, (i) => reveal(t.rows[i]!));
        graphHost.replaceChildren(view.graph.svg);
        highlight(false);
      };
      // A new layout takes a while on a big net (seconds on ResNet-152): say so, then draw.
      if (needsLayout(t)) {
        graphHost.append(h('p', { class: 'empty' }, `Laying out ${t.rows.length} layers…`));
        setTimeout(draw, 0);
      } else draw();
    }
    views.push(view);
    root.append(section);
  }
  window.scrollTo(scroll.x, scroll.y);
  highlight(false);
}

/** Marks the cursor's layer in the table and the graph; `scroll` brings it into view. */
function highlight(scroll: boolean): void {
  for (const v of views) {
    for (const tr of v.rows) tr.classList.remove('current');
    if (v.graph) for (const n of v.graph.nodes.values()) n.classList.remove('current');
    const i = cursor ? rowAt(v.table.rows, cursor.position, cursor.uri) : -1;
    if (i < 0) continue;
    const target: Element | undefined = tab === 'table' ? v.rows[i] : v.graph?.nodes.get(i);
    v.rows[i]?.classList.add('current');
    v.graph?.nodes.get(i)?.classList.add('current');
    if (scroll && target) target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (m.type === 'summary') {
    summary = m.summary;
    render();
  } else if (m.type === 'cursor') {
    cursor = { position: m.position, uri: m.uri };
    highlight(true);
  }
});

vscode.postMessage({ type: 'ready' });
