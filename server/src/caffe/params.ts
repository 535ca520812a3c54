/**
 * Typed reads of a layer's parameter message (`convolution_param { … }`), with defaults as in
 * caffe.proto. A value of the wrong kind or out of range is reported at its field and replaced by
 * the fallback, so callers always get a number; the report marks the layer as failed.
 */
import type { Range } from '../analysis/types.js';
import { checkInt, MAX_SIZE } from '../engine/outcome.js';
import type { Field, Message, Value } from './message.js';

/** Where a bad parameter is reported: an error at `range`. */
export type ParamError = (code: string, message: string, range: Range) => void;

/** The smallest `min` an `int` read accepts: axes and offsets may be negative. */
export const ANY_INT = -MAX_SIZE;

export class Params {
  constructor(
    private readonly fields: readonly Field[],
    /** The message's own field (or the layer): where a missing parameter is reported. */
    private readonly at: { readonly range: Range },
    private readonly report: ParamError,
  ) {}

  static of(message: Message, at: { readonly range: Range }, report: ParamError): Params {
    return new Params(message.fields, at, report);
  }

  /** The message's own range (or the layer's), computed when asked for. */
  get range(): Range {
    return this.at.range;
  }

  has(name: string): boolean {
    return this.field(name) !== undefined;
  }

  /** The range of the first `name` field, or of the message when it is absent. */
  rangeOf(name: string): Range {
    return (this.field(name) ?? this.at).range;
  }

  /** A scalar integer ≥ `min`; `fallback` when absent, or null to require it. */
  int(name: string, fallback: number | null, min: number): number {
    const v = this.single(name);
    if (v === undefined) {
      if (fallback === null) this.report('missing-parameter', `${name} is required`, this.range);
      return fallback ?? 0;
    }
    return this.checkedInt(name, v, min) ?? fallback ?? 0;
  }

  /** A repeated integer field (`dim: 1 dim: 3`, or `dim: [1, 3]`); bad entries are reported and dropped. */
  ints(name: string, min: number): number[] {
    const out: number[] = [];
    for (const f of this.fields) {
      if (f.name !== name) continue;
      if (f.value.kind === 'list') for (const v of f.value.value) this.pushInt(out, name, v, min);
      else this.pushInt(out, name, f.value, min);
    }
    return out;
  }

  float(name: string, fallback: number): number {
    const v = this.single(name);
    if (v === undefined) return fallback;
    if (v.kind === 'number' && Number.isFinite(v.value)) return v.value;
    this.report('invalid-parameter', `${name} must be a finite number, got ${show(v)}`, v.range);
    return fallback;
  }

  floats(name: string): number[] {
    const out: number[] = [];
    for (const v of this.values(name)) {
      if (v.kind === 'number' && Number.isFinite(v.value)) out.push(v.value);
      else this.report('invalid-parameter', `${name} must be a finite number, got ${show(v)}`, v.range);
    }
    return out;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.single(name);
    if (v === undefined) return fallback;
    if (v.kind === 'enum' && /^(true|True|t)$/.test(v.value)) return true;
    if (v.kind === 'enum' && /^(false|False|f)$/.test(v.value)) return false;
    if (v.kind === 'number' && (v.value === 0 || v.value === 1)) return v.value === 1;
    this.report('invalid-parameter', `${name} must be true or false, got ${show(v)}`, v.range);
    return fallback;
  }

  /** An enum field, by name or by number (its index in `options`, as in caffe.proto). */
  choice<T extends string>(name: string, options: readonly T[], fallback: T): T {
    const v = this.single(name);
    if (v === undefined) return fallback;
    const found = v.kind === 'enum' ? options.find((o) => o === v.value) : v.kind === 'number' ? options[v.value] : undefined;
    if (found !== undefined) return found;
    this.report('invalid-parameter', `${name} must be one of ${options.join(', ')}, got ${show(v)}`, v.range);
    return fallback;
  }

  string(name: string): string | null {
    const v = this.single(name);
    return v?.kind === 'string' ? v.value : null;
  }

  /** A non-repeated sub-message; an absent one reads as empty (every field at its default). */
  message(name: string): Params {
    const f = singleField(this.fields, name, this.report);
    if (f?.value.kind === 'message') return Params.of(f.value.value, f, this.report);
    if (f) this.report('invalid-parameter', `${name} must be a message { … }, got ${show(f.value)}`, f.range);
    return new Params([], this.at, this.report);
  }

  messages(name: string): Params[] {
    const out: Params[] = [];
    for (const f of this.fields) {
      if (f.name !== name) continue;
      if (f.value.kind === 'message') out.push(Params.of(f.value.value, f, this.report));
      else this.report('invalid-parameter', `${name} must be a message { … }, got ${show(f.value)}`, f.range);
    }
    return out;
  }

  private field(name: string): Field | undefined {
    for (const f of this.fields) if (f.name === name) return f;
    return undefined;
  }

  /** The value of the non-repeated field `name`, which takes no list (reported; its first value is read on). */
  private single(name: string): Value | undefined {
    const f = singleField(this.fields, name, this.report);
    if (f?.value.kind !== 'list') return f?.value;
    this.report('invalid-parameter', `${name} takes one value, not a list (it is not a repeated field)`, f.value.range);
    return f.value.value[0];
  }


  /** Every value given for `name`, in order, with list syntax flattened. */
  private values(name: string): Value[] {
    const out: Value[] = [];
    for (const f of this.fields) {
      if (f.name !== name) continue;
      if (f.value.kind === 'list') out.push(...f.value.value);
      else out.push(f.value);
    }
    return out;
  }

  private pushInt(out: number[], name: string, v: Value, min: number): void {
    const n = this.checkedInt(name, v, min);
    if (n !== null) out.push(n);
  }

  private checkedInt(name: string, v: Value, min: number): number | null {
    const problem = v.kind === 'number' ? checkInt(name, v.value, min) : `${name} must be an integer, got ${show(v)}`;
    if (problem !== null) {
      this.report('invalid-parameter', problem, v.range);
      return null;
    }
    return v.kind === 'number' ? v.value : null;
  }
}

/**
 * The non-repeated field `name` among `fields`. Caffe reads a prototxt with protobuf's text parser,
 * which rejects such a field given twice ("Non-repeated field … is specified multiple times";
 * protobuf · text_format.cc · ParserImpl::ConsumeField, FORBID_SINGULAR_OVERWRITES): each further
 * one is reported.
 */
export function singleField(fields: readonly Field[], name: string, report: ParamError): Field | undefined {
  let first: Field | undefined;
  for (const f of fields) {
    if (f.name !== name) continue;
    if (!first) first = f;
    else report('duplicate-field', `${name} is given twice (first at line ${first.range.start.line + 1}): it is not a repeated field, so Caffe's protobuf text parser rejects the file`, f.range);
  }
  return first;
}

function show(v: Value): string {
  switch (v.kind) {
    case 'number':
      return String(v.value);
    case 'string':
      return JSON.stringify(v.value);
    case 'enum':
      return v.value;
    case 'message':
      return 'a message';
    case 'list':
      return 'a list';
  }
}
