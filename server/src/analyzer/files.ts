/**
 * What module resolution needs from a file system: read a file, tell a folder, list one. The disk
 * implementation is ./disk.ts; tests and the editor's open documents give others.
 */
export type FileRead = { readonly text: string } | { readonly refused: string };

export interface FileSystem {
  /** The text of a regular file, why it was not read (too large), or null when there is none. */
  readFile(path: string): FileRead | null;
  isDirectory(path: string): boolean;
  /** The names in a folder ([] when it is not one). */
  list(dir: string): readonly string[];
}

/** Imported modules larger than this are not read (the largest keras-applications module is 45 KB). */
export const MAX_MODULE_BYTES = 2_000_000;

/** An in-memory file system: `files` maps absolute POSIX paths to their text (tests, examples). */
export class MemoryFiles implements FileSystem {
  private readonly dirs = new Set<string>();
  constructor(private readonly files: ReadonlyMap<string, string>) {
    for (const path of files.keys()) {
      for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) this.dirs.add(path.slice(0, i));
      this.dirs.add('/');
    }
  }
  readFile(path: string): FileRead | null {
    const text = this.files.get(path);
    if (text === undefined) return null;
    return text.length > MAX_MODULE_BYTES ? { refused: tooLarge(text.length) } : { text };
  }
  isDirectory(path: string): boolean {
    return this.dirs.has(path);
  }
  list(dir: string): readonly string[] {
    const prefix = dir.endsWith('/') ? dir : dir + '/';
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) if (p.startsWith(prefix) && p.length > prefix.length) names.add(p.slice(prefix.length).split('/')[0]!);
    return [...names];
  }
}

export function tooLarge(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes is more than the ${MAX_MODULE_BYTES.toLocaleString('en-US')}-byte limit for imported modules`;
}
