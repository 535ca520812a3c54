/**
 * Where a piece of code reused from an earlier analysis of a document sits in the text analysed
 * now (a Caffe layer field, a Python top-level statement). The reused nodes or values keep offsets
 * from it, so moving the piece is one assignment, not a walk over it.
 */
export class Placement<S> {
  /** Bumped on every move, so positions computed before it can be told stale. */
  moves = 0;

  constructor(
    /** The text (with its line table) the offsets are in. */
    public source: S,
    /** The offset the pieces' own offsets count from. */
    public offset: number,
  ) {}

  moveTo(source: S, offset: number): void {
    this.source = source;
    this.offset = offset;
    this.moves++;
  }
}
