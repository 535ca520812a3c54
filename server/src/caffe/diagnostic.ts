/** Building diagnostics and the shape text their messages quote. */
import type { Diagnostic, Range, Severity, Shape } from '../analysis/types.js';
import { formatDim } from '../engine/dim.js';

export type Related = Diagnostic['related'];

export function diagnostic(range: Range, severity: Severity, code: string, message: string, related: Related = []): Diagnostic {
  return { range, severity, code, message, related, fixes: [] };
}

/** `(1, 64, 112, 112)`; unknown sizes as `?`, an unknown rank as `(?)`, a scalar as `()`. */
export function formatShape(shape: Shape | null): string {
  return shape === null ? '(?)' : `(${shape.map((d) => formatDim(d)).join(', ')})`;
}
