/**
 * Module resolution as Python's path finder does it, without running Python (the approach of
 * Pyright's importResolver.ts: an ordered list of search roots, each tried for a regular package
 * `name/__init__.py`, then a module `name.py`; a folder without `__init__.py` is a namespace
 * package, used only when no root holds a regular one). Relative imports (`from .blocks import x`,
 * `from .. import y`) start at the importing file's folder. Absolute imports try the importing
 * file's folder first (Python puts the script's folder first on `sys.path`), then the roots.
 * Stub files (`.pyi`) have no bodies to follow, so they are not read.
 */
import { dirname, join } from 'node:path';
import type { ModuleFile, ModuleResolver } from '../analysis/modules.js';
import type { FileSystem } from './files.js';

export class SearchPathResolver implements ModuleResolver {
  constructor(
    private readonly fs: FileSystem,
    /** The project roots (workspace folders, the current folder, `--path`), then installed packages. */
    readonly roots: readonly string[],
  ) {}

  resolve(fromFile: string | null, dotted: string, level: number): ModuleFile | null {
    const parts = dotted === '' ? [] : dotted.split('.');
    if (level > 0) {
      if (fromFile === null) return null;
      let base = dirname(fromFile);
      for (let i = 1; i < level; i++) base = dirname(base);
      return parts.length === 0 ? this.packageAt(base) : (this.findIn(base, parts) ?? this.namespaceAt(base, parts));
    }
    if (parts.length === 0) return null;
    const dirs = [...new Set([...(fromFile === null ? [] : [dirname(fromFile)]), ...this.roots])];
    for (const dir of dirs) {
      const found = this.findIn(dir, parts);
      if (found) return found;
    }
    for (const dir of dirs) {
      const ns = this.namespaceAt(dir, parts);
      if (ns) return ns;
    }
    return null;
  }

  /** A regular package or a module under `dir`. */
  private findIn(dir: string, parts: readonly string[]): ModuleFile | null {
    const path = join(dir, ...parts);
    return this.read(join(path, '__init__.py')) ?? this.read(`${path}.py`);
  }

  private namespaceAt(dir: string, parts: readonly string[]): ModuleFile | null {
    const path = join(dir, ...parts);
    return this.fs.isDirectory(path) ? { path, text: '' } : null;
  }

  private packageAt(dir: string): ModuleFile | null {
    return this.read(join(dir, '__init__.py')) ?? (this.fs.isDirectory(dir) ? { path: dir, text: '' } : null);
  }

  private read(path: string): ModuleFile | null {
    const r = this.fs.readFile(path);
    if (r === null) return null;
    return 'text' in r ? { path, text: r.text } : { path, refused: r.refused };
  }
}

export interface Environment {
  /** Workspace folders (LSP) or the current folder (CLI): a `.venv`, `venv` or `env` in them counts. */
  readonly projectRoots: readonly string[];
  readonly home: string | null;
  /** VS Code's `python.defaultInterpreterPath` (`…/venv/bin/python`), if set. */
  readonly interpreterPath: string | null;
}

/**
 * The installed-package folders found without running an interpreter: the project's virtual
 * environments, the interpreter's prefix, the user's and the system's site-packages (Debian's
 * `dist-packages` too).
 */
export function sitePackages(fs: FileSystem, env: Environment): string[] {
  const prefixes: string[] = [];
  for (const root of env.projectRoots) for (const venv of ['.venv', 'venv', 'env']) prefixes.push(join(root, venv));
  if (env.interpreterPath) prefixes.push(dirname(dirname(env.interpreterPath)));
  const out: string[] = [];
  for (const prefix of prefixes) {
    out.push(...pythonDirs(fs, join(prefix, 'lib'), 'site-packages'));
    out.push(join(prefix, 'Lib', 'site-packages')); // a Windows virtual environment
  }
  if (env.home) out.push(...pythonDirs(fs, join(env.home, '.local', 'lib'), 'site-packages'));
  out.push('/usr/lib/python3/dist-packages', ...pythonDirs(fs, '/usr/local/lib', 'site-packages'), ...pythonDirs(fs, '/usr/local/lib', 'dist-packages'));
  return [...new Set(out)].filter((d) => fs.isDirectory(d));
}

/** `lib/python3*\/<leaf>` under `lib`, newest version first. */
function pythonDirs(fs: FileSystem, lib: string, leaf: string): string[] {
  return fs
    .list(lib)
    .filter((n) => /^python3(\.\d+)?$/.test(n))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    .map((n) => join(lib, n, leaf));
}

export interface SearchPathOptions extends Environment {
  /** `--path DIR` (CLI) or the `shapelens.python.searchPaths` setting: tried after the project roots. */
  readonly extraPaths: readonly string[];
}

/** The resolver for a project: its roots, the extra paths, then the installed packages found. */
export function projectResolver(fs: FileSystem, options: SearchPathOptions): SearchPathResolver {
  return new SearchPathResolver(fs, [...new Set([...options.projectRoots, ...options.extraPaths, ...sitePackages(fs, options)])]);
}
