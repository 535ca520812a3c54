/**
 * Which layer feeds which: the edges of the net, for the editor's graph view. Pure, from the
 * layer list alone.
 * - A prototxt input is a blob: its producer is the last layer before it (in file order, which is
 *   the order Caffe runs them) with that blob among its tops, so an in-place layer (top = bottom)
 *   becomes the producer for the layers after it (caffe/src/caffe/net.cpp · Net::Init, AppendBottom
 *   reads the blob the latest top of that name made).
 * - A Python input carries the range of the layer application that made it (Tensor.source); a
 *   helper applied several times has several results at that range, and the one whose output
 *   shape is the input's is taken (else the first).
 * Calls of user functions and models (composite) are no nodes: their layers are.
 */
import type { LayerResult, Range, Shape, Tensor } from './types.js';

export interface LayerEdge {
  /** Indices into the layer list. */
  readonly from: number;
  readonly to: number;
  /** The tensor that flows: the consumer's input. */
  readonly tensor: Tensor;
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function sameShape(a: Shape | null, b: Shape | null): boolean {
  return a !== null && b !== null && a.length === b.length && a.every((d, i) => JSON.stringify(d) === JSON.stringify(b[i]));
}

export function layerEdges(layers: readonly LayerResult[]): LayerEdge[] {
  const edges: LayerEdge[] = [];
  // Python results are in source order, not run order (a helper's layers sit above its callers):
  // every application's range is known before any edge is drawn.
  const atRange = new Map<string, number[]>();
  layers.forEach((layer, i) => {
    if (layer.composite) return;
    const key = rangeKey(layer.range);
    const list = atRange.get(key);
    if (list) list.push(i);
    else atRange.set(key, [i]);
  });
  /** Prototxt: blob name → the layer that last wrote it, so far in file order. */
  const lastTop = new Map<string, number>();
  layers.forEach((layer, to) => {
    if (layer.composite) return;
    for (const tensor of layer.inputs) {
      const from = tensor.source ? pythonProducer(layers, atRange.get(rangeKey(tensor.source)) ?? [], tensor) : lastTop.get(tensor.name);
      if (from !== undefined && from !== to) edges.push({ from, to, tensor });
    }
    for (const t of layer.outputs) lastTop.set(t.name, to);
  });
  return edges;
}

function pythonProducer(layers: readonly LayerResult[], candidates: readonly number[], input: Tensor): number | undefined {
  if (candidates.length <= 1) return candidates[0];
  return candidates.find((i) => layers[i]!.outputs.some((o) => sameShape(o.shape, input.shape))) ?? candidates[0];
}
