/**
 * What each layer's run gave in the last analysis of a document, by the layer's body (reused by the
 * field cache exactly when the layer's text is unchanged): a layer whose text, input shapes and
 * supplied input shapes are unchanged gets the same outputs, cost and windowing without running
 * again, and the same result when it also sits in the same place. Only runs that reported nothing
 * are kept, so no diagnostic is lost.
 */
import type { LayerResult, Shape } from '../analysis/types.js';
import { Generations } from '../analysis/generations.js';
import type { LayerShape, ShapeTable, SuppliedShapes } from './layers/spec.js';
import type { Message } from './message.js';

interface Run {
  readonly inputs: readonly (Shape | null)[];
  readonly supplied: SuppliedShapes;
  readonly shape: LayerShape;
  readonly result: LayerResult;
}

export class RunCache {
  private readonly runs = new Generations<Message, Run>();

  /** Starts an analysis (see Generations.next). */
  nextAnalysis(): void {
    this.runs.next();
  }

  /** The last run of the layer with this body, if it had the same inputs. */
  take(body: Message, inputs: readonly (Shape | null)[], supplied: SuppliedShapes): { readonly shape: LayerShape; readonly result: LayerResult } | undefined {
    const run = this.runs.take(body);
    return run && sameShapes(run.inputs, inputs) && sameSupplied(run.supplied, supplied) ? run : undefined;
  }

  remember(body: Message, inputs: readonly (Shape | null)[], supplied: SuppliedShapes, shape: LayerShape, result: LayerResult): void {
    this.runs.put(body, { inputs, supplied, shape, result });
  }
}

function sameShapes(a: readonly (Shape | null)[], b: readonly (Shape | null)[]): boolean {
  return a.length === b.length && a.every((s, i) => sameShape(s, b[i]!));
}

/** Dim by dim; a symbolic dim matches only itself, which at worst runs the layer again. */
function sameShape(a: Shape | null, b: Shape | null): boolean {
  if (a === b) return true;
  return a !== null && b !== null && a.length === b.length && a.every((d, i) => d === b[i]);
}

function sameSupplied(a: SuppliedShapes, b: SuppliedShapes): boolean {
  return sameTable(a.given, b.given) && sameTable(a.defaults, b.defaults);
}

function sameTable(a: ShapeTable, b: ShapeTable): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] !== undefined && sameShape(a[k]!, b[k]!));
}
