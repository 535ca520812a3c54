/**
 * Arguments bound to a catalog entry's parameter names, with typed readers. A reader distinguishes
 * "not given" (the default applies) from "given but unknown" (null): the interpreter never
 * substitutes a default for a value it could not evaluate.
 */
import type { Shape } from '../../analysis/types.js';
import type { PyNode } from '../syntax.js';
import { intOf, isSeq, toShape, truthy, type ArgVal, type CallArgs, type Value } from '../values.js';

export class Args {
  constructor(
    private readonly bound: Map<string, ArgVal>,
    /** True when a `*args`/`**kwargs` splat hid some arguments: absent ones are unknown, not defaulted. */
    readonly opaque: boolean,
  ) {}

  static bind(params: readonly string[], call: CallArgs, aliases: Readonly<Record<string, string>> = {}, skip = 0): Args {
    const bound = new Map<string, ArgVal>();
    call.positional.forEach((a, i) => {
      const p = params[i + skip];
      if (p !== undefined) bound.set(p, a);
    });
    for (const [k, a] of call.keywords) bound.set(aliases[k] ?? k, a);
    return new Args(bound, call.opaque);
  }

  has(name: string): boolean {
    return this.bound.has(name);
  }

  /** The first of several spellings that was given. */
  which(...names: string[]): string | null {
    return names.find((n) => this.bound.has(n)) ?? null;
  }

  get(name: string): Value | undefined {
    return this.bound.get(name)?.value;
  }

  node(name: string): PyNode | null {
    return this.bound.get(name)?.node ?? null;
  }

  /** Absent and not hidden by a splat. */
  private absent(name: string): boolean {
    return !this.bound.has(name) && !this.opaque;
  }

  int(name: string, dflt: number | null = null): number | null {
    if (this.absent(name)) return dflt;
    return intOf(this.get(name));
  }

  /** An int or a tuple/list of `n` ints (an int is repeated), as Keras' `normalize_tuple` reads it. */
  ints(name: string, n: number, dflt: number[] | null = null): number[] | null {
    if (this.absent(name)) return dflt;
    const v = this.get(name);
    if (!v) return null;
    if (v.kind === 'none') return dflt;
    return intsOf(v, n);
  }

  str(name: string, dflt: string | null = null): string | null {
    if (this.absent(name)) return dflt;
    const v = this.get(name);
    if (v?.kind === 'none') return dflt;
    return v?.kind === 'str' ? v.value : null;
  }

  bool(name: string, dflt: boolean | null = null): boolean | null {
    if (this.absent(name)) return dflt;
    const v = this.get(name);
    return v ? truthy(v) : null;
  }

  /** Given as None (explicitly) or absent. */
  isNone(name: string): boolean {
    if (this.absent(name)) return true;
    return this.get(name)?.kind === 'none';
  }

  shape(name: string): Shape | null {
    const v = this.get(name);
    return v ? toShape(v) : null;
  }

  /** Every bound argument (for Lambda and friends). */
  entries(): [string, ArgVal][] {
    return [...this.bound.entries()];
  }
}

/** An int or a sequence of `n` ints. */
export function intsOf(v: Value, n: number): number[] | null {
  const single = intOf(v);
  if (single !== null) return Array<number>(n).fill(single);
  if (!isSeq(v) || v.items.length !== n) return null;
  const out: number[] = [];
  for (const item of v.items) {
    const i = intOf(item);
    if (i === null) return null;
    out.push(i);
  }
  return out;
}
