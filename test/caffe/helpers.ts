/** Parsing prototxt text or a corpus file and analysing it, for the Caffe tests. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';
import type { AnalysisResult, LayerResult, Shape } from '../../server/src/analysis/types.js';
import { analyzePrototxt, type PrototxtOptions } from '../../server/src/caffe/analyze.js';
import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';

export const CORPUS = path.resolve(process.cwd(), 'test/data/caffe');

export async function parse(text: string): Promise<Tree> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  const tree = newParser(languages.prototxt).parse(text);
  if (!tree) throw new Error('parse failed');
  return tree;
}

export async function analyze(text: string, options?: PrototxtOptions): Promise<AnalysisResult> {
  return analyzePrototxt(await parse(text), options);
}

export function corpusText(file: string): string {
  return readFileSync(path.join(CORPUS, file), 'utf8');
}

export async function analyzeCorpus(file: string, options?: PrototxtOptions): Promise<AnalysisResult> {
  return analyze(corpusText(file), options);
}

export function layer(result: AnalysisResult, name: string): LayerResult {
  const found = result.layers.find((l) => l.name === name);
  if (!found) throw new Error(`no layer ${name}`);
  return found;
}

/** The shape of a layer's first top (or of the named top). */
export function out(result: AnalysisResult, name: string, top = 0): Shape | null {
  return layer(result, name).outputs[top]!.shape;
}
