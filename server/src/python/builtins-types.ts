/**
 * Type builtins: the conversions `str` and `bool`, the check `isinstance` (against builtin types
 * only: any other class, or a value of unknown type, gives unknown; `type(x)` in builtins.ts reads
 * the same `pyTypeName`), and `print` (None).
 */
import { builtin, pos, type BuiltinTable } from './builtin-fn.js';
import { namedChildren, textOf } from './syntax.js';
import { bool, NONE, pyStr, str, truthy, UNKNOWN, type Value } from './values.js';

/** The builtin types the interpreter tells values apart by. */
export const BUILTIN_TYPES: ReadonlySet<string> = new Set(['int', 'float', 'bool', 'str', 'list', 'tuple', 'dict']);

const TYPE_OF: Partial<Record<Value['kind'], string>> = { bool: 'bool', str: 'str', list: 'list', listof: 'list', tuple: 'tuple', dict: 'dict' };

/** The name of `type(v)` when it is one of BUILTIN_TYPES; undefined for other or unknown values. */
export function pyTypeName(v: Value): string | undefined {
  return v.kind === 'num' ? (v.float ? 'float' : 'int') : TYPE_OF[v.kind];
}

export const TYPE_BUILTINS: BuiltinTable = {
  str: () =>
    builtin('str', (args) => {
      const s = pyStr(pos(args, 0));
      return s === null ? UNKNOWN : str(s);
    }),
  bool: () =>
    builtin('bool', (args) => {
      const t = truthy(pos(args, 0));
      return t === null ? UNKNOWN : bool(t);
    }),
  isinstance: () =>
    builtin('isinstance', (args) => {
      const v = pos(args, 0);
      const t = args.positional[1]?.node;
      const names = t ? (t.type === 'tuple' ? namedChildren(t).map(textOf) : [textOf(t)]) : [];
      if (names.some((n) => !BUILTIN_TYPES.has(n))) return UNKNOWN;
      if (v.kind === 'unknown' || v.kind === 'dim') return UNKNOWN;
      const type = pyTypeName(v);
      // bool is a subclass of int.
      return bool(type !== undefined && (names.includes(type) || (type === 'bool' && names.includes('int'))));
    }),
  print: () => builtin('print', () => NONE),
};
