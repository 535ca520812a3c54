/**
 * Expression evaluation over the syntax tree. Every Python construct the interpreter does not
 * model evaluates to UNKNOWN (after evaluating its sub-expressions, so calls inside still count).
 */
import { isKnown, isSym, type Dim } from '../engine/dim.js';
import { sizeArith } from './size-arith.js';
import { sizeComparison } from './size-cases.js';
import { npMatmul, operandOrigins, symbolicSliceLength, vectorColumnReport } from './catalog/array-rules.js';
import { atMostInformation } from './catalog/rule-report.js';
import { broadcast, fmtShape } from './catalog/shapes.js';
import { callValue, evalArgs, makeLambda } from './calls.js';
import { attributeOf, lookupName } from './builtins.js';
import { checkFeed, isFeedDict } from './feed-dict.js';
import { Scope } from './env.js';
import { LIMITS, type Interp } from './interp.js';
import { noneAttribute } from './none-access.js';
import { assignTarget } from './statements.js';
import { field, fields, namedChildren, textOf, type PyNode } from './syntax.js';
import {
  bool,
  dimValue,
  equals,
  identical,
  intOf,
  isSeq,
  join,
  list,
  NONE,
  num,
  pyStr,
  str,
  tensor,
  truthy,
  tuple,
  UNKNOWN,
  type Value,
} from './values.js';

export function evaluate(it: Interp, node: PyNode | null, scope: Scope): Value {
  if (!node || !it.tick()) return UNKNOWN;
  switch (node.type) {
    case 'identifier':
      return lookupName(it, textOf(node), scope);
    case 'integer':
      return parseInteger(textOf(node));
    case 'float': {
      const t = textOf(node).replace(/_/g, '');
      if (/[jJ]$/.test(t)) return UNKNOWN;
      return num(Number(t), true);
    }
    case 'true':
      return bool(true);
    case 'false':
      return bool(false);
    case 'none':
      return NONE;
    case 'string':
      return evalString(it, node, scope);
    case 'concatenated_string': {
      let s = '';
      for (const c of namedChildren(node)) {
        const v = evalString(it, c, scope);
        if (v.kind !== 'str') return UNKNOWN;
        s += v.value;
      }
      return str(s);
    }
    case 'parenthesized_expression':
      return evaluate(it, namedChildren(node)[0] ?? null, scope);
    case 'tuple':
    case 'expression_list': {
      const items = evalItems(it, node, scope);
      return items ? tuple(items) : UNKNOWN;
    }
    case 'list': {
      const items = evalItems(it, node, scope);
      return items ? list(items) : UNKNOWN;
    }
    case 'set':
      evalItems(it, node, scope);
      return UNKNOWN;
    case 'dictionary':
      return evalDict(it, node, scope);
    case 'unary_operator':
      return unary(textOf(field(node, 'operator')!), evaluate(it, field(node, 'argument'), scope));
    case 'not_operator': {
      const t = truthy(evaluate(it, field(node, 'argument'), scope));
      return t === null ? UNKNOWN : bool(!t);
    }
    case 'binary_operator':
      return binary(it, node, textOf(field(node, 'operator')!), evaluate(it, field(node, 'left'), scope), evaluate(it, field(node, 'right'), scope));
    case 'boolean_operator':
      return boolOp(it, node, scope);
    case 'comparison_operator':
      return compare(it, node, scope);
    case 'conditional_expression': {
      const parts = namedChildren(node);
      const cond = truthy(evaluate(it, parts[1] ?? null, scope));
      if (cond === true) return evaluate(it, parts[0] ?? null, scope);
      if (cond === false) return evaluate(it, parts[2] ?? null, scope);
      const a = evaluate(it, parts[0] ?? null, scope);
      const b = evaluate(it, parts[2] ?? null, scope);
      return join(a, b);
    }
    case 'attribute': {
      const obj = evaluate(it, field(node, 'object'), scope);
      if (obj.kind === 'none') noneAttribute(it, node);
      return attributeOf(it, obj, textOf(field(node, 'attribute')!), node);
    }
    case 'subscript':
      return subscript(it, node, scope);
    case 'call': {
      const fnNode = field(node, 'function');
      const fn = evaluate(it, fnNode, scope);
      const args = evalArgs(it, field(node, 'arguments'), scope);
      return callValue(it, fn, args, node, fnNode ? textOf(fnNode) : '?');
    }
    case 'lambda':
      return makeLambda(it, node, scope);
    case 'list_comprehension':
    case 'generator_expression': {
      const items = comprehension(it, node, scope);
      return items ? list(items) : UNKNOWN;
    }
    case 'named_expression': {
      const v = evaluate(it, field(node, 'value'), scope);
      assignTarget(it, field(node, 'name'), v, scope);
      return v;
    }
    case 'keyword_argument':
    case 'list_splat':
    case 'dictionary_splat':
      return evaluate(it, namedChildren(node).at(-1) ?? null, scope);
    default:
      // await, yield, set/dict comprehensions, ellipsis, ERROR, …: evaluate the parts for their effects.
      for (const c of namedChildren(node)) evaluate(it, c, scope);
      return UNKNOWN;
  }
}

function parseInteger(t: string): Value {
  const s = t.replace(/_/g, '').toLowerCase();
  if (s.endsWith('j')) return UNKNOWN;
  const clean = s.endsWith('l') ? s.slice(0, -1) : s;
  const n = clean.startsWith('0x') || clean.startsWith('0o') || clean.startsWith('0b') ? Number(clean) : Number.parseInt(clean, 10);
  return Number.isFinite(n) ? num(n) : UNKNOWN;
}

/** The items of a tuple/list/set display; null when a `*x` splices a sequence of unknown length (so the length is unknown). */
function evalItems(it: Interp, node: PyNode, scope: Scope): Value[] | null {
  const out: Value[] = [];
  let lengthKnown = true;
  for (const c of namedChildren(node)) {
    if (c.type === 'list_splat') {
      const v = evaluate(it, namedChildren(c)[0] ?? null, scope);
      if (isSeq(v)) out.push(...v.items);
      else lengthKnown = false;
      continue;
    }
    out.push(evaluate(it, c, scope));
  }
  return lengthKnown ? out : null;
}

export function dictKey(v: Value): string | null {
  if (v.kind === 'str') return `s:${v.value}`;
  if (v.kind === 'num') return `n:${v.value}`;
  if (v.kind === 'bool') return `n:${v.value ? 1 : 0}`;
  if (v.kind === 'none') return 'none';
  return null;
}

function evalDict(it: Interp, node: PyNode, scope: Scope): Value {
  const entries = new Map<string, { key: Value; value: Value }>();
  let ok = true;
  for (const c of namedChildren(node)) {
    if (c.type === 'pair') {
      const k = evaluate(it, field(c, 'key'), scope);
      const v = evaluate(it, field(c, 'value'), scope);
      if (k.kind === 'tensor' && isFeedDict(node)) checkFeed(it, k, v, c);
      const key = dictKey(k);
      if (key === null) ok = false;
      else entries.set(key, { key: k, value: v });
    } else if (c.type === 'dictionary_splat') {
      const v = evaluate(it, namedChildren(c)[0] ?? null, scope);
      if (v.kind === 'dict') for (const [k, e] of v.entries) entries.set(k, e);
      else ok = false;
    } else {
      evaluate(it, c, scope);
      ok = false;
    }
  }
  return ok ? { kind: 'dict', entries } : UNKNOWN;
}

function evalString(it: Interp, node: PyNode, scope: Scope): Value {
  if (node.type === 'concatenated_string') return evaluate(it, node, scope);
  if (node.type !== 'string') return evaluate(it, node, scope);
  const start = node.children.find((c) => c.type === 'string_start');
  const prefix = start ? textOf(start).toLowerCase() : '';
  const isBytes = prefix.includes('b');
  const raw = prefix.includes('r');
  let s = '';
  let known = true;
  for (const c of node.children) {
    if (c.type === 'string_content') s += raw ? textOf(c) : unescape(textOf(c));
    else if (c.type === 'escape_sequence') s += raw ? textOf(c) : unescape(textOf(c));
    else if (c.type === 'interpolation') {
      const v = evaluate(it, field(c, 'expression') ?? namedChildren(c)[0] ?? null, scope);
      const t = pyStr(v);
      if (t === null) known = false;
      else s += t;
    }
  }
  if (isBytes || !known) return UNKNOWN;
  return str(s);
}

function unescape(t: string): string {
  return t.replace(/\\(n|t|r|\\|'|"|\n)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' })[c] ?? c);
}

function unary(op: string, v: Value): Value {
  if (v.kind === 'num') return op === '-' ? num(-v.value, v.float) : op === '+' ? v : v.float ? UNKNOWN : num(~v.value);
  if (v.kind === 'bool') return op === '-' ? num(v.value ? -1 : 0) : op === '+' ? num(v.value ? 1 : 0) : num(~Number(v.value));
  if (v.kind === 'tensor') return v;
  return UNKNOWN;
}

function pyFloorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function pyMod(a: number, b: number): number {
  return a - b * Math.floor(a / b);
}

/** Arithmetic on numbers, strings, sequences, symbolic sizes and tensors (broadcasting). */
export function binary(it: Interp, node: PyNode | null, op: string, a: Value, b: Value): Value {
  const an = a.kind === 'bool' ? num(a.value ? 1 : 0) : a;
  const bn = b.kind === 'bool' ? num(b.value ? 1 : 0) : b;
  if (an.kind === 'num' && bn.kind === 'num') {
    const x = an.value;
    const y = bn.value;
    const float = an.float || bn.float;
    switch (op) {
      case '+':
        return num(x + y, float);
      case '-':
        return num(x - y, float);
      case '*':
        return num(x * y, float);
      case '/':
        return y === 0 ? UNKNOWN : num(x / y, true);
      case '//':
        return y === 0 ? UNKNOWN : num(pyFloorDiv(x, y), float);
      case '%':
        return y === 0 ? UNKNOWN : num(pyMod(x, y), float);
      case '**': {
        const r = x ** y;
        return Number.isFinite(r) ? num(r, float || y < 0) : UNKNOWN;
      }
      case '<<':
        return float ? UNKNOWN : num(x * 2 ** y);
      case '>>':
        return float ? UNKNOWN : num(Math.floor(x / 2 ** y));
      case '&':
        return float ? UNKNOWN : num(x & y);
      case '|':
        return float ? UNKNOWN : num(x | y);
      case '^':
        return float ? UNKNOWN : num(x ^ y);
      default:
        return UNKNOWN;
    }
  }
  if (a.kind === 'str' && b.kind === 'str' && op === '+') return str(a.value + b.value);
  if (a.kind === 'str' && op === '%') return percentFormat(a.value, b);
  if (a.kind === 'str' && bn.kind === 'num' && op === '*' && !bn.float) return str(a.value.repeat(Math.max(0, Math.min(bn.value, 10_000))));
  if (isSeq(a) && isSeq(b) && op === '+' && a.kind === b.kind) return { kind: a.kind, items: [...a.items, ...b.items] };
  if (isSeq(a) && bn.kind === 'num' && op === '*' && !bn.float) {
    const n = Math.max(0, bn.value);
    if (n * a.items.length > LIMITS.sequence) return UNKNOWN;
    return { kind: a.kind, items: Array.from({ length: n }, () => a.items).flat() };
  }
  // Symbolic sizes: only the forms dim.ts represents.
  if ((an.kind === 'dim' || an.kind === 'num') && (bn.kind === 'dim' || bn.kind === 'num') && (an.kind === 'dim' || bn.kind === 'dim')) {
    return dimArith(op, an.kind === 'dim' ? an.dim : an.value, bn.kind === 'dim' ? bn.dim : bn.value);
  }
  if (a.kind === 'tensor' || b.kind === 'tensor') return parameterArith(op, an, bn, tensorArith(it, node, op, a, b));
  return UNKNOWN;
}

/**
 * Arithmetic on an uncalled entry point's parameter (TensorV.asSize) keeps both readings: the
 * tensor result, and the size (`filters * 2` → `2*filters`) where the size arithmetic is defined.
 */
function parameterArith(op: string, a: Value, b: Value, result: Value): Value {
  const size = (v: Value): Dim | undefined => (v.kind === 'tensor' ? v.asSize : v.kind === 'dim' ? v.dim : v.kind === 'num' && !v.float ? v.value : undefined);
  const [x, y] = [size(a), size(b)];
  if (result.kind !== 'tensor' || x === undefined || y === undefined) return result;
  const d = dimArith(op, x, y);
  return d.kind === 'dim' && isSym(d.dim) ? { ...result, asSize: d.dim } : result;
}

function dimArith(op: string, a: Dim, b: Dim): Value {
  const d = sizeArith(op, a, b);
  return d === undefined ? UNKNOWN : dimValue(d);
}

function tensorArith(it: Interp, node: PyNode | null, op: string, a: Value, b: Value): Value {
  if (op === '@') {
    if (a.kind !== 'tensor' || b.kind !== 'tensor' || !a.shape || !b.shape) return tensor(null);
    // NumPy's matmul rule: what NumPy arrays do, and tf.Tensor.__matmul__ accepts no more (see array-rules.ts).
    const m = npMatmul(a.shape, b.shape);
    if (m.problem && node && it.speculative === 0) {
      it.report({ severity: atMostInformation('error', [a, b]), code: 'matmul-mismatch', message: `'@' of ${fmtShape(a.shape)} and ${fmtShape(b.shape)}: ${m.problem}`, related: operandOrigins([{ what: 'the left operand', tensor: a }, { what: 'the right operand', tensor: b }]) }, node);
    }
    return tensor(m.shape);
  }
  const shapes = [];
  for (const v of [a, b]) {
    if (v.kind === 'tensor') {
      if (!v.shape) return tensor(null, v.origin);
      shapes.push(v.shape);
    } else if (v.kind === 'num' || v.kind === 'bool' || v.kind === 'dim') shapes.push([]);
    else return tensor(null);
  }
  const r = broadcast(shapes, 'ops');
  const operands = [a, b].flatMap((v, i) => (v.kind === 'tensor' ? [{ what: i === 0 ? 'the left operand' : 'the right operand', tensor: v }] : []));
  const tensors = operands.map((o) => o.tensor);
  const related = operandOrigins(operands);
  if (r.conflict) {
    if (node && it.speculative === 0) {
      it.report({ severity: atMostInformation('error', tensors), code: 'not-broadcastable', message: `shapes ${shapes.map(fmtShape).join(' and ')} are not broadcastable for '${op}' (${r.conflict})`, related }, node);
    }
    return tensor(null);
  }
  // A comparison of a column with a row is how masks are built (`i >= j` for a causal mask): no warning.
  const vc = ['<', '<=', '>', '>='].includes(op) ? null : vectorColumnReport(`'${op}'`, shapes[0]!, shapes[1]!, r.shape);
  if (vc && node && it.speculative === 0) it.report({ severity: atMostInformation(vc.severity, tensors), code: 'vector-column-broadcast', message: vc.message, related }, node);
  const origin = a.kind === 'tensor' ? a.origin : b.kind === 'tensor' ? b.origin : null;
  return tensor(r.shape, origin, (a.kind === 'tensor' && a.assumed === true) || (b.kind === 'tensor' && b.assumed === true));
}

function percentFormat(fmt: string, args: Value): Value {
  const items = args.kind === 'tuple' ? args.items : [args];
  let i = 0;
  let ok = true;
  const s = fmt.replace(/%([-+ 0#]*\d*(?:\.\d+)?)([sdifrx%])/g, (m, _flags: string, conv: string) => {
    if (conv === '%') return '%';
    const v = items[i++];
    if (!v) {
      ok = false;
      return m;
    }
    if (conv === 'd' || conv === 'i') {
      const n = intOf(v) ?? (v.kind === 'num' ? Math.trunc(v.value) : null);
      if (n === null) ok = false;
      return String(n);
    }
    const t = pyStr(v);
    if (t === null) ok = false;
    return t ?? '';
  });
  return ok ? str(s) : UNKNOWN;
}

function boolOp(it: Interp, node: PyNode, scope: Scope): Value {
  const op = textOf(field(node, 'operator')!);
  const left = evaluate(it, field(node, 'left'), scope);
  const lt = truthy(left);
  if (op === 'and') {
    if (lt === false) return left;
    const right = evaluate(it, field(node, 'right'), scope);
    return lt === true ? right : truthy(right) === false ? bool(false) : UNKNOWN;
  }
  if (lt === true) return left;
  const right = evaluate(it, field(node, 'right'), scope);
  return lt === false ? right : truthy(right) === true && right.kind === 'bool' ? right : UNKNOWN;
}

function compare(it: Interp, node: PyNode, scope: Scope): Value {
  const operands = node.children.filter((c) => c.named && c.field !== 'operators' && c.type !== 'comment');
  const ops = fields(node, 'operators').map((o) => textOf(o).replace(/\s+/g, ' '));
  const values = operands.map((o) => evaluate(it, o, scope));
  const decided = sizeComparison(it, ops, values);
  if (decided !== null) return bool(decided);
  // `x > 0` on a tensor is element-wise (Tensor/ndarray __gt__ & co broadcast, bool result); `==` is
  // left out: a TF 1 tf.Tensor compares by identity.
  if (ops.length === 1 && ['<', '<=', '>', '>='].includes(ops[0]!) && values.some((v) => v.kind === 'tensor')) return binary(it, node, ops[0]!, values[0] ?? UNKNOWN, values[1] ?? UNKNOWN);
  let result: boolean | null = true;
  for (let i = 0; i < ops.length; i++) {
    const r = compareOne(ops[i]!, values[i] ?? UNKNOWN, values[i + 1] ?? UNKNOWN);
    if (r === false) return bool(false);
    if (r === null) result = null;
  }
  return result === null ? UNKNOWN : bool(result);
}

function compareOne(op: string, a: Value, b: Value): boolean | null {
  switch (op) {
    case '==':
      return equals(a, b);
    case '!=': {
      const e = equals(a, b);
      return e === null ? null : !e;
    }
    case 'is':
      return identical(a, b);
    case 'is not': {
      const e = identical(a, b);
      return e === null ? null : !e;
    }
    case 'in':
    case 'not in': {
      const r = contains(b, a);
      return r === null ? null : op === 'in' ? r : !r;
    }
    default: {
      const x = a.kind === 'num' || a.kind === 'bool' ? Number(a.value) : null;
      const y = b.kind === 'num' || b.kind === 'bool' ? Number(b.value) : null;
      if (x === null || y === null) {
        if (a.kind === 'str' && b.kind === 'str') return cmp(op, a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
        return null;
      }
      return cmp(op, x - y);
    }
  }
}

function cmp(op: string, d: number): boolean | null {
  switch (op) {
    case '<':
      return d < 0;
    case '<=':
      return d <= 0;
    case '>':
      return d > 0;
    case '>=':
      return d >= 0;
    default:
      return null;
  }
}

function contains(container: Value, item: Value): boolean | null {
  if (container.kind === 'str' && item.kind === 'str') return container.value.includes(item.value);
  if (isSeq(container)) {
    let unknown = false;
    for (const x of container.items) {
      const e = equals(x, item);
      if (e === true) return true;
      if (e === null) unknown = true;
    }
    return unknown ? null : false;
  }
  if (container.kind === 'dict') {
    const k = dictKey(item);
    return k === null ? null : container.entries.has(k);
  }
  return null;
}

function subscript(it: Interp, node: PyNode, scope: Scope): Value {
  const obj = evaluate(it, field(node, 'value'), scope);
  const subs = fields(node, 'subscript');
  if (subs.length !== 1) {
    for (const s of subs) evaluate(it, s, scope);
    return obj.kind === 'tensor' ? tensorIndex(it, obj, subs, scope) : UNKNOWN;
  }
  const sub = subs[0]!;
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
    const j = i < 0 ? len + i : i;
    if (j < 0 || j >= len) return UNKNOWN;
    return obj.kind === 'str' ? str(obj.value[j]!) : obj.items[j]!;
  }
  if (obj.kind === 'dict') {
    const k = dictKey(key);
    return (k !== null && obj.entries.get(k)?.value) || UNKNOWN;
  }
  return UNKNOWN;
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

/** List comprehensions over known sequences (bounded); null when the sequence is unknown. */
function comprehension(it: Interp, node: PyNode, scope: Scope): Value[] | null {
  const body = field(node, 'body');
  const clauses = namedChildren(node).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
  const results: Value[] = [];
  const inner = new Scope('function', scope);
  const run = (i: number): boolean => {
    if (results.length > LIMITS.sequence || it.exhausted) return false;
    if (i === clauses.length) {
      results.push(evaluate(it, body, inner));
      return true;
    }
    const c = clauses[i]!;
    if (c.type === 'if_clause') {
      const t = truthy(evaluate(it, namedChildren(c)[0] ?? null, inner));
      if (t === null) return false;
      return t ? run(i + 1) : true;
    }
    const seq = iterate(evaluate(it, field(c, 'right'), inner));
    if (!seq) return false;
    for (const item of seq) {
      assignTarget(it, field(c, 'left'), item, inner);
      if (!run(i + 1)) return false;
    }
    return true;
  };
  return run(0) ? results : null;
}

/** The items of an iterable the interpreter can enumerate, or null. */
export function iterate(v: Value): Value[] | null {
  if (isSeq(v)) return v.items;
  if (v.kind === 'str') return [...v.value].map((c) => str(c));
  if (v.kind === 'dict') return [...v.entries.values()].map((e) => e.key);
  return null;
}

