/**
 * The Node flags the language server runs with (client/src/extension.ts; bench/memory.mjs measures
 * with them). Its working set is about 200 MB on a large model, but V8 lets the old generation grow
 * to up to 4× what survived the last major GC before collecting again, so RSS climbed to 2-4× the
 * working set while editing (issue 11 §6). `--heap-growing-percent=100` makes the next limit 2× the
 * survivors (bench/memory.mjs on 2026-12-03: peak RSS 313 MB, against 456 MB without it and 262 MB
 * at 40); a lower percent collects the old generation every few edits of a large model (an argument
 * edit of the 2,000-line Keras bench model cost 46 ms of server CPU at 40, 32 ms at 100).
 * `--max-semi-space-size=8` halves the young generation's ceiling (16 MB semi-spaces by default).
 * No `--max-old-space-size`: a hard cap would turn a large file into a crash.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--heap-growing-percent=100', '--max-semi-space-size=8'];
