/**
 * Parse and analyse one source text: picks the front end for the language. No I/O: the caller
 * reads files and loads the grammars.
 */
import type { Language as Grammar, Parser, Tree } from 'web-tree-sitter';
import { analyzePrototxt, type PrototxtOptions } from '../caffe/analyze.js';
import { PrototxtCache } from '../caffe/cache.js';
import { analyzeEditedPython as analyzeEdited, analyzePython, analyzePythonText, type PythonOptions } from '../python/analyze.js';
import { SyntaxCache } from '../python/syntax.js';
import { newParser } from '../parsing/languages.js';
import { withLoneCrAsLf } from '../parsing/lines.js';
import type { AnalysisResult, Language } from '../analysis/types.js';

/**
 * What an editor keeps per open document so that each analysis reuses the last one's work on the
 * code an edit left alone (the front end of the document's language uses its part).
 */
export class DocumentCache {
  readonly prototxt = new PrototxtCache();
  readonly python = new SyntaxCache();
}

export interface AnalyzeOptions extends Omit<PrototxtOptions, 'cache'>, Omit<PythonOptions, 'cache'> {
  cache?: DocumentCache;
}

/**
 * The text tree-sitter reads for a document: Python's with each lone `\r` as `\n` (Python ends a
 * line there, tree-sitter-python does not), a prototxt's as it is (protobuf does not either).
 * Same length: offsets into it are offsets into the document.
 */
export function parserText(language: Language, text: string): string {
  return language === 'python' ? withLoneCrAsLf(text) : text;
}

/** Runs the front end for `language` over an already parsed tree (`options.text`: the text it was parsed from). */
export function analyzeTree(language: Language, tree: Tree, options: AnalyzeOptions = {}): AnalysisResult {
  const { cache, ...rest } = options;
  return language === 'prototxt' ? analyzePrototxt(tree, { ...rest, cache: cache?.prototxt }) : analyzePython(tree, { ...rest, cache: cache?.python });
}

/**
 * An editor's Python analysis after an edit, parsing only the statements it touched
 * (python/edit-parse.ts) with `parser` (set to Python): null when the whole text must be parsed.
 */
export function analyzeEditedPython(parser: Parser, text: string, options: AnalyzeOptions & { cache: DocumentCache }): AnalysisResult | null {
  return analyzeEdited(parser, text, { ...options, cache: options.cache.python });
}

/**
 * Parses `text` with the grammar of `language` (the only one `grammars` needs to hold) and analyses
 * it. Python is parsed in parts and each tree freed once copied (python/parse.ts): no tree is kept.
 */
export function analyzeText(grammars: { readonly [L in Language]?: Grammar }, language: Language, text: string, options: AnalyzeOptions = {}): AnalysisResult {
  const grammar = grammars[language];
  if (!grammar) throw new Error(`the ${language} grammar is not loaded`);
  const parser = newParser(grammar);
  const source = parserText(language, text);
  try {
    if (language === 'python') {
      const { cache, ...rest } = options;
      return analyzePythonText(parser, source, { ...rest, cache: cache?.python, text: source });
    }
    const tree = parser.parse(source);
    if (!tree) throw new Error('tree-sitter returned no tree');
    try {
      return analyzeTree(language, tree, { ...options, text: source });
    } finally {
      tree.delete();
    }
  } finally {
    parser.delete();
  }
}
