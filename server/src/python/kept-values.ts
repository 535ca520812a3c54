/**
 * What a kept run (./statement-cache.ts, ./kept-entries.ts) may read and bind, and when a value it
 * read is the same as one now: values no code can change after they are read, and equal sizes,
 * constants and origins, whose equal but not identical pairs replay substitutes.
 */
import { dimsEqual, type Dim } from '../engine/dim.js';
import type { Shape } from '../analysis/types.js';
import type { Scope } from './env.js';
import type { PyNode } from './syntax.js';
import type { Origin, TensorV, Value } from './values.js';

/** The module scopes of analysed documents (a function closing over one reads module names). */
const documentScopes = new WeakSet<Scope>();
export function markDocument(scope: Scope): void {
  documentScopes.add(scope);
}

/**
 * Whether `v` may be read by a kept statement: it cannot change after it is read and the statement
 * cannot keep a reference through which a later one changes it. Functions qualify when they close
 * over the document's module scope (their reads are then tracked); `functions` collects them.
 */
export function readable(v: Value, functions: PyNode[]): boolean {
  switch (v.kind) {
    case 'tuple':
      return v.items.every((x) => readable(x, functions));
    case 'function':
      if (v.self !== null || !documentScopes.has(v.closure)) return false;
      functions.push(v.node);
      return true;
    case 'module':
      return v.scope === undefined;
    default:
      return immutable(v);
  }
}

/** Whether `v` may be bound by a kept statement (replayed into another analysis as it is). */
export function writable(v: Value): boolean {
  if (v.kind === 'tuple') return v.items.every(writable);
  if (v.kind === 'module') return v.scope === undefined;
  return immutable(v);
}

/** Values no code can change: constants, tensors, layers, catalog names. */
export function immutable(v: Value): boolean {
  switch (v.kind) {
    case 'num':
    case 'str':
    case 'bool':
    case 'none':
    case 'dim':
    case 'tensor':
    case 'layer':
    case 'opref':
    case 'unknown':
      return true;
    default:
      return false;
  }
}

/**
 * Whether the values a kept run read (`reads`) are here now (`now`): false if one is not the same
 * value (sameValue), else the equal but not identical ones to substitute (old → now), or null when
 * every one is identical.
 */
export function matchReads(reads: readonly (readonly [string, Value | undefined])[], now: (name: string) => Value | undefined): Map<Value, Value> | null | false {
  let substitute: Map<Value, Value> | null = null;
  for (const [name, old] of reads) {
    const value = now(name);
    if (old === value) continue;
    if (old === undefined || value === undefined || !sameValue(old, value, (substitute ??= new Map()))) return false;
  }
  return substitute;
}

/**
 * `old` (read by a kept statement) and `now` are the same value for everything the statement can
 * do with it: identical, or equal sizes, constants and origins. Pairs that are equal but not
 * identical go into `substitute` (old → now), so replayed rows link to today's producers.
 */
export function sameValue(old: Value, now: Value, substitute: Map<Value, Value>): boolean {
  if (old === now) return true;
  const same = equalValue(old, now, substitute);
  if (same) substitute.set(old, now);
  return same;
}

function equalValue(a: Value, b: Value, substitute: Map<Value, Value>): boolean {
  switch (a.kind) {
    case 'tensor':
      return b.kind === 'tensor' && sameTensor(a, b);
    case 'tuple':
      return b.kind === 'tuple' && a.items.length === b.items.length && a.items.every((x, i) => sameValue(x, b.items[i]!, substitute));
    case 'function':
      return b.kind === 'function' && a.node === b.node && a.self === null && b.self === null && documentScopes.has(a.closure) && documentScopes.has(b.closure);
    default:
      return sameConstant(a, b) === true;
  }
}

/** Whether two constants (numbers, strings, sizes, catalog names, catalog modules) are equal; null for other kinds. */
export function sameConstant(a: Value, b: Value): boolean | null {
  switch (a.kind) {
    case 'num':
      return b.kind === 'num' && a.value === b.value && a.float === b.float;
    case 'str':
      return b.kind === 'str' && a.value === b.value;
    case 'bool':
      return b.kind === 'bool' && a.value === b.value;
    case 'none':
    case 'unknown':
      return b.kind === a.kind;
    case 'dim':
      return b.kind === 'dim' && a.fromShape === b.fromShape && sameDim(a.dim, b.dim);
    case 'module':
      return b.kind === 'module' && a.path === b.path && a.file === b.file && a.scope === undefined && b.scope === undefined;
    case 'opref':
      return b.kind === 'opref' && a.entry === b.entry && a.flavour === b.flavour;
    default:
      return null;
  }
}

/** Two tensors no code can tell apart but by identity: equal sizes, assumption, size reading and origin. */
export function sameTensor(a: TensorV, b: TensorV): boolean {
  const size = a.asSize === undefined || b.asSize === undefined ? a.asSize === b.asSize : sameDim(a.asSize, b.asSize);
  return a.assumed === b.assumed && size && sameShape(a.shape, b.shape) && sameShape(a.tail ?? null, b.tail ?? null) && sameOrigin(a.origin, b.origin);
}

export function sameDim(a: Dim, b: Dim): boolean {
  return a === null || b === null ? a === b : dimsEqual(a, b);
}

function sameShape(a: Shape | null, b: Shape | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((d, i) => sameDim(d, b[i]!));
}

function sameOrigin(a: Origin | null, b: Origin | null): boolean {
  if (a === null || b === null) return a === b;
  const r = a.range;
  const s = b.range;
  // A document's analyses with a cache share one SourceText (SyntaxCache.sourceOf).
  return a.src === b.src && a.label === b.label && r.start.line === s.start.line && r.start.character === s.start.character && r.end.line === s.end.line && r.end.character === s.end.character;
}

/** `v` with the values `substitute` maps replaced (inside tuples too). */
export function substituted(v: Value, substitute: ReadonlyMap<Value, Value>): Value {
  const direct = substitute.get(v);
  if (direct) return direct;
  if (v.kind !== 'tuple') return v;
  const items = v.items.map((x) => substituted(x, substitute));
  return items.every((x, i) => x === v.items[i]) ? v : { kind: 'tuple', items };
}
