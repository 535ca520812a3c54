/**
 * Loading the tree-sitter runtime and the two grammars. This is the only place that reads the
 * `.wasm` files; callers say where they are (the bundle copies them next to itself, tests and
 * scripts use the source tree).
 */
import { readFile } from 'node:fs';
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

let runtime: Promise<void> | null = null;
const grammars: { -readonly [L in keyof Languages]?: Promise<Language> } = {};

/** Initialises web-tree-sitter (its own wasm runtime, no grammar) once per process. */
export function initParsing(files: GrammarFiles): Promise<void> {
  runtime ??= Parser.init({ locateFile: () => files.runtime });
  return runtime;
}

/** A file's bytes through node:fs' callback API: node:fs/promises costs a program 0.7 ms to load at start. */
function readBytes(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) => readFile(file, (error, bytes) => (error ? reject(error) : resolve(bytes))));
}

/** Loads one grammar once per process: its file is read while web-tree-sitter initialises. */
export function loadLanguage(files: GrammarFiles, name: keyof Languages): Promise<Language> {
  return (grammars[name] ??= Promise.all([initParsing(files), readBytes(files[name])]).then(([, bytes]) => Language.load(bytes)));
}

/** Both grammars (tests, benchmarks, a notebook in the CLI; otherwise the CLI and the server load each as needed). */
export async function loadLanguages(files: GrammarFiles): Promise<Languages> {
  const [prototxt, python] = await Promise.all([loadLanguage(files, 'prototxt'), loadLanguage(files, 'python')]);
  return { prototxt, python };
}

export function newParser(language: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
