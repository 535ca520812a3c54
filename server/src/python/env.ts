/**
 * Python name scopes: module, function (with closures) and class bodies. Assignment binds in the
 * innermost function scope unless a `global`/`nonlocal` statement says otherwise.
 */
import type { Value } from './values.js';

export type ScopeKind = 'module' | 'function' | 'class';

export class Scope {
  vars = new Map<string, Value>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  readonly module: Scope;

  constructor(
    readonly kind: ScopeKind,
    readonly parent: Scope | null,
  ) {
    this.module = parent ? parent.module : this;
  }

  /** Name lookup: this scope, then enclosing function/module scopes (class bodies are skipped, as in Python). */
  lookup(name: string): Value | undefined {
    if (this.globals.has(name)) return this.module.vars.get(name);
    const own = this.vars.get(name);
    if (own !== undefined) return own;
    let s = this.parent;
    while (s) {
      if (s.kind !== 'class') {
        const v = s.vars.get(name);
        if (v !== undefined) return v;
      }
      s = s.parent;
    }
    return undefined;
  }

  assign(name: string, value: Value): void {
    if (this.globals.has(name)) {
      this.module.vars.set(name, value);
      return;
    }
    if (this.nonlocals.has(name)) {
      let s = this.parent;
      while (s && s.kind !== 'module') {
        if (s.kind === 'function' && s.vars.has(name)) {
          s.vars.set(name, value);
          return;
        }
        s = s.parent;
      }
    }
    this.vars.set(name, value);
  }

  delete(name: string): void {
    this.vars.delete(name);
  }

  /** The scope a `def` inside this one closes over (class bodies are not visible to methods). */
  closureScope(): Scope {
    let s: Scope = this;
    while (s.kind === 'class' && s.parent) s = s.parent;
    return s;
  }

  snapshot(): Map<string, Value> {
    return new Map(this.vars);
  }
}
