/**
 * A notebook module's syntax errors as the cells show them (the server's main thread maps a
 * worker's result with this, without loading the analyzer: lsp/notebooks.ts).
 */
import type { AnalysisResult, Diagnostic } from '../analysis/types.js';
import type { NotebookProgram } from './program.js';

/** The `(line N, column M)` a syntax error's message ends with (python/broken.ts writes it). */
const MESSAGE_POSITION = /\(line (\d+), column (\d+)\)$/;

/**
 * The module's analysis with the syntax errors of cells left open at their end, each in its
 * place among the others, and every syntax error's message naming its line in its cell.
 */
export function withCellErrors(result: AnalysisResult, program: NotebookProgram): AnalysisResult {
  if (program.openCells.length === 0 && !result.diagnostics.some((d) => d.code === 'syntax-error')) return result;
  const inCell = (d: Diagnostic): Diagnostic => {
    const m = d.code === 'syntax-error' ? MESSAGE_POSITION.exec(d.message) : null;
    const at = m ? program.toCell({ line: Number(m[1]) - 1, character: Number(m[2]) - 1 }) : null;
    return at ? { ...d, message: d.message.replace(MESSAGE_POSITION, `(line ${at.position.line + 1}, column ${at.position.character + 1})`) } : d;
  };
  const diagnostics = [...result.diagnostics];
  for (const open of program.openCells) {
    const after = diagnostics.findIndex((d) => d.range.start.line > open.range.start.line);
    diagnostics.splice(after < 0 ? diagnostics.length : after, 0, open);
  }
  return { ...result, diagnostics: diagnostics.map(inCell) };
}
