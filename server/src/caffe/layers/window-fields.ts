/**
 * Reading `kernel_size`/`stride`/`pad`/`dilation` per spatial axis, as Convolution and Pooling do:
 * once for every axis, once per axis, or (2-D only) as `_h`/`_w` pairs — never both forms.
 * [BVLC/caffe · src/caffe/layers/base_conv_layer.cpp · LayerSetUp; pooling_layer.cpp · LayerSetUp]
 */
import type { Params } from '../params.js';
import type { LayerContext } from './spec.js';

export interface WindowField {
  readonly name: string;
  /** The `_h`/`_w` spelling, if the field has one. */
  readonly pair?: readonly [string, string];
  /** Value when absent; undefined: required. */
  readonly fallback?: number;
  /** Value of a missing half of the pair (Convolution's `pad_h`/`pad_w` default to 0); undefined: both required. */
  readonly pairFallback?: number;
  readonly min: number;
}

export function perAxis(ctx: LayerContext, p: Params, f: WindowField, spatial: number): number[] {
  const values = p.ints(f.name, f.min);
  const h = f.pair?.[0] ?? '';
  const w = f.pair?.[1] ?? '';
  const hasH = f.pair !== undefined && p.has(h);
  const hasW = f.pair !== undefined && p.has(w);
  if (hasH || hasW) {
    const at = p.rangeOf(hasH ? h : w);
    if (spatial !== 2) ctx.error('conflicting-parameters', `${h}/${w} can only be used for 2-D windows; this input has ${spatial} spatial axes`, at);
    if (p.has(f.name)) ctx.error('conflicting-parameters', `give either ${f.name} or ${h} and ${w}, not both`, at);
    if (!(hasH && hasW) && f.pairFallback === undefined) ctx.error('conflicting-parameters', `${hasH ? h : w} is given without ${hasH ? w : h}`, at);
    return [p.int(h, f.pairFallback ?? 0, f.min), p.int(w, f.pairFallback ?? 0, f.min)];
  }
  if (values.length === 0) {
    const spelled = f.pair ? `${f.name} (or ${h} and ${w})` : f.name;
    if (f.fallback === undefined && !p.has(f.name)) ctx.error('missing-parameter', `${spelled} is required`, p.range);
    return fill(spatial, f.fallback ?? 0);
  }
  if (values.length === 1) return fill(spatial, values[0]!);
  if (values.length !== spatial) {
    ctx.error('conflicting-parameters', `${f.name} must be given once or once per spatial axis (${spatial}), got ${values.length} values`, p.rangeOf(f.name));
  }
  return values;
}

function fill(spatial: number, v: number): number[] {
  return new Array<number>(spatial).fill(v);
}
