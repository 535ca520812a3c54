// A cancel that arrives while the model tables are built stops them (issue 11 §4: a newer edit or
// $/cancelRequest stops a running analysis; over the 208,000 rows of a file at the size cap the
// tables take seconds). The records here are the interpreter's shape of rows of ops outside any model.
import { describe, expect, it } from 'vitest';
import type { Recorded } from '../../server/src/python/interp.js';
import { resultTables, TablesCancelled } from '../../server/src/python/tables.js';

function records(n: number): Recorded[] {
  return Array.from({ length: n }, (_, line) => {
    const range = { start: { line, character: 0 }, end: { line, character: 10 } };
    return {
      layer: { name: null, type: 'tf.nn.relu', range, anchor: range.end, inputs: [], outputs: [{ name: 'x', shape: [null, line + 1] }], params: 0, macs: 0, windowing: null, actions: [] },
      speculative: false,
      run: 0,
      sequential: null,
      model: null,
      nests: false,
      inputs: [],
      outputs: [],
      at: range.start,
    };
  });
}

describe('the model tables under a cancel', () => {
  const rows = records(10_000);
  const runs = [{ name: '<module>', node: null }];
  it('are built whole when nothing cancels', () => {
    expect(resultTables(rows, runs, [], null, () => false).layers).toHaveLength(10_000);
  });
  it('stop with TablesCancelled once the analysis is cancelled', () => {
    expect(() => resultTables(rows, runs, [], null, () => true)).toThrow(TablesCancelled);
  });
});
