/**
 * A tensor dimension: a known size, unknown (`null`, e.g. a Keras batch `None`), or a symbolic
 * expression over named sizes (`H`, `ceil(H/2)`). Unknown never becomes a number; symbolic stays
 * symbolic. Arithmetic here only ever sees non-negative sizes.
 */
export type Dim = number | null | SymDim;

/** A symbolic size: a small expression tree, printed as e.g. `ceil(H/4)` or `2*W + 1`. */
export interface SymDim {
  readonly expr: Expr;
}

export type Expr =
  | { readonly op: 'var'; readonly name: string }
  | { readonly op: 'add'; readonly a: Expr; readonly n: number } // a + n
  | { readonly op: 'mul'; readonly a: Expr; readonly n: number } // a * n
  | { readonly op: 'prod'; readonly a: Expr; readonly b: Expr } // a * b
  | { readonly op: 'sum'; readonly a: Expr; readonly b: Expr } // a + b
  | { readonly op: 'ceildiv'; readonly a: Expr; readonly n: number } // ceil(a / n)
  | { readonly op: 'floordiv'; readonly a: Expr; readonly n: number }; // floor(a / n)

export function sym(name: string): SymDim {
  return { expr: { op: 'var', name } };
}

export function isKnown(d: Dim): d is number {
  return typeof d === 'number';
}

export function isSym(d: Dim): d is SymDim {
  return d !== null && typeof d === 'object';
}

function mk(expr: Expr): SymDim {
  return { expr };
}

/** d + n (n may be negative). */
export function addN(d: Dim, n: number): Dim {
  if (d === null) return null;
  if (typeof d === 'number') return known(d + n);
  if (n === 0) return d;
  const e = d.expr;
  if (e.op === 'add') return e.n + n === 0 ? mk(e.a) : mk({ op: 'add', a: e.a, n: e.n + n });
  return mk({ op: 'add', a: e, n });
}

/** A size JavaScript holds exactly, else unknown: never a rounded one (Python's ints are exact). */
function known(n: number): Dim {
  return Number.isSafeInteger(n) ? n : null;
}

/** d * n for a known integer n ≥ 0. */
export function mulN(d: Dim, n: number): Dim {
  if (d === null) return null;
  if (typeof d === 'number') return known(d * n);
  if (n === 1) return d;
  if (n === 0) return 0;
  const e = d.expr;
  if (e.op === 'mul') return mk({ op: 'mul', a: e.a, n: e.n * n });
  return mk({ op: 'mul', a: e, n });
}

/** ⌈d / n⌉ for n ≥ 1. ceil(ceil(x/a)/b) = ceil(x/(a·b)) for positive integers, so nested divisions fold. */
export function ceilDivN(d: Dim, n: number): Dim {
  if (d === null) return null;
  if (typeof d === 'number') return Math.ceil(d / n);
  if (n === 1) return d;
  const e = d.expr;
  if (e.op === 'ceildiv') return mk({ op: 'ceildiv', a: e.a, n: e.n * n });
  if (e.op === 'mul' && e.n % n === 0) return mulN(mk(e.a), e.n / n);
  return mk({ op: 'ceildiv', a: e, n });
}

/** ⌊d / n⌋ for n ≥ 1; nested floors fold like ceilings. */
export function floorDivN(d: Dim, n: number): Dim {
  if (d === null) return null;
  if (typeof d === 'number') return Math.floor(d / n);
  if (n === 1) return d;
  const e = d.expr;
  if (e.op === 'floordiv') return mk({ op: 'floordiv', a: e.a, n: e.n * n });
  if (e.op === 'mul' && e.n % n === 0) return mulN(mk(e.a), e.n / n);
  return mk({ op: 'floordiv', a: e, n });
}

/** a + b for two dims; unknown if either is unknown. */
export function addDims(a: Dim, b: Dim): Dim {
  if (a === null || b === null) return null;
  if (typeof a === 'number') return addN(b, a);
  if (typeof b === 'number') return addN(a, b);
  return mk({ op: 'sum', a: a.expr, b: b.expr });
}

/** a * b for two dims; unknown if either is unknown, 0 if either is 0. */
export function mulDims(a: Dim, b: Dim): Dim {
  if (a === 0 || b === 0) return 0;
  if (a === null || b === null) return null;
  if (typeof a === 'number') return mulN(b, a);
  if (typeof b === 'number') return mulN(a, b);
  return mk({ op: 'prod', a: a.expr, b: b.expr });
}

/** The product of several dims (e.g. what Flatten produces). */
export function productOf(dims: readonly Dim[]): Dim {
  return dims.reduce<Dim>((acc, d) => mulDims(acc, d), 1);
}

/** Structural equality; `null` equals nothing (two unknown sizes are not known to agree). */
export function dimsEqual(a: Dim, b: Dim): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return formatDim(a) === formatDim(b);
}

/** True when the two dims are known to differ (both known, or provably different). */
export function dimsConflict(a: Dim, b: Dim): boolean {
  return typeof a === 'number' && typeof b === 'number' && a !== b;
}

function formatExpr(e: Expr, top: boolean): string {
  switch (e.op) {
    case 'var':
      return e.name;
    case 'add': {
      const s = `${formatExpr(e.a, false)} ${e.n < 0 ? '-' : '+'} ${Math.abs(e.n)}`;
      return top ? s : `(${s})`;
    }
    case 'sum': {
      const s = `${formatExpr(e.a, false)} + ${formatExpr(e.b, false)}`;
      return top ? s : `(${s})`;
    }
    case 'mul':
      return `${e.n}*${formatExpr(e.a, false)}`;
    case 'prod':
      return `${formatExpr(e.a, false)}*${formatExpr(e.b, false)}`;
    case 'ceildiv':
      return `ceil(${formatExpr(e.a, false)}/${e.n})`;
    case 'floordiv':
      return `floor(${formatExpr(e.a, false)}/${e.n})`;
  }
}

/** `112`, `None`-free text for a dim: numbers as digits, unknown as `?`, symbols as their expression. */
export function formatDim(d: Dim, unknown = '?'): string {
  if (d === null) return unknown;
  if (typeof d === 'number') return String(d);
  return formatExpr(d.expr, true);
}

/** The JSON form of a dim: an integer, `null`, or the symbolic expression as a string. */
export function dimToJson(d: Dim): number | string | null {
  return isSym(d) ? formatDim(d) : d;
}
