/**
 * One cell's view of a notebook's analysis: the layers and diagnostics that start in the cell,
 * in the cell's positions, as the editor shows them on the cell's own document. Pure.
 */
import type { AnalysisResult, Diagnostic, Fix, LayerResult, Range } from '../analysis/types.js';
import type { NotebookProgram } from './program.js';

export function cellResult(result: AnalysisResult, program: NotebookProgram, cell: number): AnalysisResult {
  const inCell = (range: Range): Range | null => {
    const at = program.toCellRange(range);
    return at && at.cell === cell ? at.range : null;
  };
  /** A fix whose every edit lands in this cell, moved there; null otherwise (a cell's edit touches the cell only). */
  const fix = (f: Fix): Fix | null => {
    const edits = f.edits.map((e) => ({ range: inCell(e.range), newText: e.newText }));
    return edits.every((e): e is { range: Range; newText: string } => e.range !== null) ? { ...f, edits } : null;
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
    // A related place in another cell cannot be named on this cell's document: its message says where.
    const elsewhere = d.related.map((r) => program.toCell(r.range.start)).filter((p) => p !== null && p.cell !== cell);
    const related = d.related.flatMap((r) => {
      const at = inCell(r.range);
      return at ? [{ range: at, message: r.message }] : [];
    });
    const where = elsewhere.map((p) => `cell ${p!.cell}, line ${p!.position.line + 1}`);
    const message = where.length ? `${d.message} (see ${where.join('; ')})` : d.message;
    diagnostics.push({ ...d, range, message, related, fixes: fixes(d.fixes) });
  }
  return { language: result.language, layers, diagnostics };
}
