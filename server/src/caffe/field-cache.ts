/**
 * The top-level fields that the last analysis of a document read, by their text. The next analysis
 * of the document moves an unchanged field to where it now sits instead of reading it again: an
 * edit changes one layer, and the other 670 of ResNet-152 are reused.
 */
import { Generations } from '../analysis/generations.js';
import type { Field } from './message.js';
import { Placement } from '../analysis/placement.js';
import type { Source } from './source.js';

interface Entry {
  readonly field: Field | null;
  readonly placement: Placement<Source>;
}

export class FieldCache {
  private readonly entries = new Generations<string, Entry>();

  /** Starts an analysis (see Generations.next). */
  nextAnalysis(): void {
    this.entries.next();
  }

  /** The field at document offsets [start, end), reused when the same text was read last time. */
  field(source: Source, start: number, end: number, read: (placement: Placement<Source>) => Field | null): Field | null {
    const text = source.text(start, end);
    const reused = this.entries.take(text);
    if (reused) {
      reused.placement.moveTo(source, start);
      return reused.field;
    }
    const placement = new Placement(source, start);
    const field = read(placement);
    this.entries.put(text, { field, placement });
    return field;
  }
}
