/**
 * The counters a run moves (`Interp.layerNames`: Keras' default names, `conv2d` → 3, and declared
 * sources' size names, `size H` → 2: ./default-names.ts), for what is kept to be replayed
 * (./incremental.ts, ./memo.ts, ./kept-entries.ts). Every move is journaled, so what a run moved is
 * read from the moves after its mark: no snapshot of every counter per statement or call.
 */

/** A counter a run moved: its prefix, its count before and after. */
export type CountMove = [prefix: string, before: number, after: number];

export class NameCounts {
  private readonly counts = new Map<string, number>();
  /** The journal: each move's prefix and the count it had before, in order. */
  private readonly movedPrefixes: string[] = [];
  private readonly countsBefore: number[] = [];
  /** Set when a default name could not be known (a speculative or muted run made a layer): later ones cannot be either. */
  lost = false;

  get(prefix: string): number {
    return this.counts.get(prefix) ?? 0;
  }

  set(prefix: string, count: number): void {
    const before = this.get(prefix);
    if (count === before) return;
    this.movedPrefixes.push(prefix);
    this.countsBefore.push(before);
    this.counts.set(prefix, count);
  }

  /** Every counter that is not 0, with its count (./resume-points.ts keeps them). */
  current(): [prefix: string, count: number][] {
    return [...this.counts].filter(([, count]) => count !== 0);
  }

  /** Where the journal stands: `movedSince` takes it. */
  mark(): number {
    return this.movedPrefixes.length;
  }

  /** The counters moved since `mark`, each with its count at the mark and now (a move undone is none). */
  movedSince(mark: number): readonly CountMove[] {
    if (mark === this.movedPrefixes.length) return NO_MOVES;
    const moved: CountMove[] = [];
    for (let i = mark; i < this.movedPrefixes.length; i++) {
      const prefix = this.movedPrefixes[i]!;
      // A prefix's first move after the mark holds its count at the mark.
      if (!moved.some(([p]) => p === prefix)) moved.push([prefix, this.countsBefore[i]!, 0]);
    }
    for (const m of moved) m[2] = this.get(m[0]);
    return moved.some(([, before, after]) => before === after) ? moved.filter(([, before, after]) => before !== after) : moved;
  }
}

const NO_MOVES: readonly CountMove[] = [];
