import { loadLanguages, newParser, sourceGrammarFiles } from '../../server/src/parsing/languages.js';
import { analyzePython, type PythonOptions } from '../../server/src/python/analyze.js';
import type { AnalysisResult, LayerResult } from '../../server/src/analysis/types.js';
import { dimToJson } from '../../server/src/engine/dim.js';

export async function analyzer(): Promise<(src: string, options?: PythonOptions) => AnalysisResult> {
  const languages = await loadLanguages(sourceGrammarFiles(process.cwd()));
  const parser = newParser(languages.python);
  return (src, options) => {
    const tree = parser.parse(src);
    if (!tree) throw new Error('parse failed');
    return analyzePython(tree, options);
  };
}

/** The output shape of a layer as JSON (numbers, null for unknown, strings for symbolic). */
export function shapeOf(l: LayerResult | undefined): (number | string | null)[] | null {
  const s = l?.outputs[0]?.shape;
  return s ? s.map(dimToJson) : null;
}

/** Layers whose `type` equals `type` (in source order). */
export function ofType(r: AnalysisResult, type: string): LayerResult[] {
  return r.layers.filter((l) => l.type === type);
}

/** The layer whose call starts on 0-based `line`. */
export function atLine(r: AnalysisResult, line: number): LayerResult[] {
  return r.layers.filter((l) => l.range.start.line === line);
}

export function byName(r: AnalysisResult, name: string): LayerResult | undefined {
  return r.layers.find((l) => l.name === name);
}

export function outputsNamed(r: AnalysisResult, name: string): LayerResult[] {
  return r.layers.filter((l) => l.outputs.some((o) => o.name === name));
}
