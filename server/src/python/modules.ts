/**
 * Modules read from the files a program imports, through the resolver the analysis is handed
 * (../analysis/modules.ts). Each file is parsed and its body run once per analysis (muted: what a
 * module builds when imported is not this document's model), its module scope then bound to the
 * importing names. A module being loaded is registered first, so cycles of imports terminate with
 * the partly run module, as in Python. Bounded: module count, import nesting, file size (the
 * resolver's). Parsed trees are kept across analyses by path and text (`ImportedTrees`).
 */
import { Parser, type Language } from 'web-tree-sitter';
import type { ModuleFile, ModuleResolver } from '../analysis/modules.js';
import { Scope } from './env.js';
import { LIMITS, type Interp } from './interp.js';
import { exec } from './statements.js';
import type { PyNode, SourceText } from './syntax.js';
import { buildTree } from './syntax-copy.js';
import type { ModuleV } from './values.js';

/** At most this many files are read per analysis, and imports nest at most this deep. */
export const MODULE_LIMITS = { modules: 200, depth: 32 } as const;

/** Syntax trees of imported files, reused while their text is unchanged (an editor keeps one). */
export class ImportedTrees {
  private readonly trees = new Map<string, { text: string; root: PyNode }>();
  get(path: string, text: string, parse: (text: string) => PyNode | null): PyNode | null {
    const hit = this.trees.get(path);
    if (hit && hit.text === text) return hit.root;
    const root = parse(text);
    if (root) this.trees.set(path, { text, root });
    else this.trees.delete(path);
    return root;
  }
}

export interface ModuleOptions {
  readonly resolver: ModuleResolver;
  /** The analysed document's path (relative imports start at its folder), null when unsaved. */
  readonly file: string | null;
  readonly trees?: ImportedTrees;
}

/** Why an import gave no module: nothing found, or the file was not read. */
export type Unresolved = { readonly missing: string } | { readonly refused: string };

export class Modules {
  private readonly byPath = new Map<string, ModuleV>();
  private readonly sources = new Map<SourceText, string>();
  private parser: Parser | null = null;
  private nesting = 0;
  private readonly trees: ImportedTrees;

  constructor(
    private readonly options: ModuleOptions,
    private readonly language: Language,
  ) {
    this.trees = options.trees ?? new ImportedTrees();
  }

  get file(): string | null {
    return this.options.file;
  }

  /** The files read, in the order first imported (what the analysis depends on). */
  get paths(): string[] {
    return [...this.byPath.keys()];
  }

  /** How many modules were asked for (found or not: what the answer depends on is outside the program). */
  requests = 0;

  /** How many files were read (the length of `paths`, without building it). */
  get loaded(): number {
    return this.byPath.size;
  }

  /** The imported file code comes from, or undefined for the analysed document. */
  fileOf(src: SourceText): string | undefined {
    return this.sources.get(src);
  }

  /** The file a node of the program belongs to (for relative imports inside imported modules). */
  fileAt(node: PyNode): string | null {
    return this.sources.get(node.src) ?? this.options.file;
  }

  /** Module `dotted` (level: leading dots) imported from `fromFile`; its body runs on first load. */
  load(it: Interp, fromFile: string | null, dotted: string, level: number): ModuleV | Unresolved {
    this.requests++;
    const found = this.options.resolver.resolve(fromFile, dotted, level);
    if (!found) return { missing: `${'.'.repeat(level)}${dotted}` };
    if ('refused' in found) return { refused: found.refused };
    const loaded = this.byPath.get(found.path);
    if (loaded) return loaded;
    if (this.byPath.size >= MODULE_LIMITS.modules) return { refused: `more than ${MODULE_LIMITS.modules} modules imported` };
    if (this.nesting >= MODULE_LIMITS.depth) return { refused: `imports nest more than ${MODULE_LIMITS.depth} deep` };
    return this.run(it, found, dotted, level);
  }

  private run(it: Interp, found: ModuleFile & { text: string }, dotted: string, level: number): ModuleV {
    const scope = new Scope('module', null);
    const name = level > 0 ? `${'.'.repeat(level)}${dotted}` : dotted;
    scope.vars.set('__name__', { kind: 'str', value: name });
    const mod: ModuleV = { kind: 'module', path: name, file: found.path, scope };
    this.byPath.set(found.path, mod);
    const root = this.trees.get(found.path, found.text, (text) => this.parse(text));
    if (!root) return mod;
    this.sources.set(root.src, found.path);
    // The module's own budget slice; the importing statement keeps what it had left.
    const left = it.limit - it.steps;
    const outer = it.moduleScope;
    const models = it.models.length;
    this.nesting++;
    it.mute++;
    it.moduleScope = scope;
    try {
      if (it.slice()) {
        for (const stmt of root.children) {
          if (!stmt.named || stmt.hasError) continue;
          if (exec(it, stmt, scope) !== 'normal' || it.exhausted) break;
        }
      }
    } finally {
      it.moduleScope = outer;
      // Models the module builds at import are not this document's (their pending layers included).
      it.models.splice(models);
      it.mute--;
      this.nesting--;
      it.limit = Math.min(it.steps + Math.max(0, left), LIMITS.totalSteps);
    }
    return mod;
  }

  private parse(text: string): PyNode | null {
    try {
      if (!this.parser) {
        this.parser = new Parser();
        this.parser.setLanguage(this.language);
      }
      const tree = this.parser.parse(text);
      if (!tree) return null;
      try {
        return buildTree(tree, text);
      } finally {
        tree.delete();
      }
    } catch {
      return null;
    }
  }

  dispose(): void {
    this.parser?.delete();
    this.parser = null;
  }
}
