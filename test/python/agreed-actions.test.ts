// python/tables.ts · agreedActions: a call site applied several times (a helper called with other
// inputs) keeps its refactors only when every application offers the same ones, and rows of other
// call sites are never compared with each other, not even when their starts share a lookup key.
import { describe, expect, it } from 'vitest';
import type { Fix, LayerResult } from '../../server/src/analysis/types.js';
import { agreedActions } from '../../server/src/python/tables.js';

const fix = (newText: string): Fix => ({ title: `write ${newText}`, kind: 'refactor', preferred: false, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText }] });

function row(line: number, character: number, actions: Fix[]): LayerResult {
  const start = { line, character };
  return { name: null, type: 'layers.Conv2D', range: { start, end: { line, character: character + 10 } }, anchor: start, inputs: [], outputs: [], params: null, macs: null, windowing: null, actions };
}

describe('agreedActions', () => {
  it('drops the actions of a call site whose applications disagree, and keeps one whose agree', () => {
    const [a1, a2, b1, b2] = [row(3, 4, [fix('x')]), row(3, 4, [fix('y')]), row(7, 0, [fix('z')]), row(7, 0, [fix('z')])];
    const out = agreedActions([a1!, b1!, a2!, b2!]);
    expect(out.map((l) => l.actions.length)).toEqual([0, 1, 0, 1]);
    expect(out[1]).toBe(b1);
  });
  it('leaves rows of different call sites alone when their start keys collide (line 0 col 4099 and line 1 col 0)', () => {
    const layers = [row(0, 4099, [fix('x')]), row(1, 0, [fix('y')])];
    expect(agreedActions(layers)).toBe(layers);
  });
  it('compares the rows of one site apart from another site that starts alike', () => {
    const inner = row(5, 2, [fix('x')]);
    const outer = { ...row(5, 2, [fix('y')]), range: { start: { line: 5, character: 2 }, end: { line: 5, character: 40 } } };
    expect(agreedActions([inner, outer]).map((l) => l.actions.length)).toEqual([1, 1]);
  });
});
