/**
 * A shape rule either gives a value or a typed error that a front end turns into a diagnostic.
 * Errors carry a stable code and a message that names the numbers involved.
 */
export interface ShapeError {
  readonly code: ShapeErrorCode;
  readonly message: string;
}

export type ShapeErrorCode =
  | 'invalid-parameter' // kernel/stride/dilation < 1, negative pad, non-integer, absurdly large
  | 'non-positive-output' // the computed size is 0 or negative
  | 'pad-too-large' // e.g. Caffe pooling pad >= kernel
  | 'output-padding-too-large' // transposed conv output_padding >= stride
  | 'output-size-not-admissible'; // a requested transposed-conv output size the backend rejects

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ShapeError };

export function ok<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function fail<T>(code: ShapeErrorCode, message: string): Outcome<T> {
  return { ok: false, error: { code, message } };
}

/** Caffe and TF hold sizes in 32/64-bit ints; we stop at int32 so every product stays exact enough. */
export const MAX_SIZE = 2 ** 31 - 1;

/** Checks that a layer parameter is an integer in [min, MAX_SIZE]; returns an error message or null. */
export function checkInt(name: string, value: number, min: number): string | null {
  if (!Number.isFinite(value) || !Number.isInteger(value)) return `${name} must be an integer, got ${value}`;
  if (value < min) return `${name} must be >= ${min}, got ${value}`;
  if (value > MAX_SIZE) return `${name} is ${value}, larger than any real tensor size (max ${MAX_SIZE})`;
  return null;
}
