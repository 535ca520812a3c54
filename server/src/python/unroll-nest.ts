/**
 * Known loops are followed one iteration at a time, but nested ones multiply: keras-io
 * generative/lstm_character_level_text_generation.py runs `for epoch in range(40)` ›
 * `for diversity in [4 values]` › `for i in range(400)`, 64,000 bodies, which spent the step budget
 * before the statement ended. So the iterations of the known loops around the running one count
 * together against `LIMITS.unroll`; a loop that would pass it runs as a loop of unknown length.
 */
import { LIMITS, type Interp } from './interp.js';

/** Whether a known loop of `count` iterations, inside the loops unrolled now, may be unrolled. */
export function mayUnroll(it: Interp, count: number): boolean {
  return it.unrolled * count <= LIMITS.unroll;
}

/** The product of the enclosing unrolled loops' counts (for the note when one is not unrolled). */
export function enclosingIterations(it: Interp): number {
  return it.unrolled;
}

/** Runs `body` as the unrolling of a loop of `count` iterations. */
export function unrolling<T>(it: Interp, count: number, body: () => T): T {
  const outer = it.unrolled;
  it.unrolled = outer * count;
  try {
    return body();
  } finally {
    it.unrolled = outer;
  }
}
