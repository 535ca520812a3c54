/**
 * The analysis worker's bundle (dist/worker.js → dist/worker-bundle.js): the server starts it in a
 * worker thread (worker-client.ts) and it runs worker.ts with the real analyzer. Its own bundle,
 * so the server's main thread compiles only what it runs (main.ts).
 */
// First: web-tree-sitter must be evaluated with finalizers off (see wasmFinalizers.ts).
import { restoreFinalizationRegistry } from './wasmFinalizers.js';
import { analyzeEditedPython, analyzeTree } from '../analyzer/analyze.js';
import type { Language } from '../analysis/types.js';
import { bundledGrammarFiles } from '../parsing/languages.js';
import type { CodeCache } from '../startup/code-cache.js';
import { setHeapFlags, underDefaultFlags } from '../startup/heap-flags.js';
import { runAnalysisWorker } from './worker.js';
import { analyzeHeavyText } from './worker-documents.js';

restoreFinalizationRegistry();

/** How long after a language's first analysis the code cache is saved: not while its first hints are on their way. */
const SAVE_CACHE_AFTER_MS = 1000;

/** The entry point (startup/launcher.ts calls it in the worker thread). */
export function main(cache: CodeCache): void {
  const saved = new Set<Language>();
  runAnalysisWorker({
    grammarFiles: bundledGrammarFiles(__dirname),
    analyze: analyzeTree,
    analyzeEdited: analyzeEditedPython,
    analyzeText: analyzeHeavyText,
    checkIncremental: process.env['SHAPELENS_CHECK_INCREMENTAL'] === '1',
    onAnalysed: (language) => {
      // After the first analysis (none saved yet): see startup/heap-flags.ts for why not sooner.
      if (saved.size === 0) setHeapFlags();
      if (saved.has(language)) return;
      saved.add(language);
      setTimeout(() => underDefaultFlags(() => cache.save([language])), SAVE_CACHE_AFTER_MS).unref();
    },
  });
}
