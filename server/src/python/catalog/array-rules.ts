/**
 * Shape rules of the array ops that TensorFlow, NumPy and `keras.ops` share (matmul, dot, tensordot,
 * einsum, reductions, axis insertion/removal, stacking, splitting, gathering, one-hot), as pure
 * functions of shapes. Each returns the output shape, or a `problem` saying why every framework
 * rejects the call; a null shape with no problem means "not known". The entries in ./tf/, ./numpy/
 * and ./keras-ops/ read their arguments and call these; the sources are cited per rule.
 */
import { addN, ceilDivN, dimsConflict, dimsEqual, floorDivN, formatDim, isKnown, mulN, productOf, type Dim } from '../../engine/dim.js';
import type { Range, Severity, Shape } from '../../analysis/types.js';
import type { TensorV } from '../values.js';
import { broadcast, equalSize, fmtShape } from './shapes.js';

export interface RuleResult {
  readonly shape: Shape | null;
  /** Why the framework rejects the call (an error), or null. */
  readonly problem: string | null;
}

const unknown: RuleResult = { shape: null, problem: null };
const ok = (shape: Shape | null): RuleResult => ({ shape, problem: null });
const bad = (problem: string): RuleResult => ({ shape: null, problem });

/** A possibly negative axis normalised for a rank; null when out of range. */
export function normAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? rank + axis : axis;
  return a >= 0 && a < rank ? a : null;
}

/** Batch dims of two matmul operands, broadcast (TF ≥ 1.14 BatchMatMulV2, NumPy matmul). */
function batchDims(a: Shape, b: Shape): RuleResult {
  const r = broadcast([a, b], 'ops');
  return r.conflict ? bad(`batch dimensions ${fmtShape(a)} and ${fmtShape(b)} do not broadcast (${r.conflict})`) : ok(r.shape);
}

/**
 * `tf.matmul(a, b, transpose_a, transpose_b)` (tensorflow/core/ops/math_ops.cc, MatMul and
 * BatchMatMulV2 shape functions): both operands rank ≥ 2, a's inner dim equals b's, batch dims
 * broadcast. TF 1.x before 1.14 needed equal batch dims instead; where the ranks differ this rule
 * gives TF 2's answer and the caller does not report what only old versions reject.
 */
export function tfMatmul(a: Shape, b: Shape, ta: boolean, tb: boolean): RuleResult {
  if (a.length < 2 || b.length < 2) return bad(`both operands must have rank ≥ 2, got ${fmtShape(a)} (rank ${a.length}) and ${fmtShape(b)} (rank ${b.length})`);
  const k1 = ta ? a[a.length - 2]! : a[a.length - 1]!;
  const k2 = tb ? b[b.length - 1]! : b[b.length - 2]!;
  if (dimsConflict(k1, k2)) return bad(`inner dimensions differ: ${fmtShape(a)}${ta ? 'ᵀ' : ''} has ${formatDim(k1)} columns, ${fmtShape(b)}${tb ? 'ᵀ' : ''} has ${formatDim(k2)} rows`);
  const batch = batchDims(a.slice(0, -2), b.slice(0, -2));
  if (batch.problem) return batch;
  const rows = ta ? a[a.length - 1]! : a[a.length - 2]!;
  const cols = tb ? b[b.length - 2]! : b[b.length - 1]!;
  return ok([...batch.shape!, rows, cols]);
}

/**
 * NumPy `matmul` / the `@` operator (numpy.matmul docs; keras.ops.matmul follows it): a rank-1
 * operand is promoted to a matrix and the added axis removed afterwards; scalars are rejected.
 */
export function npMatmul(a: Shape, b: Shape): RuleResult {
  if (a.length === 0 || b.length === 0) return bad('matmul does not take scalar operands');
  const a2 = a.length === 1 ? [1, a[0]!] : a;
  const b2 = b.length === 1 ? [b[0]!, 1] : b;
  const r = tfMatmul(a2, b2, false, false);
  if (r.problem) return bad(`inner dimensions differ: ${fmtShape(a)} has ${formatDim(a[a.length - 1]!)} columns, ${fmtShape(b)} has ${formatDim(b2[b2.length - 2]!)} rows`);
  const s = [...r.shape!];
  if (b.length === 1) s.pop();
  if (a.length === 1) s.splice(s.length - (b.length === 1 ? 1 : 2), 1);
  return ok(s);
}

/** NumPy `dot` (numpy.dot docs): sum over a's last axis and b's second-to-last (b's only axis when 1-D). */
export function npDot(a: Shape, b: Shape): RuleResult {
  if (a.length === 0 || b.length === 0) return ok(a.length === 0 ? b : a);
  const k1 = a[a.length - 1]!;
  const k2 = b.length === 1 ? b[0]! : b[b.length - 2]!;
  if (dimsConflict(k1, k2)) return bad(`shapes ${fmtShape(a)} and ${fmtShape(b)} not aligned: ${formatDim(k1)} (dim ${a.length - 1}) != ${formatDim(k2)} (dim ${b.length === 1 ? 0 : b.length - 2})`);
  return ok([...a.slice(0, -1), ...b.slice(0, b.length === 1 ? 0 : -2), ...(b.length === 1 ? [] : [b[b.length - 1]!])]);
}

/**
 * `tensordot(a, b, axes)` (tensorflow/python/ops/math_ops.py `tensordot`, numpy.tensordot): an int
 * n contracts a's last n axes with b's first n; a pair of lists names them. Output: a's free axes,
 * then b's. NumPy checks each contracted pair ("shape-mismatch for sum"); TF reshapes both sides to
 * a matmul, which only fails when the products of the contracted sizes differ — pairs that differ
 * with equal products run and pair the wrong elements (`mispaired`, for a warning).
 */
export function tensordot(a: Shape, b: Shape, axes: number | [number[], number[]], framework: 'tf' | 'numpy'): RuleResult & { mispaired?: string } {
  let ax: number[];
  let bx: number[];
  if (typeof axes === 'number') {
    if (axes < 0 || axes > a.length || axes > b.length) return bad(`axes=${axes} exceeds the rank of ${fmtShape(a)} or ${fmtShape(b)}`);
    ax = a.map((_, i) => i).slice(a.length - axes);
    bx = b.map((_, i) => i).slice(0, axes);
  } else {
    const na = axes[0].map((x) => normAxis(x, a.length));
    const nb = axes[1].map((x) => normAxis(x, b.length));
    if (na.length !== nb.length || na.some((x) => x === null) || nb.some((x) => x === null)) return bad(`axes ${JSON.stringify(axes)} do not fit ${fmtShape(a)} and ${fmtShape(b)}`);
    ax = na as number[];
    bx = nb as number[];
  }
  const shape = [...a.filter((_, i) => !ax.includes(i)), ...b.filter((_, i) => !bx.includes(i))];
  for (let i = 0; i < ax.length; i++) {
    const da = a[ax[i]!]!;
    const db = b[bx[i]!]!;
    if (!dimsConflict(da, db)) continue;
    const pair = `axis ${ax[i]} of ${fmtShape(a)} has ${formatDim(da)}, axis ${bx[i]} of ${fmtShape(b)} has ${formatDim(db)}`;
    if (framework === 'numpy') return bad(`contracted axes differ: ${pair}`);
    const pa = productOf(ax.map((x) => a[x]!));
    const pb = productOf(bx.map((x) => b[x]!));
    if (!isKnown(pa) || !isKnown(pb)) return ok(shape);
    if (pa !== pb) return bad(`contracted axes differ: ${pair} (${pa} against ${pb} elements)`);
    return { shape, problem: null, mispaired: `contracted axes differ: ${pair}; both hold ${pa} elements, so TF runs but pairs the wrong entries` };
  }
  return ok(shape);
}

/**
 * `einsum(equation, *operands)` (numpy.einsum docs, tf.einsum): every label has one size (a size-1
 * axis broadcasts); the output is what `->` names, or in implicit mode the labels used once, sorted.
 * Equations with `...` are not modelled (unknown).
 */
export function einsum(equation: string, shapes: readonly Shape[]): RuleResult {
  const eq = equation.replace(/\s+/g, '');
  if (eq.includes('.')) return unknown;
  const [lhs, rhs] = eq.split('->') as [string, string | undefined];
  const terms = lhs.split(',');
  if (terms.length !== shapes.length) return bad(`the equation '${equation}' names ${terms.length} operands, ${shapes.length} given`);
  const size = new Map<string, Dim>();
  const count = new Map<string, number>();
  for (let t = 0; t < terms.length; t++) {
    const labels = terms[t]!;
    const s = shapes[t]!;
    if (!/^[A-Za-z]*$/.test(labels)) return unknown;
    if (labels.length !== s.length) return bad(`operand ${t} ${fmtShape(s)} has rank ${s.length}, but '${labels}' names ${labels.length} axes`);
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      const d = s[i]!;
      count.set(l, (count.get(l) ?? 0) + 1);
      const prev = size.get(l);
      if (prev === undefined || prev === 1) size.set(l, d);
      else if (d !== 1 && dimsConflict(prev, d)) return bad(`label '${l}' has size ${formatDim(prev)} in one operand and ${formatDim(d)} in another`);
      else if (d !== 1) size.set(l, equalSize(prev, d));
    }
  }
  const outLabels = rhs ?? [...count.entries()].filter(([, n]) => n === 1).map(([l]) => l).sort().join('');
  if (!/^[A-Za-z]*$/.test(outLabels)) return unknown;
  const shape: Dim[] = [];
  for (const l of outLabels) {
    if (!size.has(l)) return bad(`output label '${l}' appears in no operand of '${equation}'`);
    shape.push(size.get(l)!);
  }
  return ok(shape);
}

/** A reduction over `axes` (null: every axis), keeping them as 1 when `keepdims`. */
export function reduced(s: Shape, axes: readonly number[] | null, keepdims: boolean): RuleResult {
  if (axes === null) return ok(keepdims ? s.map(() => 1) : []);
  const norm = axes.map((a) => normAxis(a, s.length));
  if (norm.some((a) => a === null)) return bad(`axis ${axes.join(', ')} is out of range for ${fmtShape(s)} (rank ${s.length})`);
  return ok(keepdims ? s.map((d, i) => (norm.includes(i) ? 1 : d)) : s.filter((_, i) => !norm.includes(i)));
}

/** `expand_dims(x, axis)`: a size-1 axis inserted (axis in [−rank−1, rank]); NumPy ≥ 1.18 takes a tuple. */
export function expandedDims(s: Shape, axes: readonly number[]): RuleResult {
  const rank = s.length + axes.length;
  const at = axes.map((a) => normAxis(a, rank));
  if (at.some((a) => a === null)) return bad(`axis ${axes.join(', ')} is out of range for inserting into ${fmtShape(s)}`);
  const out: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(at.includes(i) ? 1 : s[j++]!);
  return ok(out);
}

/** `squeeze(x, axis)`: the named axes, which must be 1; without axes every known 1 goes (unknown when a size is not known). */
export function squeezed(s: Shape, axes: readonly number[] | null): RuleResult {
  if (axes === null) return s.some((d) => !isKnown(d)) ? unknown : ok(s.filter((d) => d !== 1));
  const norm = axes.map((a) => normAxis(a, s.length));
  if (norm.some((a) => a === null)) return bad(`axis ${axes.join(', ')} is out of range for ${fmtShape(s)}`);
  const wrong = norm.find((a) => isKnown(s[a!]!) && s[a!] !== 1);
  if (wrong !== undefined) return bad(`cannot squeeze axis ${wrong} of ${fmtShape(s)}: its size is ${formatDim(s[wrong!]!)}, not 1`);
  return ok(s.filter((_, i) => !norm.includes(i)));
}

/** `transpose(x, perm)`: reversed without a permutation; the permutation must name every axis once. */
export function transposed(s: Shape, perm: readonly number[] | null): RuleResult {
  if (perm === null) return ok([...s].reverse());
  const norm = perm.map((p) => normAxis(p, s.length));
  if (perm.length !== s.length || norm.some((p) => p === null) || new Set(norm).size !== norm.length) return bad(`permutation [${perm.join(', ')}] does not fit ${fmtShape(s)} (rank ${s.length})`);
  return ok(norm.map((p) => s[p!]!));
}

/** `stack(values, axis)`: equal shapes, a new axis of length n (tf.stack, numpy.stack). */
export function stacked(shapes: readonly Shape[], axis: number): RuleResult {
  const first = shapes[0]!;
  for (const s of shapes.slice(1)) {
    if (s.length !== first.length || s.some((d, i) => dimsConflict(d, first[i]!))) return bad(`all inputs must have the same shape, got ${fmtShape(first)} and ${fmtShape(s)}`);
  }
  const at = normAxis(axis, first.length + 1);
  if (at === null) return bad(`axis ${axis} is out of range for stacking rank-${first.length} inputs`);
  const joined = first.map((d, i) => shapes.reduce<Dim>((acc, s) => equalSize(acc, s[i]!), d));
  return ok([...joined.slice(0, at), shapes.length, ...joined.slice(at)]);
}

/** `unstack(x, num, axis)`: one tensor per entry of the axis; the count must be known. */
export function unstacked(s: Shape, axis: number, num: number | null): { shapes: Shape[] | null; problem: string | null } {
  const at = normAxis(axis, s.length);
  if (at === null) return { shapes: null, problem: `axis ${axis} is out of range for ${fmtShape(s)}` };
  const n = isKnown(s[at]!) ? s[at] : num;
  if (isKnown(s[at]!) && num !== null && num !== s[at]) return { shapes: null, problem: `num=${num} but axis ${at} of ${fmtShape(s)} has ${s[at]} entries` };
  if (n === null) return { shapes: null, problem: null };
  const rest = s.filter((_, i) => i !== at);
  return { shapes: Array.from({ length: n as number }, () => rest), problem: null };
}

/**
 * `tf.split(value, num_or_size_splits, axis)` (tensorflow/python/ops/array_ops.py `split`): an int
 * divides the axis evenly; a list gives the sizes, one of which may be −1, summing to the axis.
 */
export function tfSplit(s: Shape, splits: number | number[], axis: number): { shapes: Shape[] | null; problem: string | null } {
  const at = normAxis(axis, s.length);
  if (at === null) return { shapes: null, problem: `axis ${axis} is out of range for ${fmtShape(s)}` };
  const d = s[at]!;
  const withSize = (size: Dim): Shape => s.map((x, i) => (i === at ? size : x));
  if (typeof splits === 'number') {
    if (splits < 1) return { shapes: null, problem: `num_or_size_splits must be ≥ 1, got ${splits}` };
    if (isKnown(d) && d % splits !== 0) return { shapes: null, problem: `axis ${at} of ${fmtShape(s)} has ${d} entries, not divisible into ${splits} equal parts` };
    return { shapes: Array.from({ length: splits }, () => withSize(floorDivN(d, splits))), problem: null };
  }
  if (splits.some((x) => x < -1)) return { shapes: null, problem: `sizes [${splits.join(', ')}] must be non-negative (or one -1)` };
  const minus = splits.filter((x) => x === -1).length;
  const known = splits.filter((x) => x !== -1).reduce((a, b) => a + b, 0);
  if (minus > 1) return { shapes: null, problem: `at most one size may be -1, got [${splits.join(', ')}]` };
  if (isKnown(d) && (minus === 0 ? known !== d : known > d)) return { shapes: null, problem: `sizes [${splits.join(', ')}] do not add up to the ${d} entries of axis ${at} of ${fmtShape(s)}` };
  return { shapes: splits.map((x) => withSize(x === -1 ? (isKnown(d) ? d - known : null) : x)), problem: null };
}

/**
 * `numpy.split(a, indices_or_sections, axis)` (numpy docs; keras.ops.split follows it): an int
 * divides the axis evenly; a list gives the indices to cut at.
 */
export function npSplit(s: Shape, sections: number | number[], axis: number): { shapes: Shape[] | null; problem: string | null } {
  if (typeof sections === 'number') return tfSplit(s, sections, axis);
  const at = normAxis(axis, s.length);
  if (at === null) return { shapes: null, problem: `axis ${axis} is out of range for ${fmtShape(s)}` };
  const d = s[at]!;
  if (!isKnown(d)) return { shapes: null, problem: null };
  const cuts = [0, ...sections.map((c) => Math.max(0, Math.min(c < 0 ? d + c : c, d))), d];
  return { shapes: cuts.slice(1).map((c, i) => s.map((x, j) => (j === at ? Math.max(0, c - cuts[i]!) : x))), problem: null };
}

/** `gather(params, indices, axis)` / `take`: params' axis replaced by the indices' shape (tf.gather, numpy.take). */
export function gathered(params: Shape, indices: Shape, axis: number): RuleResult {
  const at = normAxis(axis, params.length);
  if (at === null) return bad(`axis ${axis} is out of range for ${fmtShape(params)}`);
  return ok([...params.slice(0, at), ...indices, ...params.slice(at + 1)]);
}

/** `one_hot(indices, depth, axis=-1)`: a new axis of `depth` entries (tf.one_hot, keras.ops.one_hot). */
export function oneHot(indices: Shape, depth: Dim, axis: number): RuleResult {
  if (isKnown(depth) && depth < 0) return bad(`depth must be non-negative, got ${depth}`);
  const at = axis === -1 ? indices.length : normAxis(axis, indices.length + 1);
  if (at === null) return bad(`axis ${axis} is out of range for one_hot of ${fmtShape(indices)}`);
  return ok([...indices.slice(0, at), depth, ...indices.slice(at)]);
}

/**
 * The length of `x[start:stop:step]` on an axis of symbolic size `d` (Python slice semantics), for
 * the forms that stay exact on any size that holds the slice: `start:` with start ≥ 0 (d − start),
 * `:-k` (d − k), and a step s ≥ 1 over either (⌈·/s⌉). Null for anything else.
 */
export function symbolicSliceLength(d: Dim, start: number | null, stop: number | null, step: number | null): Dim {
  const st = step ?? 1;
  if (d === null || st < 1) return null;
  const a = start ?? 0;
  if (a < 0) return null;
  let len: Dim;
  if (stop === null) len = addN(d, -a);
  else if (stop < 0 && a === 0) len = addN(d, stop);
  else return null;
  return st === 1 ? len : ceilDivN(len, st);
}

/** `tile(x, multiples)`: each axis times its multiple (tf.tile needs one per axis; NumPy pads the shorter side with 1s). */
export function tiled(s: Shape, multiples: readonly number[], framework: 'tf' | 'numpy'): RuleResult {
  if (multiples.some((m) => m < 0)) return bad(`multiples [${multiples.join(', ')}] must be non-negative`);
  if (framework === 'tf' && multiples.length !== s.length) return bad(`multiples has ${multiples.length} entries but the input ${fmtShape(s)} has rank ${s.length}`);
  const n = Math.max(s.length, multiples.length);
  const dims: Dim[] = [...Array<Dim>(n - s.length).fill(1), ...s];
  const ms = [...Array<number>(n - multiples.length).fill(1), ...multiples];
  return ok(dims.map((d, i) => mulN(d, ms[i]!)));
}

/** `arange(start, stop, step)`: ⌈(stop − start)/step⌉ entries, never fewer than 0 (numpy.arange docs). */
export function arangeLength(start: number, stop: number, step: number): number | null {
  if (step === 0) return null;
  return Math.max(0, Math.ceil((stop - start) / step));
}

/**
 * Broadcasting a vector `[n]` against a column `[n, 1]` gives an `[n, n]` matrix: legal, and almost
 * always a bug (a label vector against a prediction column in a loss). `certain` when both sizes are
 * the same (known, or the same symbol); otherwise, when both are unknown, it may be the same batch.
 */
export function vectorColumn(a: Shape, b: Shape): { vector: 0 | 1; certain: boolean } | null {
  for (const [v, m, which] of [[a, b, 0], [b, a, 1]] as const) {
    if (v.length !== 1 || m.length !== 2 || m[1] !== 1) continue;
    const n = v[0]!;
    const k = m[0]!;
    if (n === 1 || k === 1) continue;
    if (dimsEqual(n, k)) return { vector: which, certain: true };
    if (n === null && k === null) return { vector: which, certain: false };
  }
  return null;
}

/** The diagnostic for a vector-against-column broadcast, or null (see `vectorColumn`). */
export function vectorColumnReport(what: string, a: Shape, b: Shape, result: Shape): { severity: Severity; message: string } | null {
  const vc = vectorColumn(a, b);
  if (!vc) return null;
  const [v, m] = vc.vector === 0 ? [a, b] : [b, a];
  if (vc.certain) {
    return { severity: 'warning', message: `${what} broadcasts the vector ${fmtShape(v)} against the column ${fmtShape(m)} into the matrix ${fmtShape(result)}, pairing every entry with every other instead of element by element; give both the same shape (squeeze the column or add an axis to the vector)` };
  }
  return { severity: 'information', message: `if their lengths are equal (a batch of labels against a batch of predictions), this broadcasts into an N×N matrix ${fmtShape(result)} instead of working element by element (${what} of the vector ${fmtShape(v)} and the column ${fmtShape(m)})` };
}

/** The size of one example of `s` (everything but the batch axis), when every such size is known. */
export function exampleSize(s: Shape): number | null {
  const p = productOf(s.slice(1));
  return isKnown(p) ? p : null;
}

/**
 * A `reshape(x, [-1, …])` whose known sizes take a per-example size that is not the product of
 * whole trailing axes of x: the −1 then absorbs the rest into the batch (the batch becomes k·N).
 * Folding whole axes into the batch (`[N, T, H]` → `[-1, H]`) is a common, deliberate idiom and is
 * not reported. Returns the factor k, or null.
 */
export function batchAbsorbed(s: Shape, target: Shape): { before: number; after: number; factor: number } | null {
  if (s.length < 2 || isKnown(s[0]!) || target[0] !== -1 || target.slice(1).some((d) => !isKnown(d) || d < 0)) return null;
  const before = exampleSize(s);
  const after = productOf(target.slice(1));
  if (before === null || !isKnown(after) || after === 0 || after >= before || before % after !== 0) return null;
  let suffix = 1;
  for (let i = s.length - 1; i >= 1; i--) {
    suffix *= s[i] as number;
    if (suffix === after) return null;
  }
  return { before, after, factor: before / after };
}

/**
 * A `reshape` of `[N, …]` (batch unknown, every other size known) to a fully known target whose
 * element count is no multiple of the per-example size: no batch size N makes it fit, so TF's
 * reshape fails whatever is fed. Returns the two sizes, or null.
 */
export function reshapeNeverFits(s: Shape, target: Shape): { example: number; total: number } | null {
  if (s.length < 1 || isKnown(s[0]!) || target.some((d) => !isKnown(d) || d < 0)) return null;
  const example = exampleSize(s);
  const total = productOf(target) as number;
  if (example === null || example === 0 || total % example === 0) return null;
  return { example, total };
}

/** The related locations of a diagnostic about operands: where each was produced, with its shape. */
export function operandOrigins(operands: readonly { what: string; tensor: TensorV }[]): { range: Range; message: string }[] {
  const out: { range: Range; message: string }[] = [];
  for (const { what, tensor } of operands) {
    if (tensor.origin) out.push({ range: tensor.origin.range, message: `${what} ${fmtShape(tensor.shape)} is produced here` });
  }
  return out;
}

