/**
 * How a builtin the interpreter models is made (`BuiltinV`), its positional-argument reader, and
 * the type of a table of builtins by name: shared by every file that makes builtins (the
 * builtins-*.ts families, the methods of values, imports.ts), so none imports another for it.
 */
import type { Interp } from './interp.js';
import type { PyNode } from './syntax.js';
import { UNKNOWN, type BuiltinV, type CallArgs, type Value } from './values.js';

/** Python's builtins by name; each made afresh for the interpreter that looks it up. */
export type BuiltinTable = Record<string, (it: Interp) => BuiltinV>;

export function builtin(name: string, call: (args: CallArgs, site: PyNode) => Value): BuiltinV {
  return { kind: 'builtin', name, call };
}

export const pos = (args: CallArgs, i: number): Value => args.positional[i]?.value ?? UNKNOWN;
