type LogLevel = "info" | "warn" | "error";

/** A line's own facts, named in camelCase (`messageId`, `error`); `level` and `msg` are the logger's. */
type LogFields = Record<string, unknown> & { level?: never; msg?: never };

/**
 * Writes one log line as JSON — `{"level":…,"msg":…,…fields}` — the one shape every worker's logs
 * are searched by. Errors go to `console.error`, warnings to `console.warn`, the rest to
 * `console.log`, so the runtime's own level matches the line's. Web-standard only: core and every
 * worker use it.
 */
export function log(level: LogLevel, msg: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, msg, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
