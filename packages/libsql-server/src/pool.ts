import { Connection } from "./connection";

/**
 * Idle connections kept for new streams. Opening a connection is cheap, but its first statement has to
 * load and parse the whole schema, which dominates a short request (most `execute` calls open a stream
 * of their own). A connection goes back to the pool only if it is as good as new: no open transaction
 * and no statement run on it that could have changed connection-local state (see
 * `StatementInfo.keepsConnectionClean`). What does carry over is the per-connection value of
 * `last_insert_rowid()`, `changes()` and `total_changes()` as seen by SQL.
 */
export class ConnectionPool {
  readonly #idle: Connection[] = [];

  constructor(
    private readonly file: string,
    private readonly maxIdle = 8,
  ) {}

  acquire(): Connection {
    return this.#idle.pop() ?? new Connection(this.file);
  }

  release(conn: Connection): void {
    if (this.#idle.length < this.maxIdle && conn.resetForReuse()) this.#idle.push(conn);
    else conn.close();
  }

  closeAll(): void {
    for (const conn of this.#idle.splice(0)) conn.close();
  }
}
