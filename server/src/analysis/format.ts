/** Text forms of shapes and counts, shared by the CLI table and the editor views. */
import { formatDim } from '../engine/dim.js';
import type { Shape } from './types.js';

/**
 * `tuple`: `(None, 112, 112, 64)` — Python's spelling, unknown dims as `None`;
 * `cross`: `1×64×112×112` — compact, unknown dims as `?`.
 */
export type ShapeStyle = 'tuple' | 'cross';

export function formatShape(shape: Shape | null, style: ShapeStyle = 'tuple'): string {
  if (shape === null) return '?';
  if (style === 'cross') return shape.length === 0 ? 'scalar' : shape.map((d) => formatDim(d, '?')).join('×');
  return shape.length === 1 ? `(${formatDim(shape[0]!, 'None')},)` : `(${shape.map((d) => formatDim(d, 'None')).join(', ')})`;
}

/** 118013952 → `118,013,952`; null → `?`. */
export function formatCount(n: number | null): string {
  return n === null ? '?' : Math.round(n).toLocaleString('en-US');
}

/** 3.87e9 → `3.87 G`, for totals. */
export function formatMagnitude(n: number): string {
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'K']];
  const unit = units.find(([u]) => Math.abs(n) >= u);
  return unit ? `${(n / unit[0]).toFixed(2)} ${unit[1]}` : String(n);
}
