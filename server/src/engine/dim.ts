/**
 * A tensor dimension: a known size, unknown (`null`, e.g. a Keras batch `None`), or a symbolic
 * expression over named sizes (`H`, `ceil(H/2)`). Unknown never becomes a number; symbolic stays
 * symbolic.
 *
 * A symbolic size is kept in one canonical form, so two expressions that are equal for every
 * integer value of their names are the same value and print the same: a sum of integer multiples
 * of products of atoms plus a constant, where an atom is a name or `floor(p/q)` of two such sums.
 * `ceil(a/q)` is `floor((a + q - 1)/q)`; a division pulls out of its numerator every term that is a
 * multiple of the divisor, and by a known divisor n keeps only a constant in [0, n) and no common
 * factor (`floor((H - 1)/2) + 1` is `ceil(H/2)`, `floor((H - 1)/s) + 1` is `ceil(H/s)`). Every rule
 * used holds for all integers a and divisors q ≥ 1 (a stride, a kernel, a pool size).
 */
export type Dim = number | null | SymDim;

/** A symbolic size (see above); build it with the functions of this file only. */
export interface SymDim {
  readonly expr: Expr;
}

/** Σ coef·Π atoms + constant: terms sorted by their key, no zero coefficient. */
export interface Expr {
  readonly terms: readonly Term[];
  readonly constant: number;
}

export interface Term {
  readonly coef: number;
  /** A product of atoms, sorted by key (a square repeats its atom). */
  readonly atoms: readonly Atom[];
}

export type Atom = { readonly op: 'var'; readonly name: string } | { readonly op: 'floor'; readonly num: Expr; readonly den: Expr };

/** Beyond this many terms an expression is unknown instead (products distribute). */
const MAX_TERMS = 24;

export function sym(name: string): SymDim {
  return { expr: { terms: [{ coef: 1, atoms: [{ op: 'var', name }] }], constant: 0 } };
}

export function isKnown(d: Dim): d is number {
  return typeof d === 'number';
}

export function isSym(d: Dim): d is SymDim {
  return d !== null && typeof d === 'object';
}

/** The name of a size that is one name alone (`H`), else null. */
export function symName(d: Dim): string | null {
  if (!isSym(d)) return null;
  const e = d.expr;
  const t = e.terms[0];
  return e.terms.length === 1 && e.constant === 0 && t!.coef === 1 && t!.atoms.length === 1 && t!.atoms[0]!.op === 'var' ? t!.atoms[0]!.name : null;
}

// ── canonical keys ─────────────────────────────────────────────────────────────────────────────

// Expressions are immutable: each key is computed once.
const KEYS = new WeakMap<Atom | Expr, string>();

function atomKey(a: Atom): string {
  if (a.op === 'var') return `v:${a.name}`;
  let k = KEYS.get(a);
  if (k === undefined) KEYS.set(a, (k = `f:(${exprKey(a.num)})/(${exprKey(a.den)})`));
  return k;
}

function monoKey(atoms: readonly Atom[]): string {
  return atoms.map(atomKey).join('*');
}

function exprKey(e: Expr): string {
  let k = KEYS.get(e);
  if (k === undefined) KEYS.set(e, (k = `${e.terms.map((t) => `${t.coef}·${monoKey(t.atoms)}`).join('+')}+${e.constant}`));
  return k;
}

// ── expressions ────────────────────────────────────────────────────────────────────────────────

const constExpr = (n: number): Expr => ({ terms: [], constant: n });

/** An integer JavaScript holds exactly, else null: never a rounded size (Python's ints are exact). */
function exact(n: number): number | null {
  return Number.isSafeInteger(n) ? n : null;
}

/** Σ of terms with equal products merged; null when a coefficient leaves the exact range. */
function build(terms: readonly Term[], constant: number): Expr | null {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const k = monoKey(t.atoms);
    const prev = byKey.get(k);
    const coef = exact((prev?.coef ?? 0) + t.coef);
    if (coef === null) return null;
    byKey.set(k, { coef, atoms: t.atoms });
  }
  const kept = [...byKey.entries()].filter(([, t]) => t.coef !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (kept.length > MAX_TERMS || exact(constant) === null) return null;
  return { terms: kept.map(([, t]) => t), constant };
}

function addExpr(a: Expr, b: Expr): Expr | null {
  return build([...a.terms, ...b.terms], a.constant + b.constant);
}

function scaleExpr(a: Expr, n: number): Expr | null {
  return build(
    a.terms.map((t) => ({ coef: t.coef * n, atoms: t.atoms })),
    a.constant * n,
  );
}

function mulExpr(a: Expr, b: Expr): Expr | null {
  if (a.terms.length * b.terms.length > MAX_TERMS * 4) return null;
  const terms: Term[] = [];
  for (const x of a.terms) for (const y of b.terms) terms.push({ coef: x.coef * y.coef, atoms: sortAtoms([...x.atoms, ...y.atoms]) });
  for (const x of a.terms) terms.push({ coef: x.coef * b.constant, atoms: x.atoms });
  for (const y of b.terms) terms.push({ coef: y.coef * a.constant, atoms: y.atoms });
  return build(terms, a.constant * b.constant);
}

function sortAtoms(atoms: Atom[]): Atom[] {
  return atoms.sort((x, y) => (atomKey(x) < atomKey(y) ? -1 : atomKey(x) > atomKey(y) ? 1 : 0));
}

function gcd(a: number, b: number): number {
  let [x, y] = [Math.abs(a), Math.abs(b)];
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

const floorMod = (a: number, n: number): number => ((a % n) + n) % n;

/** ⌊num / n⌋ for a known n ≥ 1, canonical. */
function floorByNumber(num: Expr, n: number): Expr | null {
  if (n === 1) return num;
  const out: Term[] = [];
  const rest: Term[] = [];
  for (const t of num.terms) {
    const r = floorMod(t.coef, n);
    if (t.coef !== r) out.push({ coef: (t.coef - r) / n, atoms: t.atoms });
    if (r !== 0) rest.push({ coef: r, atoms: t.atoms });
  }
  const rc = floorMod(num.constant, n);
  const whole = (num.constant - rc) / n;
  if (rest.length === 0) return build(out, whole); // 0 ≤ rc < n: its quotient is 0
  // ⌊(⌊x/a⌋ + r)/n⌋ = ⌊(x + r·a)/(a·n)⌋ for a known a: nested divisions fold.
  const [only] = rest;
  if (rest.length === 1 && only!.coef === 1 && only!.atoms.length === 1) {
    const inner = only!.atoms[0]!;
    if (inner.op === 'floor' && inner.den.terms.length === 0) {
      const a = inner.den.constant;
      const folded = addExpr(inner.num, constExpr(rc * a));
      const q = exact(a * n);
      const f = folded && q !== null ? floorByNumber(folded, q) : null;
      return f && build([...out, ...f.terms], whole + f.constant);
    }
  }
  // A factor common to what is left and n cancels: ⌊(2H + 2)/4⌋ = ⌊(H + 1)/2⌋.
  const g = rest.reduce((acc, t) => gcd(acc, t.coef), gcd(rc, n));
  const left: Expr = { terms: rest.map((t) => ({ coef: t.coef / g, atoms: t.atoms })), constant: rc / g };
  const atom: Atom = { op: 'floor', num: left, den: constExpr(n / g) };
  return build([...out, { coef: 1, atoms: [atom] }], whole);
}

/** ⌊num / den⌋ for a symbolic den (≥ 1 where it is a size): terms that are multiples of a one-term den come out. */
function floorBySymbol(num: Expr, den: Expr): Expr | null {
  const single = den.terms.length === 1 && den.constant === 0 ? den.terms[0]! : null;
  const out: Term[] = [];
  const rest: Term[] = [];
  let whole = 0;
  for (const t of num.terms) {
    const q = single ? quotient(t, single) : null;
    if (q === null) rest.push(t);
    else if (q.atoms.length === 0) whole += q.coef; // `2*s` over `s`
    else out.push(q);
  }
  if (rest.length === 0 && num.constant === 0) return build(out, whole);
  const left = build(rest, num.constant);
  return left && build([...out, { coef: 1, atoms: [{ op: 'floor', num: left, den }] }], whole);
}

/** t / d when t is d times a product (coefficient divisible, atoms covering d's); no atoms left: a number. */
function quotient(t: Term, d: Term): Term | null {
  if (t.coef % d.coef !== 0) return null;
  const atoms = [...t.atoms];
  for (const a of d.atoms) {
    const i = atoms.findIndex((x) => atomKey(x) === atomKey(a));
    if (i < 0) return null;
    atoms.splice(i, 1);
  }
  return { coef: t.coef / d.coef, atoms };
}

function floorExpr(num: Expr, den: Expr): Expr | null {
  if (den.terms.length === 0) return den.constant >= 1 ? floorByNumber(num, den.constant) : null;
  if (num.terms.length === 0 && num.constant === 0) return constExpr(0);
  return floorBySymbol(num, den);
}

// ── dims ───────────────────────────────────────────────────────────────────────────────────────

function toExpr(d: number | SymDim): Expr {
  return typeof d === 'number' ? constExpr(d) : d.expr;
}

function fromExpr(e: Expr | null): Dim {
  if (e === null) return null;
  return e.terms.length === 0 ? e.constant : { expr: e };
}

function lift(a: Dim, b: Dim, f: (x: Expr, y: Expr) => Expr | null): Dim {
  if (a === null || b === null) return null;
  return fromExpr(f(toExpr(a), toExpr(b)));
}

/** d + n (n may be negative). */
export function addN(d: Dim, n: number): Dim {
  return addDims(d, n);
}

/** d * n for a known integer n ≥ 0. */
export function mulN(d: Dim, n: number): Dim {
  return mulDims(d, n);
}

/** ⌈d / n⌉ for n ≥ 1. */
export function ceilDivN(d: Dim, n: number): Dim {
  return ceilDivDims(d, n);
}

/** ⌊d / n⌋ for n ≥ 1. */
export function floorDivN(d: Dim, n: number): Dim {
  return floorDivDims(d, n);
}

/** a + b; unknown if either is unknown. */
export function addDims(a: Dim, b: Dim): Dim {
  if (isKnown(a) && isKnown(b)) return exact(a + b);
  // A number added to a sum moves only its constant: the terms stay as built (a symbolic network's
  // every layer adds and subtracts kernel extents, and rebuilding the terms was most of its cost).
  if (isKnown(b) && isSym(a)) return plusConstant(a, b);
  if (isKnown(a) && isSym(b)) return plusConstant(b, a);
  return lift(a, b, addExpr);
}

function plusConstant(a: SymDim, n: number): Dim {
  if (n === 0) return a;
  const constant = exact(a.expr.constant + n);
  return constant === null ? null : { expr: { terms: a.expr.terms, constant } };
}

/** a − b; unknown if either is unknown. */
export function subDims(a: Dim, b: Dim): Dim {
  return addDims(a, mulDims(b, -1));
}

/** a * b; unknown if either is unknown, 0 if either is 0. */
export function mulDims(a: Dim, b: Dim): Dim {
  if (a === 0 || b === 0) return 0;
  if (isKnown(a) && isKnown(b)) return exact(a * b);
  if (a === 1) return b;
  if (b === 1) return a;
  if (isKnown(a)) return lift(b, a, (x) => scaleExpr(x, a));
  if (isKnown(b)) return lift(a, b, (x) => scaleExpr(x, b));
  return lift(a, b, mulExpr);
}

/** ⌊a / b⌋ for a divisor b ≥ 1 (a known b < 1 gives unknown). */
export function floorDivDims(a: Dim, b: Dim): Dim {
  if (isKnown(b) && b < 1) return null;
  if (isKnown(a) && isKnown(b)) return Math.floor(a / b);
  if (b === 1) return a;
  return lift(a, b, floorExpr);
}

/** ⌈a / b⌉ = ⌊(a + b − 1) / b⌋ for a divisor b ≥ 1. */
export function ceilDivDims(a: Dim, b: Dim): Dim {
  if (isKnown(b) && b < 1) return null;
  if (isKnown(a) && isKnown(b)) return Math.ceil(a / b);
  if (b === 1) return a;
  return floorDivDims(addDims(a, addDims(b, -1)), b);
}

/** The product of several dims (e.g. what Flatten produces). */
export function productOf(dims: readonly Dim[]): Dim {
  return dims.reduce<Dim>((acc, d) => mulDims(acc, d), 1);
}

/** Equal for every value of the names; `null` equals nothing (two unknown sizes are not known to agree). */
export function dimsEqual(a: Dim, b: Dim): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  return exprKey(a.expr) === exprKey(b.expr);
}

/** True when the two dims are known to differ (both known, or provably different). */
export function dimsConflict(a: Dim, b: Dim): boolean {
  return typeof a === 'number' && typeof b === 'number' && a !== b;
}

// ── text ───────────────────────────────────────────────────────────────────────────────────────

/** A sum as text: positive terms first, then negative ones, then the constant (`2*W - k + 1`). */
function formatSum(terms: readonly Term[], constant: number): string {
  const ordered = [...terms.filter((t) => t.coef > 0), ...terms.filter((t) => t.coef < 0)];
  let s = '';
  for (const t of ordered) {
    const body = formatMono(Math.abs(t.coef), t.atoms);
    s = s === '' ? (t.coef < 0 ? `-${body}` : body) : `${s} ${t.coef < 0 ? '-' : '+'} ${body}`;
  }
  if (constant !== 0) s = s === '' ? String(constant) : `${s} ${constant < 0 ? '-' : '+'} ${Math.abs(constant)}`;
  return s === '' ? '0' : s;
}

function formatMono(coef: number, atoms: readonly Atom[]): string {
  const parts = atoms.map((a) => formatAtom(a, 0));
  return coef === 1 ? parts.join('*') : [String(coef), ...parts].join('*');
}

/** An operand of `/`: parenthesised when it is a sum or a difference. */
function operand(e: Expr): string {
  const s = formatExpr(e);
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (depth === 0 && s[i] === ' ') return `(${s})`;
  }
  return s.startsWith('-') ? `(${s})` : s;
}

/**
 * `floor(p/q)`, written `ceil(…)` where that is its meaning: by a known n, a constant of n − 1 in
 * the numerator; by a symbol, when the sum around it lends a `+ 1` (`extra` = 1): ⌊(x − 1)/s⌋ + 1 = ⌈x/s⌉.
 */
function formatAtom(a: Atom, extra: 0 | 1): string {
  if (a.op === 'var') return a.name;
  const known = a.den.terms.length === 0;
  const n = a.den.constant;
  if (known && n > 1 && a.num.constant === n - 1) return `ceil(${operand({ terms: a.num.terms, constant: 0 })}/${n})`;
  if (extra === 1) {
    const num = build(a.num.terms, a.num.constant + 1) ?? a.num;
    return `ceil(${operand(num)}/${operand(a.den)})`;
  }
  return `floor(${operand(a.num)}/${operand(a.den)})`;
}

function formatExpr(e: Expr): string {
  const lone = (t: Term, symbolic: boolean) => t.coef === 1 && t.atoms.length === 1 && t.atoms[0]!.op === 'floor' && t.atoms[0]!.den.terms.length > 0 === symbolic;
  const besides = (i: number, atom: string, constant: number) => {
    const tail = formatSum(e.terms.filter((_, j) => j !== i), constant);
    return tail === '0' ? atom : tail.startsWith('-') ? `${atom} - ${tail.slice(1)}` : `${atom} + ${tail}`;
  };
  // ⌊(x − 1)/s⌋ + 1 reads as ⌈x/s⌉ (SAME), and ⌊(H − k)/s⌋ + 1 as TF writes VALID, ⌈(H − k + 1)/s⌉.
  const sym = e.terms.findIndex((t) => lone(t, true));
  if (sym >= 0 && e.constant >= 1) return besides(sym, formatAtom(e.terms[sym]!.atoms[0]!, 1), e.constant - 1);
  // ⌊x/n⌋ + 1 over an x that reads as a ceiling itself: ⌈⌈224/s⌉/2⌉, as the layers compute it.
  const num0 = e.terms.findIndex((t) => lone(t, false));
  if (num0 >= 0 && e.constant >= 1) {
    const a = e.terms[num0]!.atoms[0]! as Extract<Atom, { op: 'floor' }>;
    const lifted = build(a.num.terms, a.num.constant + 1);
    if (lifted && lifted.terms.some((t) => lone(t, true))) return besides(num0, `ceil(${operand(lifted)}/${a.den.constant})`, e.constant - 1);
  }
  // ⌈(k − 1)/2⌉ written back as Python computes it: ⌊(k + 1)/2⌋ − 1 reads as ⌊(k − 1)/2⌋.
  const num = e.terms.findIndex((t) => lone(t, false));
  if (num >= 0 && e.constant < 0) {
    const a = e.terms[num]!.atoms[0]! as Extract<Atom, { op: 'floor' }>;
    const n = a.den.constant;
    const folded = build(a.num.terms, a.num.constant + e.constant * n);
    if (folded) return besides(num, `floor(${operand(folded)}/${n})`, 0);
  }
  return formatSum(e.terms, e.constant);
}

/** Each expression's text, made once: a size flows unchanged through many layers, and every hint and row prints it. */
const TEXTS = new WeakMap<Expr, string>();

/** `112`, `None`-free text for a dim: numbers as digits, unknown as `?`, symbols as their expression. */
export function formatDim(d: Dim, unknown = '?'): string {
  if (d === null) return unknown;
  if (typeof d === 'number') return String(d);
  let text = TEXTS.get(d.expr);
  if (text === undefined) TEXTS.set(d.expr, (text = formatExpr(d.expr)));
  return text;
}

/** The JSON form of a dim: an integer, `null`, or the symbolic expression as a string. */
export function dimToJson(d: Dim): number | string | null {
  return isSym(d) ? formatDim(d) : d;
}
