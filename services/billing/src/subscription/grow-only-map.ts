/**
 * An immutable map that only grows, with O(1) `with` along a linear history: versions share one
 * backing Map, each entry remembers when it was added, and a version sees only the entries added
 * before it. Adding to an older version (a branch) copies what that version sees first.
 *
 * Why: a subscription's state is folded once per event and cached (states must stay immutable
 * values), and the set of counted certificates grows with every issuance of the term; copying it
 * per event made each fold cost O(certificates so far).
 */
export class GrowOnlyMap<V> {
  private constructor(
    private readonly entries: Map<string, { value: V; index: number }>,
    readonly size: number,
  ) {}

  static empty<V>(): GrowOnlyMap<V> {
    return new GrowOnlyMap(new Map(), 0);
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.index < this.size ? entry.value : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** A version with `key` set; a key already present keeps its first value (entries are never replaced). */
  with(key: string, value: V): GrowOnlyMap<V> {
    if (this.has(key)) return this;
    const latest = this.entries.size === this.size;
    const entries = latest ? this.entries : new Map([...this.entries].filter(([, e]) => e.index < this.size));
    entries.set(key, { value, index: this.size });
    return new GrowOnlyMap(entries, this.size + 1);
  }

  /** Plain object: for JSON and for tests. */
  toJSON(): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [key, entry] of this.entries) if (entry.index < this.size) out[key] = entry.value;
    return out;
  }
}
