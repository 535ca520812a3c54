/** Building diagnostics and the shape text their messages quote. */
import type { Diagnostic, Range, Severity, Shape } from '../analysis/types.js';
import { formatShape as formatShapeAs, shapeFormat } from '../analysis/format.js';

export type Related = Diagnostic['related'];

export function diagnostic(range: Range, severity: Severity, code: string, message: string, related: Related = []): Diagnostic {
  return { range, severity, code, message, related, fixes: [] };
}

const CAFFE_SHAPES = shapeFormat('prototxt');

/** A shape as messages quote it: `(1, 64, 112, 112)`, unknown sizes `?`. */
export function formatShape(shape: Shape | null): string {
  return formatShapeAs(shape, CAFFE_SHAPES);
}
