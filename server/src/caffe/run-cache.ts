/**
 * What each layer's catalog entry computed in the last analysis of a document, by the layer's body
 * (reused by the field cache exactly when the layer's text is unchanged): a layer whose text, input
 * shapes and supplied input shapes are unchanged gets the same outputs, cost and windowing without
 * running again. Only runs that reported nothing are kept, so nothing that points at a position is.
 */
import type { Shape } from '../analysis/types.js';
import { Generations } from './generations.js';
import type { LayerShape } from './layers/spec.js';
import type { Message } from './message.js';

type Supplied = Readonly<Record<string, readonly number[]>>;

interface Run {
  readonly inputs: readonly (Shape | null)[];
  readonly supplied: Supplied;
  readonly shape: LayerShape;
}

export class RunCache {
  private readonly runs = new Generations<Message, Run>();

  /** Starts an analysis (see Generations.next). */
  nextAnalysis(): void {
    this.runs.next();
  }

  /** The shape the layer with this body computed last time from the same inputs, if it did. */
  shape(body: Message, inputs: readonly (Shape | null)[], supplied: Supplied): LayerShape | undefined {
    const run = this.runs.take(body);
    return run && sameShapes(run.inputs, inputs) && sameSupplied(run.supplied, supplied) ? run.shape : undefined;
  }

  remember(body: Message, inputs: readonly (Shape | null)[], supplied: Supplied, shape: LayerShape): void {
    this.runs.put(body, { inputs, supplied, shape });
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

function sameSupplied(a: Supplied, b: Supplied): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] !== undefined && sameShape(a[k]!, b[k]!));
}
