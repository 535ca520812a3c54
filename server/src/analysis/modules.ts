/**
 * How an analysis reaches the files a program imports: through a resolver it is handed (the CLI and
 * the editor give one that reads the disk, tests an in-memory one). No front end does I/O itself.
 */

/** A module's source, or why it was not read (too large, unreadable). */
export type ModuleFile = { readonly path: string; readonly text: string } | { readonly path: string; readonly refused: string };

export interface ModuleResolver {
  /**
   * The file of module `dotted` (`models.resnet`; '' for the package itself with `level` > 0)
   * imported from `fromFile` (null for an unsaved document) with `level` leading dots, or null
   * when no search path holds it. A package is its `__init__.py`; a folder without one (a
   * namespace package) has the folder's path and empty text.
   */
  resolve(fromFile: string | null, dotted: string, level: number): ModuleFile | null;
}
