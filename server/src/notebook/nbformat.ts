/**
 * A Jupyter notebook's JSON (nbformat 4, https://nbformat.readthedocs.io/en/latest/format_description.html)
 * read into what the analysis needs: each cell's kind, source and language. Pure; bad input is a
 * `NotebookError` with a message for the user, never a crash.
 */

export type CellKind = 'code' | 'markdown' | 'raw';

export interface NotebookCell {
  readonly kind: CellKind;
  /** The cell's text: nbformat's `source`, a string or a list of lines, joined. */
  readonly source: string;
  /** The cell's own language when it names one (VS Code keeps it in `metadata.vscode.languageId`). */
  readonly language: string | null;
}

export interface Notebook {
  /** `metadata.language_info.name`, else `metadata.kernelspec.language`, else `python`. */
  readonly language: string;
  readonly cells: readonly NotebookCell[];
}

export class NotebookError extends Error {}

/** A well-formed notebook in another language (an R kernel's): not analysed, and not a mistake either. */
export class OtherLanguageNotebook extends NotebookError {}

/** The oldest nbformat major version read: version 3 kept cells inside `worksheets`. */
const NBFORMAT = 4;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field that must be a string when present (nbformat's schema says so for every one read here). */
function optionalString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** The language a notebook's cells are written in; Python when the metadata names none. */
export function notebookLanguage(metadata: unknown): string {
  if (!isRecord(metadata)) return 'python';
  const info = isRecord(metadata.language_info) ? optionalString(metadata.language_info.name) : null;
  const kernel = isRecord(metadata.kernelspec) ? optionalString(metadata.kernelspec.language) : null;
  return info ?? kernel ?? 'python';
}

/** True for the names Jupyter and VS Code give Python (`python`, `python3`). */
export const isPython = (language: string): boolean => /^python\d*$/i.test(language);

function cellSource(source: unknown, index: number): string {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s): s is string => typeof s === 'string')) return source.join('');
  throw new NotebookError(`cell ${index}: "source" is neither a string nor a list of strings`);
}

function readCell(cell: unknown, index: number): NotebookCell {
  if (!isRecord(cell)) throw new NotebookError(`cell ${index} is not a JSON object`);
  const kind = cell.cell_type;
  if (kind !== 'code' && kind !== 'markdown' && kind !== 'raw') throw new NotebookError(`cell ${index}: "cell_type" is ${JSON.stringify(kind)}, not "code", "markdown" or "raw"`);
  const vscode = isRecord(cell.metadata) && isRecord(cell.metadata.vscode) ? cell.metadata.vscode : null;
  return { kind, source: cellSource(cell.source, index), language: vscode ? optionalString(vscode.languageId) : null };
}

/** Reads an `.ipynb` file's text; throws `NotebookError` saying what is wrong with it. */
export function parseNotebook(text: string): Notebook {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new NotebookError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(json) || typeof json.nbformat !== 'number') throw new NotebookError('not a Jupyter notebook: no "nbformat" version number at the top level');
  if (json.nbformat < NBFORMAT) throw new NotebookError(`nbformat ${json.nbformat} notebook: Shape Lens reads nbformat ${NBFORMAT} (open and save it in Jupyter to convert it)`);
  if (!Array.isArray(json.cells)) throw new NotebookError('not a Jupyter notebook: no "cells" list');
  return { language: notebookLanguage(json.metadata), cells: json.cells.map(readCell) };
}
