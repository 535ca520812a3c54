/** The catalog's view of the interpreter at one call site (catalog/types.ts · OpContext). */
import type { CallArgs, TensorV, Value } from './values.js';
import type { OpContext, Report } from './catalog/types.js';
import { declaredSizeName } from './default-names.js';
import type { Interp } from './interp.js';
import type { PyNode } from './syntax.js';

/** OpContext for one call site: one object with methods, not a closure per method (a layer call makes one). */
export class SiteContext implements OpContext {
  readonly kerasVersion: 1 | 2;
  readonly speculative: boolean;
  readonly notes: boolean;
  constructor(
    private readonly it: Interp,
    private readonly site: PyNode,
    private readonly inputs: readonly TensorV[],
  ) {
    this.kerasVersion = it.kerasVersion;
    this.speculative = it.speculative > 0;
    this.notes = it.notes;
  }
  channelsFirst(): boolean {
    const it = this.it;
    if (!it.configSet) it.configRead ??= it.documentNode(this.site);
    return it.channelsFirst;
  }
  setChannelsFirst(cf: boolean): void {
    this.it.channelsFirst = cf;
    this.it.configSet = true;
  }
  report(r: Report): void {
    this.it.report(r, this.site, this.inputs);
  }
  callValue(fn: Value, args: CallArgs, at: PyNode): Value {
    const it = this.it;
    it.mute++;
    try {
      return it.callHook(fn, args, at);
    } finally {
      it.mute--;
    }
  }
  resolve(dotted: string): Value {
    return this.it.resolveHook(dotted);
  }
  sizeName(role: string): string {
    return declaredSizeName(this.it, role);
  }
}
