/**
 * The counters a run moved (`Interp.layerNames.counts`: Keras' default names, `conv2d` → 3, and
 * declared sources' size names, `size H` → 2: ./default-names.ts), for what is kept to be replayed
 * (./incremental.ts, ./memo.ts, ./kept-entries.ts). The counters are only set, never deleted,
 * so a map's values in its order are a snapshot: no copy of the map per statement or call.
 */

/** The counters' values as they stand (in the map's order). */
export function countsNow(counts: ReadonlyMap<string, number>): readonly number[] {
  return counts.size === 0 ? NONE : Array.from(counts.values());
}

const NONE: readonly number[] = [];

/** A counter a run moved: its prefix, its count before and after. */
export type CountMove = [prefix: string, before: number, after: number];

/** The counters moved since `before` (from countsNow on the same map). */
export function movedCounts(counts: ReadonlyMap<string, number>, before: readonly number[]): CountMove[] {
  const moved: CountMove[] = [];
  let i = 0;
  for (const [prefix, after] of counts) {
    // A prefix added since is after the ones the snapshot has.
    const was = before[i++] ?? 0;
    if (after !== was) moved.push([prefix, was, after]);
  }
  return moved;
}
