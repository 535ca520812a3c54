/**
 * A notebook's code cells, in order, as one Python module: the text the analysis reads, and the map
 * between its positions and cell positions. Each analysed cell starts on a line of its own and
 * keeps its columns (IPython syntax is blanked in place), so a position maps by its line alone.
 * Each cell is its own parse unit, as Jupyter compiles it: a statement left open at a cell's end
 * is closed off there (./cell-end.ts) and reported in that cell, never read on into the next one.
 * Pure.
 */
import type { Diagnostic, Position, Range } from '../analysis/types.js';
import { Generations } from '../analysis/generations.js';
import { closeOff, openAtEnd, type OpenAtEnd } from './cell-end.js';
import { cellProgram, leadingIndent } from './ipython.js';
import { isPython, type Notebook, type NotebookCell } from './nbformat.js';

/** A position in a cell: `cell` counts all the notebook's cells (markdown too) from 0. */
export interface CellPosition {
  readonly cell: number;
  readonly position: Position;
}

export interface CellRange {
  readonly cell: number;
  readonly range: Range;
}

/** A code cell left out of the module, and why. */
export interface SkippedCell {
  readonly cell: number;
  readonly reason: string;
}

/** Where an analysed cell sits in the module: its lines are `firstLine` … `firstLine + lineCount - 1`. */
interface Segment {
  readonly cell: number;
  readonly firstLine: number;
  readonly lineCount: number;
  /** The length of the cell's last line in the module, where a range cut at the cell's end ends. */
  readonly lastLineLength: number;
  /** Per line, the indentation IPython removed from it (`leadingIndent`); null when none. */
  readonly removed: readonly number[] | null;
}

export class NotebookProgram {
  private constructor(
    /** The module text: the analysed cells' text, each followed by a line break. */
    readonly text: string,
    private readonly segments: readonly Segment[],
    readonly skipped: readonly SkippedCell[],
    /** The syntax errors of cells left open at their end, in module positions. */
    readonly openCells: readonly Diagnostic[],
  ) {}

  /**
   * The module of a notebook's code cells (the caller checks the notebook's language is Python).
   * An editor passes the `CellCache` it keeps per notebook: only the cells whose text changed
   * since the last call are read again.
   */
  static of(notebook: Pick<Notebook, 'cells'>, cache?: CellCache): NotebookProgram {
    cache?.next();
    const parts: string[] = [];
    const segments: Segment[] = [];
    const skipped: SkippedCell[] = [];
    const openCells: Diagnostic[] = [];
    let line = 0;
    notebook.cells.forEach((cell, index) => {
      if (cell.kind !== 'code') return;
      const key = `${cell.language ?? ''}\u0000${cell.source}`;
      let module = cache?.take(key);
      if (!module) {
        module = cellModule(cell);
        cache?.put(key, module);
      }
      if (module.kind === 'skipped') return void skipped.push({ cell: index, reason: module.reason });
      if (module.open) openCells.push(openCellError(module.open, line));
      segments.push({ cell: index, firstLine: line, lineCount: module.lineCount, lastLineLength: module.lastLineLength, removed: module.removed });
      parts.push(module.text, '\n');
      line += module.lineCount;
    });
    return new NotebookProgram(parts.join(''), segments, skipped, openCells);
  }

  /** The analysed cells' indices, in notebook order. */
  get cells(): readonly number[] {
    return this.segments.map((s) => s.cell);
  }

  /** The cell position of a module position (a position past the text maps to the last cell's end). */
  toCell(position: Position): CellPosition | null {
    const segment = this.segmentAt(position.line);
    if (!segment) return null;
    const line = position.line - segment.firstLine;
    if (line < segment.lineCount) return { cell: segment.cell, position: { line, character: position.character + removedAt(segment, line) } };
    return { cell: segment.cell, position: cellEnd(segment) };
  }

  /** A module range in the cell where it starts; a range running into a later cell is cut at the cell's end. */
  toCellRange(range: Range): CellRange | null {
    const start = this.toCell(range.start);
    const end = this.toCell(range.end);
    if (!start || !end) return null;
    if (end.cell === start.cell) return { cell: start.cell, range: { start: start.position, end: end.position } };
    return { cell: start.cell, range: { start: start.position, end: cellEnd(this.segments.find((s) => s.cell === start.cell)!) } };
  }

  /** The module position of a position in cell `cell`, or null when that cell is not analysed. */
  toModule(cell: number, position: Position): Position | null {
    const segment = this.segments.find((s) => s.cell === cell);
    if (!segment || position.line >= segment.lineCount) return null;
    return { line: segment.firstLine + position.line, character: Math.max(0, position.character - removedAt(segment, position.line)) };
  }

  private segmentAt(line: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    if (hi < 0 || line < 0) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.firstLine <= line) lo = mid;
      else hi = mid - 1;
    }
    return this.segments[lo];
  }
}

/** A code cell as the module holds it: its text there, or why it is left out. */
type CellModule =
  | { readonly kind: 'skipped'; readonly reason: string }
  | {
      readonly kind: 'python';
      readonly text: string;
      readonly lineCount: number;
      readonly lastLineLength: number;
      readonly removed: readonly number[] | null;
      readonly open: OpenPlace | null;
    };

/** A statement left open at a cell's end: where it opens (line and column in the cell's module text), and CPython's words. */
interface OpenPlace {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly message: string;
}

/** What an editor keeps per notebook between rebuilds of its module: each cell's part, by its language and text. */
export class CellCache extends Generations<string, CellModule> {}

function cellModule(cell: NotebookCell): CellModule {
  if (cell.language !== null && !isPython(cell.language)) return { kind: 'skipped', reason: `a ${cell.language} cell` };
  const program = cellProgram(cell.source);
  if (program.kind === 'skipped') return { kind: 'skipped', reason: `its ${program.magic} cell magic makes it another language` };
  const dedented = leadingIndent(program.text);
  const python = dedented?.text ?? program.text;
  const open = openAtEnd(python);
  const text = open ? closeOff(python, open) : python;
  return { kind: 'python', text, lineCount: countLines(text), lastLineLength: text.length - text.lastIndexOf('\n') - 1, removed: dedented?.removed ?? null, open: open && openPlace(open, python) };
}

function openPlace(open: OpenAtEnd, text: string): OpenPlace {
  const before = text.slice(0, open.at);
  return { line: countLines(before) - 1, character: open.at - before.lastIndexOf('\n') - 1, length: open.opener.length, message: open.message };
}

/**
 * The error of a cell left open at its end, at the construct that opens (as CPython reports it),
 * in module positions (its message's too, as the front end's syntax errors: notebook/analyze.ts
 * `withCellErrors` counts them in the cell).
 */
function openCellError(open: OpenPlace, firstLine: number): Diagnostic {
  const line = firstLine + open.line;
  const { character } = open;
  const range = { start: { line, character }, end: { line, character: character + open.length } };
  const message = `Syntax error: ${open.message} in this cell (Jupyter runs each cell on its own); what depends on this statement is unknown (line ${line + 1}, column ${character + 1})`;
  return { range, severity: 'error', code: 'syntax-error', message, related: [], fixes: [] };
}

const removedAt = (segment: Segment, line: number): number => segment.removed?.[line] ?? 0;

const cellEnd = (segment: Segment): Position => ({ line: segment.lineCount - 1, character: segment.lastLineLength + removedAt(segment, segment.lineCount - 1) });

const countLines = (text: string): number => {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
};
