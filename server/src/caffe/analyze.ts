/**
 * The Caffe front end: a parsed .prototxt in, every layer's input and output shapes, cost and
 * diagnostics out.
 */
import type { Tree } from 'web-tree-sitter';
import type { AnalysisResult, Diagnostic } from '../analysis/types.js';
import { runNet } from './blobs.js';
import type { PrototxtCache } from './cache.js';
import { readDocument } from './message.js';
import { netLayers } from './net.js';

export interface PrototxtOptions {
  /** Shapes for net inputs, by top name, replacing what the file states (`--input`). */
  inputs?: Readonly<Record<string, readonly number[]>>;
  /** Shapes for net inputs the file does not state in full, by top name (the editor's setting). */
  defaultInputs?: Readonly<Record<string, readonly number[]>>;
  /** Which phase's include/exclude rules apply; TEST (the deploy view) by default. */
  phase?: 'TRAIN' | 'TEST';
  /** The net state's stages (`--stage`, repeatable) and level (`--level`, default 0), as caffe's tool sets them. */
  stages?: readonly string[];
  level?: number;
  /** The last analysis of the same document, to reuse (an editor keeps one per open document). */
  cache?: PrototxtCache;
  /** The text the tree was parsed from: positions then follow LSP's line ends from its first character. */
  text?: string;
  /** True once the result is no longer wanted: the layer loop stops at its next layer. */
  cancelled?: () => boolean;
}

export function analyzePrototxt(tree: Tree, options: PrototxtOptions = {}): AnalysisResult {
  const doc = readDocument(tree, options.cache?.fields, options.text);
  const diagnostics: Diagnostic[] = [...doc.syntaxErrors];
  const excludedTops = new Set<string>();
  const state = { phase: options.phase ?? 'TEST', level: options.level ?? 0, stages: options.stages ?? [] } as const;
  const layers = runNet(netLayers(doc, state, diagnostics, options.cache?.layers, excludedTops), { given: options.inputs ?? {}, defaults: options.defaultInputs ?? {} }, diagnostics, options.cache?.runs, excludedTops, options.cancelled);
  // Every field the net needs has been read by now.
  diagnostics.push(...doc.readErrors);
  return { language: 'prototxt', layers, diagnostics };
}
