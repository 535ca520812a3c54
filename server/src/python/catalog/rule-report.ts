/**
 * Reporting what an array rule (./array-rules.ts) found: the error names every operand's shape, and
 * the related locations say where each operand was produced. Quiet in speculative runs (a function
 * analysed without a call site), and information at most on tensors of assumed shape.
 */
import { NO_COST } from '../../engine/cost.js';
import type { Severity, Shape } from '../../analysis/types.js';
import type { TensorV } from '../values.js';
import { operandOrigins, vectorColumnReport } from './array-rules.js';
import { out } from './shapes.js';
import type { OpCall, OpResult } from './types.js';

export interface Operand {
  /** How the message names it: `a`, `labels`, `the left operand`. */
  readonly what: string;
  readonly tensor: TensorV;
}

export function reportOn(call: OpCall, severity: Severity, code: string, message: string, operands: readonly Operand[]): void {
  if (call.ctx.speculative) return;
  const tensors = [...operands.map((o) => o.tensor), ...call.tensors];
  call.ctx.report({ severity: atMostInformation(severity, tensors), code, message, related: operandOrigins(operands) });
}

/** A finding about a tensor whose shape rests on an assumption is information at most. */
export function atMostInformation(severity: Severity, tensors: readonly TensorV[]): Severity {
  return tensors.some((t) => t.assumed === true) && (severity === 'error' || severity === 'warning') ? 'information' : severity;
}

/** An error from a rule, and the unknown output that follows it. */
export function rejected(call: OpCall, code: string, message: string, operands: readonly Operand[]): OpResult {
  reportOn(call, 'error', code, message, operands);
  return { output: out(null, call), cost: NO_COST };
}

/** The vector-against-column broadcast of an element-wise op (./array-rules.ts `vectorColumnReport`). */
export function warnVectorColumn(call: OpCall, what: string, a: Shape, b: Shape, result: Shape, operands: readonly Operand[]): void {
  const r = vectorColumnReport(what, a, b, result);
  if (r) reportOn(call, r.severity, 'vector-column-broadcast', r.message, operands);
}
