import { pythonFiles } from './python-files.js';
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

/**
 * `layer` (Python constructor text, e.g. `layers.LSTM(8)`) applied to `keras.Input(shape=input)` in a
 * tf.keras file: the row's output shape(s) and parameter count.
 */
export function layerRow(
  analyze: (src: string) => AnalysisResult,
  layer: string,
  input: readonly number[],
  header = 'from tensorflow import keras\nfrom tensorflow.keras import layers\n',
): { shape: ((number | string | null)[] | null) | ((number | string | null)[] | null)[]; params: number | null } {
  const src = `${header}x = keras.Input(shape=(${input.join(', ')},))\ny = ${layer}(x)\n`;
  const r = analyze(src);
  const row = r.layers[r.layers.length - 1]!;
  const shapes = row.outputs.map((o) => (o.shape ? o.shape.map(dimToJson) : null));
  return { shape: shapes.length === 1 ? shapes[0]! : shapes, params: row.params };
}

/** Every Python file the suite keeps, as [path, text] (real code in test/python/fixtures: see SOURCES.md there). */
export function suitePythonFiles(): [string, string][] {
  return pythonFiles('test/python/fixtures', 'test/cli/fixtures', 'examples');
}
