import Database from "libsql";

/** Hrana's `Error` structure. */
export interface ProtoError {
  message: string;
  code: string;
}

/** An error reported inside a pipeline result or batch step; the stream stays usable. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

/** An error that fails the whole HTTP request with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

interface EngineError {
  message: string;
  code: string;
  rawCode?: number;
}

function isEngineError(error: unknown): error is EngineError {
  return error instanceof Database.SqliteError;
}

const SQLITE_BUSY = 5;
const SQLITE_BUSY_RECOVERY = 261;

/**
 * Only plain SQLITE_BUSY (another connection holds the lock) is worth waiting for: the statement made
 * no change and can be re-run. SQLITE_BUSY_SNAPSHOT (517) means the transaction's snapshot is stale, and
 * waiting cannot fix it.
 */
export function isBusyError(error: unknown): boolean {
  return isEngineError(error) && (error.rawCode === SQLITE_BUSY || error.rawCode === SQLITE_BUSY_RECOVERY);
}

/**
 * Names of SQLite's primary result codes, as sqld reports them in Hrana errors. sqld (libsql-server
 * `hrana/stmt.rs`, `sqlite_error_code`) names the primary code only (`result & 0xff`): a unique
 * violation is `SQLITE_CONSTRAINT`, never `SQLITE_CONSTRAINT_UNIQUE`, and Hrana's `Error` has no field
 * for the extended code.
 */
const PRIMARY_CODE_NAMES: Readonly<Record<number, string>> = {
  1: "SQLITE_ERROR",
  2: "SQLITE_INTERNAL",
  3: "SQLITE_PERM",
  4: "SQLITE_ABORT",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  9: "SQLITE_INTERRUPT",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  12: "SQLITE_NOTFOUND",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  15: "SQLITE_PROTOCOL",
  17: "SQLITE_SCHEMA",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  21: "SQLITE_MISUSE",
  22: "SQLITE_NOLFS",
  23: "SQLITE_AUTH",
  25: "SQLITE_RANGE",
  26: "SQLITE_NOTADB",
};

/** The primary result code's name for an engine error, e.g. `SQLITE_CONSTRAINT` for 2067. */
function primaryCodeName(error: { code: string; rawCode?: number }): string {
  if (typeof error.rawCode === "number") return PRIMARY_CODE_NAMES[error.rawCode & 0xff] ?? "SQLITE_UNKNOWN";
  // Without the number, cut an extended name down to its primary part (SQLITE_IOERR_READ → SQLITE_IOERR).
  const primary = Object.values(PRIMARY_CODE_NAMES).find(
    (name) => error.code === name || error.code.startsWith(`${name}_`),
  );
  return primary ?? error.code;
}

/**
 * Maps anything thrown while executing a request to Hrana's `Error`. Engine errors carry the primary
 * result code (`SQLITE_CONSTRAINT`) as sqld does, and, except for plain `SQLITE_ERROR`, sqld's message
 * form `SQLite error: <SQLite's message>` (e.g. `SQLite error: UNIQUE constraint failed: t.c`). For
 * `SQLITE_ERROR` (syntax errors, unknown tables, ...) sqld reports codes of its own (`SQL_PARSE_ERROR`,
 * `SQL_INPUT_ERROR`, `SQLITE_UNKNOWN`) that this server does not reproduce: it keeps SQLite's message.
 */
export function toProtoError(error: unknown): ProtoError {
  if (error instanceof RequestError) return { message: error.message, code: error.code };
  if (isEngineError(error)) {
    const code = primaryCodeName(error);
    return { message: code === "SQLITE_ERROR" ? error.message : `SQLite error: ${error.message}`, code };
  }
  if (error instanceof Error) return { message: error.message, code: "INTERNAL_ERROR" };
  return { message: String(error), code: "INTERNAL_ERROR" };
}
