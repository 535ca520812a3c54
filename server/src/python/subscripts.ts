/**
 * Subscripts and slices: `seq[i]`, `seq[a:b:c]`, `d[k]`, a list of unknown length's items, and
 * tensor indexing (`x[:, 1:3, ..., None, 0]`, symbolic slice lengths). Python's slice arithmetic is
 * its own family, kept out of the expression dispatcher.
 */
import { isKnown, type Dim } from '../engine/dim.js';
import { symbolicSliceLength } from './catalog/array-rules.js';
import { evaluate } from './evaluate.js';
import type { Scope } from './env.js';
import type { Interp } from './interp.js';
import { parameterPart } from './entry-points.js';
import { dictKey, itemIndex, parameterItem } from './iterables.js';
import { field, fields, namedChildren, type PyNode } from './syntax.js';
import { intOf, isSeq, join, str, tensor, UNKNOWN, type Value } from './values.js';

export function subscript(it: Interp, node: PyNode, scope: Scope): Value {
  const obj = evaluate(it, field(node, 'value'), scope);
  const subs = fields(node, 'subscript');
  if (subs.length !== 1) {
    for (const s of subs) evaluate(it, s, scope);
    return obj.kind === 'tensor' ? tensorIndex(it, obj, subs, scope) : UNKNOWN;
  }
  const sub = subs[0]!;
  // An entry point's parameter indexed by an int or a string (`self.block_strides[i]` with i
  // known, `params['resnet_size']`): named after it.
  if (obj.kind === 'tensor' && sub.type !== 'slice' && parameterItem(obj, 0) !== null) {
    const key = evaluate(it, sub, scope);
    const i = intOf(key);
    const named = i !== null ? parameterItem(obj, i) : key.kind === 'str' ? parameterPart(it, obj, key.value, `['${key.value}']`, node) : null;
    return named ?? tensor(null);
  }
  if (obj.kind === 'tensor') return tensorIndex(it, obj, subs, scope);
  // A list of unknown length: any item is like its item, any slice is like it.
  if (obj.kind === 'listof') {
    if (sub.type === 'slice') return { kind: 'listof', item: obj.item };
    evaluate(it, sub, scope);
    return obj.item;
  }
  if (sub.type === 'slice') {
    const [start, stop, step] = sliceParts(it, sub, scope);
    if (isSeq(obj) || obj.kind === 'str') {
      const items = obj.kind === 'str' ? [...obj.value] : obj.items;
      const sliced = pySlice(items.length, start, stop, step);
      if (!sliced) return UNKNOWN;
      const picked = sliced.map((i) => items[i]!);
      if (obj.kind === 'str') return str((picked as string[]).join(''));
      return { kind: obj.kind, items: picked as Value[] };
    }
    return UNKNOWN;
  }
  const key = evaluate(it, sub, scope);
  if (isSeq(obj) || obj.kind === 'str') {
    const i = intOf(key);
    const len = obj.kind === 'str' ? obj.value.length : obj.items.length;
    if (i === null) return UNKNOWN;
    const j = itemIndex(i, len);
    if (j === null) return UNKNOWN;
    return obj.kind === 'str' ? str(obj.value[j]!) : obj.items[j]!;
  }
  if (obj.kind === 'dict') {
    const k = dictKey(key);
    if (k !== null) return obj.entries.get(k)?.value ?? UNKNOWN;
    // A key not known (`choices[resnet_size]`): one of the values, or KeyError, which goes no further.
    const values = [...obj.entries.values()].map((e) => e.value);
    return unknownKey(key) && !obj.incomplete && values.length > 0 ? values.reduce((a, b) => join(a, b)) : UNKNOWN;
  }
  return UNKNOWN;
}

/** A key whose value is not known, so it may equal any key (a tuple or another object is a key not modelled). */
function unknownKey(v: Value): boolean {
  return v.kind === 'unknown' || v.kind === 'dim' || v.kind === 'tensor';
}

type SliceNum = number | null | undefined;

function sliceParts(it: Interp, sub: PyNode, scope: Scope): [SliceNum, SliceNum, SliceNum] {
  // slice children: [expr] ':' [expr] [':' [expr]]
  const parts: SliceNum[] = [null, null, null];
  let idx = 0;
  for (const c of sub.children) {
    if (c.type === ':') {
      idx++;
      continue;
    }
    if (!c.named) continue;
    const v = evaluate(it, c, scope);
    const n = intOf(v);
    parts[idx] = v.kind === 'none' ? null : n === null ? undefined : n;
  }
  return [parts[0], parts[1], parts[2]];
}

/** Python slice indices for a sequence of length n; null when a bound is unknown. */
function pySlice(n: number, start: SliceNum, stop: SliceNum, step: SliceNum): number[] | null {
  if (start === undefined || stop === undefined || step === undefined) return null;
  const st = step ?? 1;
  if (st === 0) return null;
  const norm = (x: number): number => (x < 0 ? Math.max(x + n, st < 0 ? -1 : 0) : Math.min(x, st < 0 ? n - 1 : n));
  const a = start === null ? (st > 0 ? 0 : n - 1) : norm(start);
  const b = stop === null ? (st > 0 ? n : -1) : norm(stop);
  const out: number[] = [];
  for (let i = a; st > 0 ? i < b : i > b; i += st) out.push(i);
  return out;
}

/** `x[:, 1:3, ..., None, 0]` on a tensor: ints drop an axis, slices keep (or shorten) it, None adds one. */
function tensorIndex(it: Interp, t: Value & { kind: 'tensor' }, subs: PyNode[], scope: Scope): Value {
  if (!t.shape) return tensor(null);
  const shape = t.shape;
  const items = subs.length === 1 && subs[0]!.type === 'tuple' ? namedChildren(subs[0]!) : subs;
  const out: Dim[] = [];
  let axis = 0;
  const ellipsisAt = items.findIndex((s) => s.type === 'ellipsis');
  const consumed = items.filter((s) => s.type !== 'ellipsis' && s.type !== 'none').length;
  for (let k = 0; k < items.length; k++) {
    const s = items[k]!;
    if (s.type === 'ellipsis') {
      const skip = shape.length - consumed;
      for (let j = 0; j < skip; j++) out.push(shape[axis++]!);
      continue;
    }
    if (s.type === 'none') {
      out.push(1);
      continue;
    }
    if (axis >= shape.length) return tensor(null);
    if (s.type === 'slice') {
      const [a, b, st] = sliceParts(it, s, scope);
      const d = shape[axis++]!;
      if (a === null && b === null && (st === null || st === 1)) out.push(d);
      else if (isKnown(d)) {
        const r = pySlice(d, a, b, st);
        out.push(r ? r.length : null);
      } else out.push(a === undefined || b === undefined || st === undefined ? null : symbolicSliceLength(d, a, b, st));
      continue;
    }
    const v = evaluate(it, s, scope);
    if (intOf(v) === null) return tensor(null);
    axis++;
  }
  if (ellipsisAt < 0) while (axis < shape.length) out.push(shape[axis++]!);
  return tensor(out, t.origin, t.assumed === true);
}
