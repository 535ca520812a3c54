/**
 * The graph view of one model: layers as nodes, the tensors between them as edges labelled with
 * their shapes, laid out by dagre (top to bottom, as Netscope and Netron draw a net) and drawn as SVG.
 * The last layout is kept and reused while the net's structure and label sizes stay the same.
 */
import dagre from '@dagrejs/dagre';
import type { ModelTable } from '../../server/src/lsp/summary-view.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Rough monospace metrics of the webview's editor font, for box sizes. */
const CHAR_WIDTH = 7.2;
const LINE_HEIGHT = 16;

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

export interface GraphView {
  readonly svg: SVGSVGElement;
  /** The node of each row, by row index (rows that are no node, e.g. helper calls: absent). */
  readonly nodes: ReadonlyMap<number, SVGGElement>;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Where dagre put the nodes and edges of one table. */
interface Layout {
  readonly width: number;
  readonly height: number;
  readonly nodes: ReadonlyMap<number, Box>;
  /** Per edge (same order as the table's), its polyline and the centre of its label. */
  readonly edges: readonly { readonly points: readonly { x: number; y: number }[]; readonly x: number; readonly y: number }[];
}

/** Lines of a node's box: its name (or type), then type and output shape. */
function nodeLines(r: ModelTable['rows'][number]): string[] {
  return [r.name ?? r.type, r.name ? `${r.type} · ${r.output}` : r.output];
}

/**
 * What a layout depends on: which rows are nodes, their box sizes, the edges and their label
 * sizes. An edit that changes none of these (num_output 96 → 97) keeps the layout: dagre takes
 * seconds on a ResNet-152.
 */
function layoutKey(table: ModelTable): string {
  const nodes = table.rows.map((r) => (r.composite ? '-' : nodeLines(r).map((l) => l.length).join('/')));
  return JSON.stringify([nodes, table.edges.map((e) => [e.from, e.to, e.label.length])]);
}

/** Recent layouts by key (a document may build several models, each a table). */
const layouts = new Map<string, Layout>();
const KEPT_LAYOUTS = 8;

/** Whether drawing `table` lays it out again (the caller may say so first). */
export function needsLayout(table: ModelTable): boolean {
  return !layouts.has(layoutKey(table));
}

function layout(table: ModelTable): Layout {
  const key = layoutKey(table);
  const kept = layouts.get(key);
  if (kept) return kept;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 40, edgesep: 12, marginx: 12, marginy: 12 });
  // Every layer is a node, connected or not; calls of helpers are not (their layers are).
  table.rows.forEach((r, i) => {
    if (r.composite) return;
    const lines = nodeLines(r);
    g.setNode(String(i), { width: Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH + 20, height: lines.length * LINE_HEIGHT + 12 });
  });
  table.edges.forEach((e, k) => {
    g.setEdge(String(e.from), String(e.to), { width: e.label.length * CHAR_WIDTH * 0.85, height: LINE_HEIGHT, labelpos: 'r', labeloffset: 8 }, String(k));
  });
  dagre.layout(g);
  const nodes = new Map<number, Box>();
  for (const id of g.nodes()) nodes.set(Number(id), g.node(id) as Box);
  const edges = table.edges.map((e, k) => g.edge({ v: String(e.from), w: String(e.to), name: String(k) }) as Layout['edges'][number]);
  const { width = 0, height = 0 } = g.graph();
  const result: Layout = { width, height, nodes, edges };
  layouts.set(key, result);
  if (layouts.size > KEPT_LAYOUTS) layouts.delete(layouts.keys().next().value!);
  return result;
}

/** Lays out (or reuses the last layout) and draws `table`; `onClick(row)` when a node is clicked. */
export function drawGraph(table: ModelTable, onClick: (row: number) => void): GraphView {
  const l = layout(table);
  const width = Math.ceil(l.width);
  const height = Math.ceil(l.height);
  const svg = el('svg', { width, height, viewBox: `0 0 ${width} ${height}`, class: 'graph' });
  const defs = el('defs', {}, svg);
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }, marker);

  table.edges.forEach((e, k) => {
    const edge = l.edges[k]!;
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    el('path', { d, class: 'edge', 'marker-end': 'url(#arrow)' }, svg);
    el('text', { x: edge.x, y: edge.y + 4, class: 'edge-label', 'text-anchor': 'middle' }, svg).textContent = e.label;
  });

  const nodes = new Map<number, SVGGElement>();
  table.rows.forEach((r, i) => {
    const n = l.nodes.get(i);
    if (!n) return;
    const group = el('g', { class: `node${r.error ? ' error' : ''}`, 'data-row': i, 'data-name': r.name ?? r.type, tabindex: 0, role: 'button' }, svg);
    el('rect', { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height, rx: 4 }, group);
    nodeLines(r).forEach((line, k) => {
      const t = el('text', { x: n.x, y: n.y - n.height / 2 + 6 + (k + 1) * LINE_HEIGHT - 4, 'text-anchor': 'middle', class: k === 0 ? 'title' : 'detail' }, group);
      t.textContent = line;
    });
    if (r.error) el('title', {}, group).textContent = `✗ ${r.error}`;
    group.addEventListener('click', () => onClick(i));
    group.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') onClick(i);
    });
    nodes.set(i, group);
  });
  return { svg, nodes };
}
