/**
 * A map that lives from one analysis of a document to the next: what an analysis stores or takes
 * is kept for the next one (the next `keep` ones), and what they leave untouched is dropped, so
 * entries for deleted or edited code do not pile up. A key may hold several entries (the same text
 * written twice), each serving one place per analysis. Keys are often source texts, costly to
 * hash: one lookup a take.
 */
export class Generations<K, V> {
  private readonly entries = new Map<K, Entries<V>>();
  private analysis = 0;

  /** `keep`: how many analyses an entry stays for once stored or taken (1: the next one only). */
  constructor(private readonly keep = 1) {}

  /** Starts an analysis: entries the last `keep` analyses did not store or take are dropped. */
  next(): void {
    for (const [key, entries] of this.entries) {
      const { list } = entries;
      entries.from = 0;
      // Nearly every key holds one entry: test it without building a new list.
      if (list.length === 1) {
        if (list[0]!.analysis <= this.analysis - this.keep) this.entries.delete(key);
        continue;
      }
      const kept = list.filter((e) => e.analysis > this.analysis - this.keep);
      if (kept.length === 0) this.entries.delete(key);
      else entries.list = kept;
    }
    this.analysis++;
  }

  /** An entry an earlier analysis left under `key` and this one has not taken yet, now kept. */
  take(key: K): V | undefined {
    const entries = this.entries.get(key);
    if (!entries) return undefined;
    const { list } = entries;
    for (let i = entries.from; i < list.length; i++) {
      const entry = list[i]!;
      if (entry.analysis === this.analysis) continue;
      entry.analysis = this.analysis;
      entries.from = i + 1;
      return entry.value;
    }
    entries.from = list.length;
    return undefined;
  }

  put(key: K, value: V): void {
    const entry = { value, analysis: this.analysis };
    const entries = this.entries.get(key);
    if (entries) entries.list.push(entry);
    else this.entries.set(key, { list: [entry], from: 0 });
  }
}

/** One key's entries, in the order they were stored. */
interface Entries<V> {
  list: { value: V; analysis: number }[];
  /**
   * Every entry before it is this analysis' (taken or stored): a take looks from here, so a text
   * written a thousand times is not scanned from its first entry a thousand times.
   */
  from: number;
}
