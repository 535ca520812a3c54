/**
 * Quick fixes that rewrite one argument of a call, in the form the user wrote it.
 */
import type { Fix } from '../../analysis/types.js';
import { rangeOf, type PyNode } from '../syntax.js';
import type { Value } from '../values.js';

export function replaceFix(node: PyNode, text: string, title: string): Fix {
  return { title, kind: 'quickfix', preferred: true, edits: [{ range: rangeOf(node), newText: text }] };
}

/** Writes numbers back in the form the user used: an int stays an int when all equal, a tuple stays a tuple. */
export function sameForm(v: Value | undefined, xs: number[]): string {
  if (v && v.kind === 'num' && xs.every((x) => x === xs[0])) return String(xs[0]);
  if (v && v.kind === 'list') return `[${xs.join(', ')}]`;
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`;
}

