/**
 * Each cell's view of a notebook's analysis: the layers and diagnostics that start in the cell,
 * in the cell's positions, as the editor shows them on the cell's own document. One pass over the
 * result makes every cell's view (the editor publishes all cells' diagnostics after each edit).
 * Pure.
 */
import type { AnalysisResult, Diagnostic, Fix, LayerResult, TextEdit } from '../analysis/types.js';
import type { NotebookProgram } from './program.js';

/** The views of every cell; a cell's is the same object at every `get`. */
export interface CellResults {
  get(cell: number): AnalysisResult;
}

/**
 * `uriOf(c)` names the document of cell `c`: a fix's edit in another cell than its own (the
 * ZeroPadding2D rewrite adding to an import in the first cell) carries it.
 */
export function cellResults(result: AnalysisResult, program: NotebookProgram, uriOf: (cell: number) => string): CellResults {
  const views = new Map<number, { layers: LayerResult[]; diagnostics: Diagnostic[] }>();
  const viewOf = (cell: number) => {
    let v = views.get(cell);
    if (!v) views.set(cell, (v = { layers: [], diagnostics: [] }));
    return v;
  };
  /** An edit moved into the cell that holds it (naming it when not `cell`); null when it spans cells (no cell's edit can make it). */
  const cellEdit = (e: TextEdit, cell: number): TextEdit | null => {
    const start = program.toCell(e.range.start);
    const end = program.toCell(e.range.end);
    if (!start || !end || start.cell !== end.cell) return null;
    const range = { start: start.position, end: end.position };
    return start.cell === cell ? { range, newText: e.newText } : { range, newText: e.newText, uri: uriOf(start.cell) };
  };
  /** The fixes whose edits can all be made, with their edits in their cells. */
  const fixes = (fs: readonly Fix[], cell: number): Fix[] =>
    fs.flatMap((f) => {
      const edits = f.edits.map((e) => cellEdit(e, cell));
      return edits.every((e): e is TextEdit => e !== null) ? [{ ...f, edits }] : [];
    });
  for (const l of result.layers) {
    const at = program.toCellRange(l.range);
    const anchor = program.toCell(l.anchor);
    if (at && anchor?.cell === at.cell) viewOf(at.cell).layers.push({ ...l, range: at.range, anchor: anchor.position, actions: fixes(l.actions, at.cell) });
  }
  for (const d of result.diagnostics) {
    const at = program.toCellRange(d.range);
    if (!at) continue;
    // A related place in another cell names that cell's document, and the message says where (the
    // Problems row shows no related places).
    const places = d.related.flatMap((r) => {
      const place = program.toCellRange(r.range);
      return place ? [{ place, message: r.message }] : [];
    });
    const related = places.map(({ place, message }) => (place.cell === at.cell ? { range: place.range, message } : { range: place.range, message, uri: uriOf(place.cell) }));
    const where = places.filter(({ place }) => place.cell !== at.cell).map(({ place }) => `cell ${place.cell}, line ${place.range.start.line + 1}`);
    const message = where.length ? `${d.message} (see ${where.join('; ')})` : d.message;
    viewOf(at.cell).diagnostics.push({ ...d, range: at.range, message, related, fixes: fixes(d.fixes, at.cell) });
  }
  const results = new Map<number, AnalysisResult>();
  for (const [cell, v] of views) results.set(cell, { language: result.language, ...v });
  const empty: AnalysisResult = { language: result.language, layers: [], diagnostics: [] };
  return { get: (cell) => results.get(cell) ?? empty };
}
