/**
 * The file system module resolution reads (read-only, never executes anything): texts are cached
 * by path, size and modification time, so an editor re-reads only what changed on disk.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { MAX_MODULE_BYTES, tooLarge, type FileRead, type FileSystem } from './files.js';

export class DiskFiles implements FileSystem {
  private readonly texts = new Map<string, { mtimeMs: number; size: number; read: FileRead }>();

  readFile(path: string): FileRead | null {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile()) return null;
    const cached = this.texts.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.read;
    let read: FileRead;
    try {
      read = stat.size > MAX_MODULE_BYTES ? { refused: tooLarge(stat.size) } : { text: readFileSync(path, 'utf8') };
    } catch (e) {
      read = { refused: `cannot read it: ${e instanceof Error ? e.message : String(e)}` };
    }
    this.texts.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, read });
    return read;
  }

  isDirectory(path: string): boolean {
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
  }

  list(dir: string): readonly string[] {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  }
}
