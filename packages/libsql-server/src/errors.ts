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
 * Maps anything thrown while executing a request to Hrana's `Error`. Engine errors keep the extended
 * result code name the engine reports (e.g. `SQLITE_CONSTRAINT_UNIQUE`).
 */
export function toProtoError(error: unknown): ProtoError {
  if (error instanceof RequestError) return { message: error.message, code: error.code };
  if (isEngineError(error)) return { message: error.message, code: error.code };
  if (error instanceof Error) return { message: error.message, code: "INTERNAL_ERROR" };
  return { message: String(error), code: "INTERNAL_ERROR" };
}
