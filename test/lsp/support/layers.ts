/** A made-up LayerResult for the pure view tests: ResNet-50 conv1 on (1, 3, 224, 224). */
import type { LayerResult } from '../../../server/src/analysis/types.js';

export function layer(over: Partial<LayerResult>): LayerResult {
  return {
    name: 'conv1',
    type: 'Convolution',
    range: { start: { line: 1, character: 0 }, end: { line: 9, character: 1 } },
    anchor: { line: 1, character: 7 },
    inputs: [{ name: 'data', shape: [1, 3, 224, 224] }],
    outputs: [{ name: 'conv1', shape: [1, 64, 112, 112] }],
    params: 9408,
    macs: 118013952,
    windowing: null,
    actions: [],
    ...over,
  };
}
