/**
 * A map that lives from one analysis of a document to the next: what an analysis stores or takes
 * is kept for the next one, and what it leaves untouched is dropped, so entries for deleted or
 * edited layers do not pile up. One lookup per take: keys are layer texts, costly to hash and compare.
 */
export class Generations<K, V> {
  private readonly entries = new Map<K, { value: V; analysis: number }>();
  private analysis = 0;

  /** Starts an analysis: entries the last one did not store or take are dropped. */
  next(): void {
    for (const [key, entry] of this.entries) if (entry.analysis < this.analysis) this.entries.delete(key);
    this.analysis++;
  }

  /**
   * The entry an earlier analysis left under `key`, now kept for the next one; undefined when there
   * is none or this analysis already stored or took it (each entry serves one place per analysis).
   */
  take(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.analysis === this.analysis) return undefined;
    entry.analysis = this.analysis;
    return entry.value;
  }

  put(key: K, value: V): void {
    this.entries.set(key, { value, analysis: this.analysis });
  }
}
