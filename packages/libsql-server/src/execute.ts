import { setTimeout as sleep } from "node:timers/promises";
import type { Connection } from "./connection";
import { isBusyError, RequestError } from "./errors";
import type { DescribeResult, ProtoStmt, ProtoValue, StmtResult } from "./protocol";
import { analyzeSqlCached, type StatementInfo, splitStatements } from "./sql-analysis";
import { decodeValue, encodeValue, type SqlValue } from "./values";

/** What statements run against: a stream's connection and its stored SQL texts. */
export interface ExecTarget {
  readonly conn: Connection;
  readonly sqls: ReadonlyMap<number, string>;
  /** How long a statement waits for a lock held by another connection before SQLITE_BUSY. */
  readonly busyTimeoutMs: number;
}

/**
 * The engine is synchronous, so its own busy timeout would block the event loop, and with it the
 * request that would release the lock (a COMMIT on another stream). Instead the engine fails fast with
 * SQLITE_BUSY and the statement is retried here, asynchronously, with a capped exponential backoff.
 */
async function withBusyRetry<T>(run: () => T, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    try {
      return run();
    } catch (error) {
      if (!isBusyError(error) || Date.now() + delay > deadline) throw error;
    }
    await sleep(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 25);
  }
}

export function resolveSql(
  sql: string | null | undefined,
  sqlId: number | null | undefined,
  sqls: ReadonlyMap<number, string>,
): string {
  if (sql != null && sqlId != null)
    throw new RequestError("Only one of sql and sql_id may be given", "SQL_AND_SQL_ID");
  if (sql != null) return sql;
  if (sqlId != null) {
    const stored = sqls.get(sqlId);
    if (stored === undefined)
      throw new RequestError(`No SQL text is stored with sql_id ${sqlId}`, "SQL_NOT_FOUND");
    return stored;
  }
  throw new RequestError("One of sql and sql_id must be given", "SQL_NOT_GIVEN");
}

function analyzeSingle(sql: string): StatementInfo {
  const info = analyzeSqlCached(sql);
  if (info.statementCount === 0) {
    throw new RequestError("SQL string does not contain any statement", "SQL_NO_STATEMENT");
  }
  if (info.statementCount > 1) {
    throw new RequestError("SQL string contains more than one statement", "SQL_MANY_STATEMENTS");
  }
  return info;
}

/**
 * Builds the engine's positional argument list, with sqld's rules: positional and named arguments
 * cannot be mixed; a named parameter (`:a`, `@a`, `$a`) matches an argument named exactly like it or
 * named without its prefix; `?` and `?NNN` take positional arguments; missing or surplus values fail.
 */
function bindArgs(info: StatementInfo, args: ProtoValue[], named: { name: string; value: ProtoValue }[]) {
  if (args.length > 0 && named.length > 0) {
    throw new RequestError(
      "Specifying both positional and named arguments is not supported",
      "ARGS_BOTH_POSITIONAL_AND_NAMED",
    );
  }
  const count = info.params.length;
  if (args.length + named.length > count) {
    throw new RequestError(
      `Too many arguments: the statement has ${count} parameter(s), got ${args.length + named.length}`,
      "ARGS_INVALID",
    );
  }
  const byName = new Map(named.map((arg) => [arg.name, arg.value]));
  const values: SqlValue[] = [];
  for (let i = 0; i < count; i++) {
    const name = info.params[i] ?? null;
    const value =
      name === null || name.startsWith("?") ? args[i] : (byName.get(name) ?? byName.get(name.slice(1)));
    if (value === undefined) {
      if (info.isExplain) {
        values.push(null);
        continue;
      }
      throw new RequestError(`Missing value for parameter ${name ?? `?${i + 1}`}`, "ARGS_INVALID");
    }
    values.push(decodeValue(value));
  }
  return values;
}

function rowidText(value: number | bigint, conn: Connection): string {
  if (typeof value === "bigint") return value.toString();
  // The engine reports it as a JS number: exact only up to 2^53, so ask SQLite for larger ones.
  return Number.isSafeInteger(value) ? String(value) : conn.changesAndRowid().rowid.toString();
}

function runOnce(conn: Connection, sql: string, info: StatementInfo, args: SqlValue[], wantRows: boolean) {
  const started = performance.now();
  const result: StmtResult = {
    cols: [],
    rows: [],
    affected_row_count: 0,
    last_insert_rowid: null,
    query_duration_ms: 0,
  };
  if (!info.keepsConnectionClean) conn.markDirty();
  try {
    if (info.isBeginReadonly) {
      conn.beginReadonly();
    } else {
      const { stmt, reader } = conn.prepare(sql);
      if (reader) {
        const rows = stmt.all(args);
        result.cols = stmt.columns().map((col) => ({ name: col.name, decltype: col.type ?? null }));
        if (wantRows) result.rows = rows.map((row) => (Array.isArray(row) ? row.map(encodeValue) : []));
        if (info.changesRows) {
          const { changes, rowid } = conn.changesAndRowid();
          result.affected_row_count = changes;
          result.last_insert_rowid = rowid.toString();
        }
      } else {
        const run = stmt.run(args);
        result.affected_row_count = run.changes;
        result.last_insert_rowid = rowidText(run.lastInsertRowid, conn);
      }
    }
  } finally {
    conn.afterStatement();
  }
  result.query_duration_ms = performance.now() - started;
  return result;
}

export async function executeStmt(target: ExecTarget, stmt: ProtoStmt): Promise<StmtResult> {
  const sql = resolveSql(stmt.sql, stmt.sql_id, target.sqls);
  const info = analyzeSingle(sql);
  const args = bindArgs(info, stmt.args ?? [], stmt.named_args ?? []);
  const wantRows = stmt.want_rows ?? true;
  return withBusyRetry(() => runOnce(target.conn, sql, info, args, wantRows), target.busyTimeoutMs);
}

/** Runs `;`-separated statements in order, ignoring rows; stops at the first failure. */
export async function executeSequence(target: ExecTarget, sql: string): Promise<void> {
  for (const piece of splitStatements(sql)) {
    const info = analyzeSqlCached(piece);
    const args = bindArgs(info, [], []);
    await withBusyRetry(() => runOnce(target.conn, piece, info, args, false), target.busyTimeoutMs);
  }
}

export async function describeStmt(target: ExecTarget, sql: string): Promise<DescribeResult> {
  const info = analyzeSingle(sql);
  const { stmt, reader } = await withBusyRetry(() => target.conn.prepare(sql), target.busyTimeoutMs);
  return {
    params: info.params.map((name) => ({ name })),
    cols: reader ? stmt.columns().map((col) => ({ name: col.name, decltype: col.type ?? null })) : [],
    is_explain: info.isExplain,
    is_readonly: info.isReadonly,
  };
}
