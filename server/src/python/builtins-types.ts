/**
 * Type builtins: the conversions `str` and `bool`, the check `isinstance` (against builtin types
 * only: any other class, or a value of unknown type, gives unknown), and `print` (None).
 */
import { builtin, pos, type BuiltinTable } from './builtin-fn.js';
import { namedChildren, textOf } from './syntax.js';
import { bool, NONE, pyStr, str, truthy, UNKNOWN } from './values.js';

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
      const kinds: Record<string, string[]> = { int: ['num'], float: ['num'], str: ['str'], bool: ['bool'], list: ['list', 'listof'], tuple: ['tuple'], dict: ['dict'] };
      if (names.some((n) => !Object.hasOwn(kinds, n))) return UNKNOWN;
      if (v.kind === 'unknown' || v.kind === 'dim') return UNKNOWN;
      const match = names.some((n) => {
        if (v.kind === 'num') return n === 'float' ? v.float : n === 'int' ? !v.float : false;
        if (v.kind === 'bool') return n === 'bool' || n === 'int';
        return kinds[n]!.includes(v.kind);
      });
      return bool(match);
    }),
  print: () => builtin('print', () => NONE),
};
