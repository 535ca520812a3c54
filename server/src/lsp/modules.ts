/**
 * Python imports in the analysis worker: the resolver each document's analysis is handed (the
 * file's folder, its workspace folder, the other folders, `shapelens.python.searchPaths`, then
 * installed packages), reading open documents' text before the disk. The server's side (which open
 * documents import which files) is importers.ts: the main thread loads no resolver.
 */
import { homedir } from 'node:os';
import { isAbsolute, resolve, sep } from 'node:path';
import { DiskFiles } from '../analyzer/disk.js';
import { MAX_MODULE_BYTES, tooLarge, type FileRead, type FileSystem } from '../analyzer/files.js';
import { projectResolver, type SearchPathResolver } from '../analyzer/resolver.js';
import { ImportedTrees, type ModuleOptions } from '../python/modules.js';
import { pathOfUri } from './importers.js';

/** Open documents first: what the user sees in an editor is what an importer reads. */
class OpenFirst implements FileSystem {
  constructor(
    private readonly disk: FileSystem,
    private readonly openText: (path: string) => string | undefined,
  ) {}
  readFile(path: string): FileRead | null {
    const text = this.openText(path);
    if (text === undefined) return this.disk.readFile(path);
    return text.length > MAX_MODULE_BYTES ? { refused: tooLarge(text.length) } : { text };
  }
  isDirectory(path: string): boolean {
    return this.disk.isDirectory(path);
  }
  list(dir: string): readonly string[] {
    return this.disk.list(dir);
  }
}

export class EditorModules {
  /** Workspace folder paths (from initialize). */
  folders: readonly string[] = [];
  /** VS Code's `python.defaultInterpreterPath`, when the client has one. */
  interpreterPath: string | null = null;
  private readonly fs: FileSystem;
  private readonly trees = new ImportedTrees();
  private readonly resolvers = new Map<string, SearchPathResolver>();

  constructor(openText: (path: string) => string | undefined) {
    this.fs = new OpenFirst(new DiskFiles(), openText);
  }

  /** What the analysis of document `uri` imports through. */
  optionsFor(uri: string, searchPaths: readonly string[]): ModuleOptions {
    const file = pathOfUri(uri);
    const own = file === null ? undefined : this.folders.find((f) => file.startsWith(f.endsWith(sep) ? f : f + sep));
    const roots = own ? [own, ...this.folders.filter((f) => f !== own)] : [...this.folders];
    const base = own ?? this.folders[0] ?? null;
    const extraPaths = searchPaths.map((p) => (isAbsolute(p) || base === null ? p : resolve(base, p)));
    const key = JSON.stringify([roots, extraPaths, this.interpreterPath]);
    let resolver = this.resolvers.get(key);
    if (!resolver) {
      resolver = projectResolver(this.fs, { projectRoots: roots, extraPaths, home: homedir(), interpreterPath: this.interpreterPath });
      this.resolvers.set(key, resolver);
    }
    return { resolver, file, trees: this.trees };
  }

  /** Settings or folders changed: the search paths are looked up again. */
  reset(): void {
    this.resolvers.clear();
  }
}
