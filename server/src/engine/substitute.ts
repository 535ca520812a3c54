/**
 * A symbolic size with its named sizes replaced (`ceil(H/32)` with H = 32 → 1): the same
 * arithmetic as dim.ts, so a shape computed on `H` and then given H is the shape computed on
 * the value itself. A name without a value stays as it is.
 */
import { addDims, floorDivDims, mulDims, sym, type Atom, type Dim, type Expr } from './dim.js';

function evalAtom(a: Atom, values: ReadonlyMap<string, Dim>): Dim {
  if (a.op === 'var') return values.has(a.name) ? values.get(a.name)! : sym(a.name);
  return floorDivDims(evalExpr(a.num, values), evalExpr(a.den, values));
}

function evalExpr(e: Expr, values: ReadonlyMap<string, Dim>): Dim {
  let sum: Dim = e.constant;
  for (const t of e.terms) sum = addDims(sum, t.atoms.reduce<Dim>((acc, a) => mulDims(acc, evalAtom(a, values)), t.coef));
  return sum;
}

export function substitute(d: Dim, values: ReadonlyMap<string, Dim>): Dim {
  return d === null || typeof d === 'number' ? d : evalExpr(d.expr, values);
}
