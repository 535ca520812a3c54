/**
 * Open Jupyter notebooks (LSP 3.17 notebook sync through vscode-languageserver's
 * `NotebookDocuments`): each notebook's code cells become one Python module, analysed as the
 * document of the notebook's URI; a cell's requests read that analysis seen from the cell
 * (notebook/cells.ts).
 */
import { NotebookCellKind, NotebookDocuments, type NotebookDocument } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../analysis/types.js';
import type { ModelTable } from './summary-view.js';
import { withCellErrors } from '../notebook/cell-errors.js';
import { cellResults, type CellResults } from '../notebook/cells.js';
import type { NotebookCell } from '../notebook/nbformat.js';
import { CellCache, NotebookProgram } from '../notebook/program.js';

/** What the server advertises: Jupyter notebooks, their Python cells. */
export const NOTEBOOK_SELECTOR = [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }];

export interface CellRef {
  readonly notebook: string;
  /** 0-based among all the notebook's cells. */
  readonly cell: number;
}

export class OpenNotebooks {
  readonly documents = new NotebookDocuments(TextDocument);
  private readonly programs = new Map<string, NotebookProgram>();
  /** Per notebook, its cells' parts of the module, so a rebuild after an edit reads the edited cell only. */
  private readonly cellCaches = new Map<string, CellCache>();
  /** Per notebook, the module analysis last projected onto its cells and the projection. */
  private readonly views = new Map<string, { module: AnalysisResult; cells: CellResults }>();

  /** The module of the notebook's cells as they are now (and remembered for mapping positions). */
  rebuild(notebook: NotebookDocument): string {
    const cells = notebook.cells.map((c): NotebookCell => {
      const text = this.documents.getCellTextDocument(c);
      return { kind: c.kind === NotebookCellKind.Code ? 'code' : 'markdown', source: text?.getText() ?? '', language: text?.languageId ?? null };
    });
    let cache = this.cellCaches.get(notebook.uri);
    if (!cache) this.cellCaches.set(notebook.uri, (cache = new CellCache()));
    const program = NotebookProgram.of({ cells }, cache);
    this.programs.set(notebook.uri, program);
    return program.text;
  }

  forget(notebook: NotebookDocument): void {
    this.programs.delete(notebook.uri);
    this.cellCaches.delete(notebook.uri);
    this.views.delete(notebook.uri);
  }

  cellOf(uri: string): CellRef | null {
    const notebook = this.documents.findNotebookDocumentForCell(uri);
    if (!notebook || !this.programs.has(notebook.uri)) return null;
    const cell = notebook.cells.findIndex((c) => c.document === uri);
    return cell < 0 ? null : { notebook: notebook.uri, cell };
  }

  /** The version of a cell's text document (code actions name it). */
  cellVersion(uri: string): number | null {
    const cell = this.documents.getNotebookCell(uri);
    return cell ? (this.documents.getCellTextDocument(cell)?.version ?? null) : null;
  }

  /** The notebook's analysis seen from one cell; the same object while the analysis is the same. */
  view(ref: CellRef, module: AnalysisResult): AnalysisResult {
    const last = this.views.get(ref.notebook);
    if (last && last.module === module) return last.cells.get(ref.cell);
    const program = this.programs.get(ref.notebook);
    const notebook = this.documents.getNotebookDocument(ref.notebook);
    if (!program || !notebook) return { language: module.language, layers: [], diagnostics: [] };
    const cells = cellResults(withCellErrors(module, program), program, (c) => notebook.cells[c]?.document ?? ref.notebook);
    this.views.set(ref.notebook, { module, cells });
    return cells.get(ref.cell);
  }

  /** A notebook's summary tables with each row in the cell holding its layer (a click reveals that cell); other documents' as they are. */
  inCells(uri: string, tables: readonly ModelTable[]): readonly ModelTable[] {
    const notebook = this.documents.getNotebookDocument(uri);
    const program = this.programs.get(uri);
    if (!notebook || !program) return tables;
    return tables.map((t) => ({
      ...t,
      rows: t.rows.map((r) => {
        const at = program.toCellRange(r.range);
        const cell = at ? notebook.cells[at.cell] : undefined;
        return at && cell ? { ...r, uri: cell.document, range: at.range } : r;
      }),
    }));
  }

  /** Every code cell of the notebook with its view (empty for cells left out of the module). */
  cellViews(notebookUri: string, module: AnalysisResult): { uri: string; version: number | null; result: AnalysisResult }[] {
    const notebook = this.documents.getNotebookDocument(notebookUri);
    if (!notebook) return [];
    return notebook.cells.flatMap((c, cell) => (c.kind === NotebookCellKind.Code ? [{ uri: c.document, version: this.cellVersion(c.document), result: this.view({ notebook: notebookUri, cell }, module) }] : []));
  }
}
