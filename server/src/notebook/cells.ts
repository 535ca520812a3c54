/**
 * One cell's view of a notebook's analysis: the layers and diagnostics that start in the cell,
 * in the cell's positions, as the editor shows them on the cell's own document. Pure.
 */
import type { AnalysisResult, Diagnostic, Fix, LayerResult, Range, TextEdit } from '../analysis/types.js';
import type { NotebookProgram } from './program.js';

/**
 * `uriOf(c)` names the document of cell `c`: a fix's edit in another cell than `cell` (the
 * ZeroPadding2D rewrite adding to an import in the first cell) carries it.
 */
export function cellResult(result: AnalysisResult, program: NotebookProgram, cell: number, uriOf: (cell: number) => string): AnalysisResult {
  const inCell = (range: Range): Range | null => {
    const at = program.toCellRange(range);
    return at && at.cell === cell ? at.range : null;
  };
  /** An edit moved into the cell that holds it; null when it spans cells (no cell's edit can make it). */
  const cellEdit = (e: TextEdit): TextEdit | null => {
    const start = program.toCell(e.range.start);
    const end = program.toCell(e.range.end);
    if (!start || !end || start.cell !== end.cell) return null;
    const range = { start: start.position, end: end.position };
    return start.cell === cell ? { range, newText: e.newText } : { range, newText: e.newText, uri: uriOf(start.cell) };
  };
  /** A fix with its edits in their cells; null when one of them cannot be made. */
  const fix = (f: Fix): Fix | null => {
    const edits = f.edits.map(cellEdit);
    return edits.every((e): e is TextEdit => e !== null) ? { ...f, edits } : null;
  };
  const fixes = (fs: readonly Fix[]): Fix[] => fs.map(fix).filter((f): f is Fix => f !== null);
  const layers: LayerResult[] = [];
  for (const l of result.layers) {
    const range = inCell(l.range);
    const anchor = program.toCell(l.anchor);
    if (range && anchor?.cell === cell) layers.push({ ...l, range, anchor: anchor.position, actions: fixes(l.actions) });
  }
  const diagnostics: Diagnostic[] = [];
  for (const d of result.diagnostics) {
    const range = inCell(d.range);
    if (!range) continue;
    // A related place in another cell names that cell's document, and the message says where (the
    // Problems row shows no related places).
    const places = d.related.flatMap((r) => {
      const at = program.toCellRange(r.range);
      return at ? [{ at, message: r.message }] : [];
    });
    const related = places.map(({ at, message }) => (at.cell === cell ? { range: at.range, message } : { range: at.range, message, uri: uriOf(at.cell) }));
    const where = places.filter(({ at }) => at.cell !== cell).map(({ at }) => `cell ${at.cell}, line ${at.range.start.line + 1}`);
    const message = where.length ? `${d.message} (see ${where.join('; ')})` : d.message;
    diagnostics.push({ ...d, range, message, related, fixes: fixes(d.fixes) });
  }
  return { language: result.language, layers, diagnostics };
}
