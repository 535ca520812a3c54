/**
 * A module scope's names that log what running code reads and binds: the top-level statement's
 * log (./incremental.ts keeps a statement's run by it) and the user call being memoised
 * (./memo.ts keeps a call's result by it). Reads are logged before the code binds the name.
 */
import type { Scope } from './env.js';
import type { Value } from './values.js';

export class VarLog {
  readonly reads = new Map<string, Value | undefined>();
  readonly written = new Set<string>();
  opaque = false;
  read(name: string, v: Value | undefined): void {
    if (!this.written.has(name) && !this.reads.has(name)) this.reads.set(name, v);
  }
}

/** Where a memoised call's reads go: the innermost call being recorded (./memo.ts). */
export interface CallReads {
  readonly current: { read(scope: Scope, name: string, v: Value | undefined): void; write(scope: Scope, name: string): void; opaque(): void } | null;
}

export class TrackedVars extends Map<string, Value> {
  /** The running top-level statement's log (./incremental.ts). */
  log: VarLog | null = null;
  /** The scope these are the names of, and the memo's sink (set once a user function closing over it is called). */
  owner: Scope | null = null;
  calls: CallReads | null = null;

  override get(name: string): Value | undefined {
    const v = super.get(name);
    this.log?.read(name, v);
    if (this.owner) this.calls?.current?.read(this.owner, name, v);
    return v;
  }
  override has(name: string): boolean {
    return this.get(name) !== undefined;
  }
  override set(name: string, value: Value): this {
    this.log?.written.add(name);
    if (this.owner) this.calls?.current?.write(this.owner, name);
    return super.set(name, value);
  }
  override delete(name: string): boolean {
    this.log?.written.add(name);
    if (this.owner) this.calls?.current?.write(this.owner, name);
    return super.delete(name);
  }
  /** Reading every name (a snapshot for branches, `globals()`): the code depends on all of them. */
  private everything(): void {
    if (this.log) this.log.opaque = true;
    this.calls?.current?.opaque();
  }
  override entries(): MapIterator<[string, Value]> {
    this.everything();
    return super.entries();
  }
  override keys(): MapIterator<string> {
    this.everything();
    return super.keys();
  }
  override values(): MapIterator<Value> {
    this.everything();
    return super.values();
  }
  override forEach(f: (value: Value, key: string, map: Map<string, Value>) => void): void {
    this.everything();
    super.forEach(f);
  }
  override [Symbol.iterator](): MapIterator<[string, Value]> {
    this.everything();
    return super[Symbol.iterator]();
  }
  override get size(): number {
    this.everything();
    return super.size;
  }
  /** The value bound now, not logged. */
  raw(name: string): Value | undefined {
    return super.get(name);
  }
  /** How many names are bound, not logged. */
  get boundCount(): number {
    return super.size;
  }
  /** Every name bound now and its value, not logged (./resume-points.ts keeps them). */
  bound(): [string, Value][] {
    return [...super.entries()];
  }
  /** Binds exactly these names to these values, not logged (a state ./resume-points.ts kept). */
  bind(entries: readonly (readonly [string, Value])[]): void {
    super.clear();
    for (const [name, value] of entries) super.set(name, value);
  }
}

/** `scope`'s names as TrackedVars (wrapped once; a branch's join may have put a plain map back). */
export function trackedVars(scope: Scope): TrackedVars {
  if (scope.vars instanceof TrackedVars) return scope.vars;
  const vars = new TrackedVars(scope.vars);
  scope.vars = vars;
  return vars;
}
