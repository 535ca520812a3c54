/**
 * Unary and binary operators on values: Python number semantics (floor division, modulo, shifts),
 * string `+`, `*` and `%`-formatting, sequence concatenation and repetition, symbolic-size
 * arithmetic (only the forms dim.ts represents) and tensor broadcasting / `@`, with their
 * diagnostics. Works on evaluated values only, so it needs nothing from the expression walk.
 */
import type { Severity } from '../analysis/types.js';
import { isSym, type Dim } from '../engine/dim.js';
import { sizeArith } from './size-arith.js';
import { npMatmul, operandOrigins, vectorColumnReport } from './catalog/array-rules.js';
import { atMostInformation, type Operand } from './catalog/rule-report.js';
import { broadcast, fmtShape } from './catalog/shapes.js';
import { LIMITS, type Interp } from './interp.js';
import type { PyNode } from './syntax.js';
import { dimValue, intOf, isSeq, num, pyStr, str, tensor, UNKNOWN, type Value } from './values.js';

export function unary(op: string, v: Value): Value {
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
    if (m.problem) reportOperands(it, node, 'error', 'matmul-mismatch', `'@' of ${fmtShape(a.shape)} and ${fmtShape(b.shape)}: ${m.problem}`, [{ what: 'the left operand', tensor: a }, { what: 'the right operand', tensor: b }]);
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
  if (r.conflict) {
    reportOperands(it, node, 'error', 'not-broadcastable', `shapes ${shapes.map(fmtShape).join(' and ')} are not broadcastable for '${op}' (${r.conflict})`, operands);
    return tensor(null);
  }
  // A comparison of a column with a row is how masks are built (`i >= j` for a causal mask): no warning.
  const vc = ['<', '<=', '>', '>='].includes(op) ? null : vectorColumnReport(`'${op}'`, shapes[0]!, shapes[1]!, r.shape);
  if (vc) reportOperands(it, node, vc.severity, 'vector-column-broadcast', vc.message, operands);
  const origin = a.kind === 'tensor' ? a.origin : b.kind === 'tensor' ? b.origin : null;
  return tensor(r.shape, origin, (a.kind === 'tensor' && a.assumed === true) || (b.kind === 'tensor' && b.assumed === true));
}

/**
 * An operator's finding about its tensor operands, as catalog/rule-report.ts reports an op's: quiet
 * in speculative runs, information at most on an assumed shape, each operand's origin related.
 */
function reportOperands(it: Interp, node: PyNode | null, severity: Severity, code: string, message: string, operands: readonly Operand[]): void {
  if (!node || it.speculative !== 0) return;
  it.report({ severity: atMostInformation(severity, operands.map((o) => o.tensor)), code, message, related: operandOrigins(operands) }, node);
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
