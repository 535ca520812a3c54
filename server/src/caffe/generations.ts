/**
 * A map that lives from one analysis of a document to the next: what an analysis stores or takes
 * is kept for the next one, and what it leaves untouched is dropped, so entries for deleted or
 * edited layers do not pile up.
 */
export class Generations<K, V> {
  private previous = new Map<K, V>();
  private current = new Map<K, V>();

  /** Starts an analysis: the last one's entries become takeable, older ones are dropped. */
  next(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** True when this analysis has already stored or taken `key`. */
  takenNow(key: K): boolean {
    return this.current.has(key);
  }

  /** The entry the last analysis (or this one) left under `key`, now kept for the next one. */
  take(key: K): V | undefined {
    const v = this.current.get(key) ?? this.previous.get(key);
    if (v !== undefined) this.current.set(key, v);
    return v;
  }

  put(key: K, value: V): void {
    this.current.set(key, value);
  }
}
