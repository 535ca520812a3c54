/** Text forms of shapes and counts, shared by the CLI table and the editor views. */
import { formatDim } from '../engine/dim.js';
import type { Language, Shape } from './types.js';

/** `tuple`: `(None, 112, 112, 64)`, Python's spelling; `cross`: `1×64×112×112`, compact. */
export type ShapeStyle = 'tuple' | 'cross';

/** How shapes read in one place: the style and the spelling of an unknown size. */
export interface ShapeFormat {
  readonly style: ShapeStyle;
  readonly unknown: string;
  /** The spelling of an unknown first axis of a shape of rank ≥ 2 (Keras' batch). */
  readonly batch: string;
}

/**
 * Keras users know an unknown size as `None` (the batch); in a prototxt, and in `cross` style, it is
 * `?`, except Keras' batch, which `cross` writes `N` (a `?` there reads as unknown or broken).
 */
export function shapeFormat(language: Language, style: ShapeStyle = 'tuple'): ShapeFormat {
  const unknown = language === 'python' && style === 'tuple' ? 'None' : '?';
  return { style, unknown, batch: language === 'python' && style === 'cross' ? 'N' : unknown };
}

/**
 * A shape in the given format; a shape whose rank is unknown reads `?`, or with known last sizes
 * (`tail`) `(…, 10)` / `…×10`.
 */
export function formatShape(shape: Shape | null, format: ShapeFormat, tail?: Shape): string {
  if (shape === null && !tail) return '?';
  const dims = shape
    ? shape.map((d, i) => formatDim(d, i === 0 && shape.length >= 2 ? format.batch : format.unknown))
    : ['…', ...tail!.map((d) => formatDim(d, format.unknown))];
  if (format.style === 'cross') return dims.length === 0 ? 'scalar' : dims.join('×');
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** 118013952 → `118,013,952`; null → `?`. */
export function formatCount(n: number | null): string {
  if (n === null) return '?';
  const r = Math.round(n);
  // Grouped by hand: the first toLocaleString of a process loads ICU data, a quarter of a CLI run's analysis time.
  if (!Number.isFinite(r)) return r.toLocaleString('en-US');
  return (Number.isSafeInteger(r) ? String(r) : BigInt(r).toString()).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** 3.87e9 → `3.87 G`, for totals. */
export function formatMagnitude(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  const unit = units.find(([u]) => Math.abs(n) >= u);
  return unit ? `${(n / unit[0]).toFixed(2)} ${unit[1]}` : String(n);
}
