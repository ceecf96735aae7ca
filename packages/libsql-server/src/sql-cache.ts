export interface SqlCacheLimits {
  maxEntries: number;
  /** Longer SQL texts are not cached at all (they are rarely repeated, and each would pin its size). */
  maxSqlLength: number;
  /** Bound on the summed length of the cached SQL texts. */
  maxTotalLength: number;
}

/**
 * A least-recently-used map keyed by SQL text, bounded by its number of entries and by the total length
 * (UTF-16 code units, about bytes for ASCII SQL) of its keys, so that neither the count nor the size of
 * the statements clients send can grow the server's memory without limit. What is cached per text
 * (an analysis, a prepared statement) grows with the text, so the key length stands for its weight.
 */
export class SqlCache<V> {
  readonly #map = new Map<string, V>();
  #totalLength = 0;

  constructor(private readonly limits: SqlCacheLimits) {}

  get(sql: string): V | undefined {
    const hit = this.#map.get(sql);
    if (hit !== undefined) {
      this.#map.delete(sql);
      this.#map.set(sql, hit);
    }
    return hit;
  }

  set(sql: string, value: V): void {
    if (sql.length > this.limits.maxSqlLength) return;
    if (this.#map.delete(sql)) this.#totalLength -= sql.length;
    this.#map.set(sql, value);
    this.#totalLength += sql.length;
    for (const oldest of this.#map.keys()) {
      if (this.#map.size <= this.limits.maxEntries && this.#totalLength <= this.limits.maxTotalLength) break;
      this.#map.delete(oldest);
      this.#totalLength -= oldest.length;
    }
  }

  clear(): void {
    this.#map.clear();
    this.#totalLength = 0;
  }

  /** For tests: the number of entries and the summed length of their SQL texts. */
  get stats(): { entries: number; totalLength: number } {
    return { entries: this.#map.size, totalLength: this.#totalLength };
  }
}
