import Database from "libsql";
import { SqlCache } from "./sql-cache";

type Engine = Database.Database;
type EngineStatement = Database.Statement<unknown[]>;

export interface Prepared {
  stmt: EngineStatement;
  /** True if the statement returns rows (SELECT, RETURNING, most PRAGMAs, EXPLAIN). */
  reader: boolean;
}

/** Prepared statements kept per connection; up to `maxStreams` + 8 connections may be open. */
const STATEMENT_CACHE_LIMITS = { maxEntries: 128, maxSqlLength: 64 * 1024, maxTotalLength: 2 * 1024 * 1024 };

/**
 * One engine connection (one `libsql` Database object) to the database file; every stream owns one,
 * so interactive transactions are isolated exactly as separate SQLite connections are.
 */
export class Connection {
  readonly #db: Engine;
  readonly #cache = new SqlCache<Prepared>(STATEMENT_CACHE_LIMITS);
  #meta: EngineStatement | undefined;
  /** Set while a `BEGIN ... READONLY` transaction runs: we enforce it with `PRAGMA query_only`. */
  #readonlyTx = false;
  /** Set once a statement may have changed connection-local state (PRAGMA, ATTACH, TEMP objects, ...). */
  #dirty = false;

  constructor(file: string) {
    this.#db = new Database(file);
    this.#db.defaultSafeIntegers(true);
    // WAL is persistent in the file (set once at startup). NORMAL is the recommended WAL pairing.
    this.#db.exec("PRAGMA synchronous = NORMAL");
  }

  /** Hrana's autocommit state: not inside an explicit transaction. */
  get isAutocommit(): boolean {
    return !this.#db.inTransaction;
  }

  prepare(sql: string): Prepared {
    const hit = this.#cache.get(sql);
    if (hit !== undefined) return hit;
    const stmt = this.#db.prepare<unknown[]>(sql);
    stmt.safeIntegers(true);
    const reader = stmt.reader;
    if (reader) stmt.raw(true);
    const prepared = { stmt, reader };
    this.#cache.set(sql, prepared);
    return prepared;
  }

  /** For tests: the size of the prepared-statement cache. */
  get statementCacheStats(): SqlCache<Prepared>["stats"] {
    return this.#cache.stats;
  }

  /** `changes()` and `last_insert_rowid()` of this connection, exact (64-bit). */
  changesAndRowid(): { changes: number; rowid: bigint } {
    if (this.#meta === undefined) {
      this.#meta = this.#db.prepare<unknown[]>("SELECT changes(), last_insert_rowid()");
      this.#meta.safeIntegers(true);
      this.#meta.raw(true);
    }
    const row = this.#meta.all([])[0]; // all(): the statement runs to completion and resets
    if (Array.isArray(row) && typeof row[0] === "bigint" && typeof row[1] === "bigint") {
      return { changes: Number(row[0]), rowid: row[1] };
    }
    throw new Error("unexpected result of SELECT changes(), last_insert_rowid()");
  }

  /** Starts a read-only transaction: a deferred transaction in which writes fail with SQLITE_READONLY. */
  beginReadonly(): void {
    this.#db.exec("BEGIN DEFERRED");
    try {
      this.#db.exec("PRAGMA query_only = 1");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
    this.#readonlyTx = true;
  }

  /** Must run after every statement: lifts the read-only guard once its transaction has ended. */
  afterStatement(): void {
    if (this.#readonlyTx && this.#db.open && !this.#db.inTransaction) {
      this.#db.exec("PRAGMA query_only = 0");
      this.#readonlyTx = false;
    }
  }

  /** Records that a statement that is not plain DML, a query or transaction control ran here. */
  markDirty(): void {
    this.#dirty = true;
  }

  /**
   * Prepares the connection for another stream: rolls back an open transaction and lifts the read-only
   * guard. Returns false if it cannot be handed on as good as new (it ran a statement that may have
   * changed connection-local state, or it is closed); the caller then closes it.
   */
  resetForReuse(): boolean {
    if (this.#dirty || !this.#db.open) return false;
    try {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
      this.afterStatement();
      return !this.#db.inTransaction;
    } catch {
      return false;
    }
  }

  /** Rolls back any open transaction and closes the engine connection. Never throws. */
  close(): void {
    if (!this.#db.open) return;
    try {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
    } catch {
      // closing discards the transaction anyway
    }
    this.#cache.clear();
    this.#meta = undefined;
    try {
      this.#db.close();
    } catch {
      // already unusable
    }
  }
}
