/**
 * Python imports on the server's side: which open documents read which files, so that an importer
 * is analysed again when a file it read changes (server.ts), and the path of a `file:` URI. The
 * resolvers live in the analysis worker (modules.ts).
 */
import { fileURLToPath } from 'node:url';

/** The file-system path of a `file:` URI, or null (untitled documents, other schemes). */
export function pathOfUri(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** Which open documents read which files: their analyses' `dependencies` (the server's side). */
export class Importers {
  /** Per open document, the files its last analysis read. */
  private readonly dependencies = new Map<string, ReadonlySet<string>>();

  record(uri: string, dependencies: readonly string[]): void {
    if (dependencies.length > 0) this.dependencies.set(uri, new Set(dependencies));
    else this.dependencies.delete(uri);
  }

  forget(uri: string): void {
    this.dependencies.delete(uri);
  }

  /** The open documents whose last analysis read `path`. */
  of(path: string): string[] {
    return [...this.dependencies].filter(([, deps]) => deps.has(path)).map(([uri]) => uri);
  }
}
