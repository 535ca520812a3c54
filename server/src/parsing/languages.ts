/**
 * Loading the tree-sitter runtime and the two grammars. This is the only place that reads the
 * `.wasm` files; callers say where they are (the bundle copies them next to itself, tests and
 * scripts use the source tree).
 */
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

export interface GrammarFiles {
  /** web-tree-sitter's own runtime. */
  readonly runtime: string;
  readonly prototxt: string;
  readonly python: string;
}

export interface Languages {
  readonly prototxt: Language;
  readonly python: Language;
}

/** The bundle layout: everything flat in `dir` (see scripts/build.mjs). */
export function bundledGrammarFiles(dir: string): GrammarFiles {
  return {
    runtime: path.join(dir, 'web-tree-sitter.wasm'),
    prototxt: path.join(dir, 'tree-sitter-prototxt.wasm'),
    python: path.join(dir, 'tree-sitter-python.wasm'),
  };
}

/** The source-tree layout, for tests and scripts run from the repository root. */
export function sourceGrammarFiles(root: string): GrammarFiles {
  return {
    runtime: path.join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'),
    prototxt: path.join(root, 'grammars/prototxt/tree-sitter-prototxt.wasm'),
    python: path.join(root, 'grammars/python/tree-sitter-python.wasm'),
  };
}

let loaded: Promise<Languages> | null = null;

/** Initialises web-tree-sitter once per process and loads both grammars. */
export function loadLanguages(files: GrammarFiles): Promise<Languages> {
  loaded ??= (async () => {
    await Parser.init({ locateFile: () => files.runtime });
    const [prototxt, python] = await Promise.all([Language.load(files.prototxt), Language.load(files.python)]);
    return { prototxt, python };
  })();
  return loaded;
}

export function newParser(language: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
