/**
 * A map that lives from one analysis of a document to the next: what an analysis stores or takes
 * is kept for the next one, and what it leaves untouched is dropped, so entries for deleted or
 * edited code do not pile up. A key may hold several entries (the same text written twice), each
 * serving one place per analysis. Keys are often source texts, costly to hash: one lookup a take.
 */
export class Generations<K, V> {
  private readonly entries = new Map<K, { value: V; analysis: number }[]>();
  private analysis = 0;

  /** Starts an analysis: entries the last one did not store or take are dropped. */
  next(): void {
    for (const [key, list] of this.entries) {
      // Nearly every key holds one entry: test it without building a new list.
      if (list.length === 1) {
        if (list[0]!.analysis !== this.analysis) this.entries.delete(key);
        continue;
      }
      const kept = list.filter((e) => e.analysis === this.analysis);
      if (kept.length === 0) this.entries.delete(key);
      else this.entries.set(key, kept);
    }
    this.analysis++;
  }

  /** An entry an earlier analysis left under `key` and this one has not taken yet, now kept. */
  take(key: K): V | undefined {
    const list = this.entries.get(key);
    if (!list) return undefined;
    for (const entry of list) {
      if (entry.analysis === this.analysis) continue;
      entry.analysis = this.analysis;
      return entry.value;
    }
    return undefined;
  }

  put(key: K, value: V): void {
    const entry = { value, analysis: this.analysis };
    const list = this.entries.get(key);
    if (list) list.push(entry);
    else this.entries.set(key, [entry]);
  }
}
