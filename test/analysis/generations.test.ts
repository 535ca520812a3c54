/**
 * The map the editor's caches keep from one analysis to the next (server/src/analysis/generations.ts):
 * what an analysis stores or takes stays for the next `keep` analyses, each entry serving one
 * place per analysis. No framework numbers here.
 */
import { describe, expect, it } from 'vitest';
import { Generations } from '../../server/src/analysis/generations.js';

/** The entries under `key` the analysis after `steps` can take. */
function takes(keep: number, steps: ((g: Generations<string, number>) => void)[]): (number | undefined)[] {
  const g = new Generations<string, number>(keep);
  for (const step of steps) {
    g.next();
    step(g);
  }
  g.next();
  return [g.take('k'), g.take('k'), g.take('k')];
}

describe('Generations', () => {
  it('keeps an entry for the next analysis, each entry once per analysis, and drops one the next left untouched', () => {
    expect(takes(1, [(g) => (g.put('k', 1), g.put('k', 2))])).toEqual([1, 2, undefined]);
    expect(takes(1, [(g) => g.put('k', 1), () => {}])).toEqual([undefined, undefined, undefined]);
    expect(takes(1, [(g) => g.put('k', 1), (g) => g.take('k')])).toEqual([1, undefined, undefined]);
  });

  it('with keep 2, keeps an entry one analysis more: an edit undone finds what the text had before it', () => {
    expect(takes(2, [(g) => g.put('k', 1), () => {}])).toEqual([1, undefined, undefined]);
    expect(takes(2, [(g) => g.put('k', 1), () => {}, () => {}])).toEqual([undefined, undefined, undefined]);
    expect(takes(2, [(g) => g.put('k', 1), (g) => g.put('k', 2)])).toEqual([1, 2, undefined]);
  });
});
