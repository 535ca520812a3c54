/**
 * What an editor keeps per open prototxt document so that each analysis reuses the last one's work
 * on layers an edit did not touch: their fields (field-cache.ts), what each layer field is
 * (net.ts) and their runs (run-cache.ts). The CLI analyses each file once and needs none.
 */
import { FieldCache } from './field-cache.js';
import { Generations } from '../analysis/generations.js';
import type { LayerCache } from './net.js';
import { RunCache } from './run-cache.js';

export class PrototxtCache {
  readonly fields = new FieldCache();
  readonly layers: LayerCache = new Generations();
  readonly runs = new RunCache();
}
