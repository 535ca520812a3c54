/**
 * Which source files Shape Lens reads (by name) and how large a text it analyses: what the CLI and
 * the server's main thread decide before any analysis, without loading the front ends.
 */
import type { Language } from '../analysis/types.js';

/**
 * Texts longer than this (UTF-16 units) are refused, by the CLI and the server alike: no model
 * definition comes close (the largest corpus file, resnet152.prototxt, has 0.2 M characters), and
 * the analysis of a Python file of this size is bounded in time and memory (`npm run bench`).
 */
export const MAX_SOURCE_CHARS = 8_000_000;

/** Why a text of `length` characters is not analysed. */
export function tooLargeMessage(length: number): string {
  return `${(length / 1e6).toFixed(1)} M characters is more than the ${MAX_SOURCE_CHARS / 1e6} M Shape Lens analyses`;
}

/** The language of a file by its name, or null when Shape Lens does not read it. */
export function languageOf(fileName: string): Language | null {
  if (/\.(prototxt|pbtxt)$/i.test(fileName)) return 'prototxt';
  if (/\.pyw?$/i.test(fileName)) return 'python';
  return null;
}
