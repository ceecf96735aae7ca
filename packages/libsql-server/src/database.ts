import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import Database from "libsql";

export interface DatabaseFile {
  /** The file every stream connection opens. */
  readonly file: string;
  /** Deletes the file if it was a private temporary one (`:memory:`). */
  dispose(): void;
}

/**
 * Prepares the database file: creates its folder and switches it to WAL (persistent in the file), so
 * readers and one writer on separate connections work concurrently.
 *
 * `:memory:` cannot be shared between separate connections, so it maps to a private temporary file
 * that is deleted on close: every stream still gets its own connection, with the same transaction
 * isolation and locking as a file database, and nothing outlives the server.
 */
export function prepareDatabaseFile(path: string): DatabaseFile {
  let file: string;
  let tempDir: string | undefined;
  if (path === ":memory:" || path === "") {
    tempDir = mkdtempSync(join(tmpdir(), "libsql-server-"));
    file = join(tempDir, "memory.db");
  } else {
    file = resolve(path);
    mkdirSync(dirname(file), { recursive: true });
  }
  const db = new Database(file);
  try {
    db.exec("PRAGMA journal_mode = WAL");
  } finally {
    db.close();
  }
  return {
    file,
    dispose() {
      if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
