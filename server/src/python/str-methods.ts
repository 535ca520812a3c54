/**
 * Methods of strings the interpreter knows: `format` (positional, numbered and named fields),
 * `join`, `upper`, `lower`, `strip`, `replace`, `startswith`, `endswith`.
 */
import { builtin, pos } from './builtin-fn.js';
import { iterate } from './iterables.js';
import { bool, pyStr, str, UNKNOWN, type Value } from './values.js';

export function strAttr(s: string, name: string): Value {
  switch (name) {
    case 'format':
      return builtin('format', (args) => {
        let i = 0;
        let ok = true;
        const out = s.replace(/\{([^{}]*)\}/g, (_m, key: string) => {
          const k = key.split(/[:!]/)[0]!;
          const v = k === '' ? args.positional[i++]?.value : /^\d+$/.test(k) ? args.positional[Number(k)]?.value : args.keywords.get(k)?.value;
          const t = v ? pyStr(v) : null;
          if (t === null) ok = false;
          return t ?? '';
        });
        return ok ? str(out) : UNKNOWN;
      });
    case 'join':
      return builtin('join', (args) => {
        const xs = iterate(pos(args, 0));
        if (!xs || xs.some((x) => x.kind !== 'str')) return UNKNOWN;
        return str(xs.map((x) => (x.kind === 'str' ? x.value : '')).join(s));
      });
    case 'upper':
      return builtin('upper', () => str(s.toUpperCase()));
    case 'lower':
      return builtin('lower', () => str(s.toLowerCase()));
    case 'strip':
      return builtin('strip', () => str(s.trim()));
    case 'replace':
      return builtin('replace', (args) => {
        const a = pos(args, 0);
        const b = pos(args, 1);
        return a.kind === 'str' && b.kind === 'str' ? str(s.split(a.value).join(b.value)) : UNKNOWN;
      });
    case 'startswith':
      return builtin('startswith', (args) => {
        const a = pos(args, 0);
        return a.kind === 'str' ? bool(s.startsWith(a.value)) : UNKNOWN;
      });
    case 'endswith':
      return builtin('endswith', (args) => {
        const a = pos(args, 0);
        return a.kind === 'str' ? bool(s.endsWith(a.value)) : UNKNOWN;
      });
    default:
      return UNKNOWN;
  }
}
