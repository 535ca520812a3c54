/**
 * The graph view of one model: layers as nodes, the tensors between them as edges labelled with
 * their shapes, laid out by dagre (top to bottom, as Netscope and Netron draw a net) and drawn as SVG.
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

/** Lays out and draws `table`; `onClick(row)` when a node is clicked. */
export function drawGraph(table: ModelTable, onClick: (row: number) => void): GraphView {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 40, edgesep: 12, marginx: 12, marginy: 12 });
  // Every layer is a node, connected or not; calls of helpers are not (their layers are).
  const shown = table.rows.map((r, i) => ({ r, i })).filter(({ r }) => !r.composite);
  for (const { r, i } of shown) {
    const lines = [r.name ?? r.type, r.name ? `${r.type} · ${r.output}` : r.output];
    g.setNode(String(i), { width: Math.max(...lines.map((l) => l.length)) * CHAR_WIDTH + 20, height: lines.length * LINE_HEIGHT + 12, lines });
  }
  table.edges.forEach((e, k) => {
    g.setEdge(String(e.from), String(e.to), { label: e.label, width: e.label.length * CHAR_WIDTH * 0.85, height: LINE_HEIGHT, labelpos: 'r', labeloffset: 8 }, String(k));
  });
  dagre.layout(g);

  const { width = 0, height = 0 } = g.graph();
  const svg = el('svg', { width: Math.ceil(width), height: Math.ceil(height), viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`, class: 'graph' });
  const defs = el('defs', {}, svg);
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
  el('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }, marker);

  for (const ref of g.edges()) {
    const edge = g.edge(ref) as { points: { x: number; y: number }[]; x: number; y: number; label: string };
    const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
    el('path', { d, class: 'edge', 'marker-end': 'url(#arrow)' }, svg);
    const label = el('text', { x: edge.x, y: edge.y + 4, class: 'edge-label', 'text-anchor': 'middle' }, svg);
    label.textContent = edge.label;
  }

  const nodes = new Map<number, SVGGElement>();
  for (const { r, i } of shown) {
    const n = g.node(String(i)) as { x: number; y: number; width: number; height: number; lines: string[] };
    const group = el('g', { class: `node${r.error ? ' error' : ''}`, 'data-row': i, 'data-name': r.name ?? r.type, tabindex: 0, role: 'button' }, svg);
    el('rect', { x: n.x - n.width / 2, y: n.y - n.height / 2, width: n.width, height: n.height, rx: 4 }, group);
    n.lines.forEach((line, k) => {
      const t = el('text', { x: n.x, y: n.y - n.height / 2 + 6 + (k + 1) * LINE_HEIGHT - 4, 'text-anchor': 'middle', class: k === 0 ? 'title' : 'detail' }, group);
      t.textContent = line;
    });
    if (r.error) el('title', {}, group).textContent = `✗ ${r.error}`;
    group.addEventListener('click', () => onClick(i));
    group.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') onClick(i);
    });
    nodes.set(i, group);
  }
  return { svg, nodes };
}
