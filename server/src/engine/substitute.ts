/**
 * A symbolic size with its named sizes replaced (`floor((H - 1)/32) + 1` with H = 32 → 1): the
 * same arithmetic as dim.ts, so a shape computed on `H` and then given H is the shape computed on
 * the value itself. A name without a value stays as it is.
 */
import { addDims, addN, ceilDivN, floorDivN, mulDims, mulN, sym, type Dim, type Expr } from './dim.js';

function evalExpr(e: Expr, values: ReadonlyMap<string, Dim>): Dim {
  switch (e.op) {
    case 'var':
      return values.has(e.name) ? values.get(e.name)! : sym(e.name);
    case 'add':
      return addN(evalExpr(e.a, values), e.n);
    case 'mul':
      return mulN(evalExpr(e.a, values), e.n);
    case 'prod':
      return mulDims(evalExpr(e.a, values), evalExpr(e.b, values));
    case 'sum':
      return addDims(evalExpr(e.a, values), evalExpr(e.b, values));
    case 'ceildiv':
      return ceilDivN(evalExpr(e.a, values), e.n);
    case 'floordiv':
      return floorDivN(evalExpr(e.a, values), e.n);
  }
}

export function substitute(d: Dim, values: ReadonlyMap<string, Dim>): Dim {
  return d === null || typeof d === 'number' ? d : evalExpr(d.expr, values);
}
