/**
 * The V8 flag the language server's heap runs with, set at run time, not on Node's command line.
 *
 * Any V8 flag on the command line changes V8's flag hash (`v8.cachedDataVersionTag()`). V8 then
 * rejects the code cache Node embeds for its own modules, so each worker thread compiled Node's
 * internals from source as it started: the analysis worker's start took 80–95 ms instead of
 * 40–50, and the main thread's launcher ran ~20 ms later (2-core machine, 2026-12-03).
 *
 * The analysis worker sets the flag once it has answered its first analysis (worker-main.ts): the
 * hash changes only then, and the Node modules a first analysis loads (the grammar files' reader,
 * perf_hooks, node:v8 itself) come from Node's code cache. The server's code caches are made under
 * the default flags (`underDefaultFlags`), so the next start, which loads them before the flag is
 * set, accepts them. V8 flags are the process' own: the server's threads share them.
 */

/**
 * `--heap-growing-percent=100`: after a major GC, V8 lets the old generation grow to up to 4× what
 * survived before it collects again, so the server's RSS climbed to 2–4× its working set while
 * editing (issue 11 §6); this makes the next limit 2× the survivors. bench/memory.mjs
 * (2,000 edits, 2026-12-03): peak RSS 320 MB with it, 466 MB without. A lower percent collects the
 * old generation every few edits of a large model (an argument edit of the 2,000-line Keras bench
 * model cost 46 ms of server CPU at 40, 32 ms at 100). No `--max-old-space-size`: a hard cap would
 * turn a large file into a crash.
 */
const HEAP_FLAGS: readonly string[] = ['--heap-growing-percent=100'];
/** V8's defaults for HEAP_FLAGS (`node --v8-options`): with them, the flag hash is V8's own again. */
const DEFAULT_FLAGS: readonly string[] = ['--heap-growing-percent=0'];

/** node:v8, required when first used: it takes ~3 ms to load (its heap-snapshot helpers load Node's streams). */
let v8: typeof import('node:v8') | null = null;

function setFlags(flags: readonly string[]): void {
  v8 ??= require('node:v8') as typeof import('node:v8');
  for (const flag of flags) v8.setFlagsFromString(flag);
}

/** Sets the server's heap flag for the whole process. */
export function setHeapFlags(): void {
  setFlags(HEAP_FLAGS);
}

/**
 * Runs `run` (a code cache's save) with V8's default flags, then sets the heap flag: cached data
 * carries the flag hash it was made under, and V8 rejects it under another.
 */
export function underDefaultFlags(run: () => void): void {
  setFlags(DEFAULT_FLAGS);
  try {
    run();
  } finally {
    setHeapFlags();
  }
}
