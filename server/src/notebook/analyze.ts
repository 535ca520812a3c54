/**
 * Analyse a notebook: its code cells as one Python module, the result kept with the map back to
 * cells. No I/O: the caller reads the file and loads the grammars.
 */
import { analyzeText, type AnalyzeOptions } from '../analyzer/analyze.js';
import type { AnalysisResult } from '../analysis/types.js';
import type { Languages } from '../parsing/languages.js';
import { withCellErrors } from './cell-errors.js';
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

/** Reads and analyses an `.ipynb` file's text; throws `NotebookError` when it is not a Python notebook. */
export function analyzeNotebookText(languages: Languages, text: string, options: AnalyzeOptions = {}): NotebookAnalysis {
  return analyzeNotebook(languages, parseNotebook(text), options);
}
