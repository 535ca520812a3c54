/**
 * Which files the command line names: a file stands for itself, a directory for the model files
 * under it. Pure: the directory listing is handed in (`cli/main.ts` reads the disk).
 */
import { languageOf } from '../analyzer/sources.js';
import { isNotebookFile } from '../notebook/analyze.js';

export interface DirectoryEntry {
  readonly name: string;
  readonly directory: boolean;
}

/** What `main.ts` answers about a path: a file, a directory's entries, or why it cannot say. */
export interface FileSystemView {
  kind(path: string): 'file' | 'directory' | { readonly error: string };
  list(directory: string): readonly DirectoryEntry[] | { readonly error: string };
  join(directory: string, name: string): string;
}

/** At most this many files come from directories, so a mistyped `/` ends instead of reading a disk. */
export const MAX_DIRECTORY_FILES = 2000;

export interface ExpandedInputs {
  readonly files: readonly string[];
  /** Paths that could not be read or hold no model files, one line each; the run exits 2. */
  readonly problems: readonly string[];
}

/** Version control, dependencies and hidden folders hold no models of the user's own. */
const skippedDirectory = (name: string): boolean => name.startsWith('.') || name === 'node_modules' || name === '__pycache__';

export function expandInputs(paths: readonly string[], fs: FileSystemView, limit = MAX_DIRECTORY_FILES): ExpandedInputs {
  const files: string[] = [];
  const problems: string[] = [];
  let fromDirectories = 0;
  const walk = (directory: string): void => {
    const entries = fs.list(directory);
    if ('error' in entries) {
      problems.push(`${directory}: cannot read: ${entries.error}`);
      return;
    }
    for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = fs.join(directory, entry.name);
      if (entry.directory) {
        if (!skippedDirectory(entry.name)) walk(path);
      } else if (languageOf(entry.name) !== null || isNotebookFile(entry.name)) {
        if (fromDirectories === limit) throw new LimitReached(path);
        fromDirectories++;
        files.push(path);
      }
    }
  };
  for (const path of paths) {
    const kind = fs.kind(path);
    if (kind === 'file') files.push(path);
    else if (kind === 'directory') {
      const [filesBefore, problemsBefore] = [files.length, problems.length];
      try {
        walk(path);
        // As ESLint does for a pattern that matches nothing: an empty run is more likely a mistake.
        if (files.length === filesBefore && problems.length === problemsBefore) problems.push(`${path}: no .prototxt, .pbtxt, .py or .ipynb files in it`);
      } catch (e) {
        if (!(e instanceof LimitReached)) throw e;
        problems.push(`${path}: stopped at ${e.path}: directories gave ${limit} files, the most one run reads, and nothing from there on was read; name fewer or smaller directories`);
        break;
      }
    } else problems.push(`${path}: cannot read: ${kind.error}`);
  }
  return { files, problems };
}

class LimitReached extends Error {
  constructor(readonly path: string) {
    super(`limit reached at ${path}`);
  }
}
