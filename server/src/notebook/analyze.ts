/**
 * Analyse a notebook: its code cells as one Python module, the result kept with the map back to
 * cells. No I/O: the caller reads the file and loads the grammars.
 */
import { analyzeText, type AnalyzeOptions } from '../analyzer/analyze.js';
import type { AnalysisResult, Diagnostic } from '../analysis/types.js';
import type { Languages } from '../parsing/languages.js';
import { isPython, OtherLanguageNotebook, parseNotebook, type Notebook } from './nbformat.js';
import { NotebookProgram } from './program.js';

/** The analysis of a notebook's module, with the map from its positions to cells. */
export interface NotebookAnalysis {
  readonly program: NotebookProgram;
  readonly result: AnalysisResult;
}

/** True for a file name Shape Lens reads as a notebook. */
export const isNotebookFile = (fileName: string): boolean => /\.ipynb$/i.test(fileName);

export function analyzeNotebook(languages: Languages, notebook: Notebook, options: AnalyzeOptions = {}): NotebookAnalysis {
  if (!isPython(notebook.language)) throw new OtherLanguageNotebook(`its metadata gives the language ${notebook.language}: Shape Lens reads Python notebooks`);
  const program = NotebookProgram.of(notebook);
  return { program, result: withCellErrors(analyzeText(languages, 'python', program.text, options), program) };
}

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

/** Reads and analyses an `.ipynb` file's text; throws `NotebookError` when it is not a Python notebook. */
export function analyzeNotebookText(languages: Languages, text: string, options: AnalyzeOptions = {}): NotebookAnalysis {
  return analyzeNotebook(languages, parseNotebook(text), options);
}
