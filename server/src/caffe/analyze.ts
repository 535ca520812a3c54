/**
 * The Caffe front end: a parsed .prototxt in, every layer's input and output shapes, cost and
 * diagnostics out.
 */
import type { Tree } from 'web-tree-sitter';
import type { AnalysisResult, Diagnostic } from '../analysis/types.js';
import { runNet } from './blobs.js';
import { readDocument } from './message.js';
import { netLayers } from './net.js';

export interface PrototxtOptions {
  /** Shapes for net inputs the file does not state (or to override them), by top name. */
  inputs?: Readonly<Record<string, readonly number[]>>;
  /** Which phase's include/exclude rules apply; TEST (the deploy view) by default. */
  phase?: 'TRAIN' | 'TEST';
}

export function analyzePrototxt(tree: Tree, options: PrototxtOptions = {}): AnalysisResult {
  const doc = readDocument(tree);
  const diagnostics: Diagnostic[] = [...doc.syntaxErrors];
  const layers = runNet(netLayers(doc, options.phase ?? 'TEST', diagnostics), options.inputs ?? {}, diagnostics);
  return { language: 'prototxt', layers, diagnostics };
}
