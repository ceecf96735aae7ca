#!/usr/bin/env tsx
/**
 * libsql-server --db <file|:memory:> [--host 127.0.0.1] [--port 8080] [--auth-token <token>]
 *               [--stream-idle-ms 10000] [--max-streams 128] [--max-body-bytes 10485760]
 *               [--busy-timeout-ms <stream idle ms + 1000>]
 *
 * Every flag can also come from the environment: LIBSQL_SERVER_DB, LIBSQL_SERVER_HOST,
 * LIBSQL_SERVER_PORT, LIBSQL_SERVER_AUTH_TOKEN, LIBSQL_SERVER_STREAM_IDLE_MS,
 * LIBSQL_SERVER_MAX_STREAMS, LIBSQL_SERVER_MAX_BODY_BYTES, LIBSQL_SERVER_BUSY_TIMEOUT_MS (flags win).
 */
import { parseArgs } from "node:util";
import type { LibsqlServerOptions } from "./options";
import { startLibsqlServer } from "./server";

const FLAGS = {
  db: "LIBSQL_SERVER_DB",
  host: "LIBSQL_SERVER_HOST",
  port: "LIBSQL_SERVER_PORT",
  "auth-token": "LIBSQL_SERVER_AUTH_TOKEN",
  "stream-idle-ms": "LIBSQL_SERVER_STREAM_IDLE_MS",
  "max-streams": "LIBSQL_SERVER_MAX_STREAMS",
  "max-body-bytes": "LIBSQL_SERVER_MAX_BODY_BYTES",
  "busy-timeout-ms": "LIBSQL_SERVER_BUSY_TIMEOUT_MS",
} as const;
type Flag = keyof typeof FLAGS;

const USAGE = `usage: libsql-server --db <file|:memory:> [--host 127.0.0.1] [--port 8080] [--auth-token <token>]
                     [--stream-idle-ms 10000] [--max-streams 128] [--max-body-bytes 10485760]
                     [--busy-timeout-ms <stream idle ms + 1000>]`;

function fail(message: string): never {
  process.stderr.write(`libsql-server: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function readConfig(): LibsqlServerOptions {
  const options = Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: "string" as const }]));
  let values: Partial<Record<string, string | boolean>>;
  try {
    values = parseArgs({ options: { ...options, help: { type: "boolean" } }, strict: true }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const get = (flag: Flag): string | undefined => {
    const value = values[flag];
    return typeof value === "string" ? value : process.env[FLAGS[flag]] || undefined;
  };
  const number = (flag: Flag): number | undefined => {
    const text = get(flag);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value)) fail(`--${flag} must be an integer, got ${JSON.stringify(text)}`);
    return value;
  };
  const path = get("db");
  if (path === undefined) fail(`--db (or ${FLAGS.db}) is required`);
  return {
    path,
    host: get("host"),
    port: number("port"),
    authToken: get("auth-token"),
    streamIdleMs: number("stream-idle-ms"),
    maxStreams: number("max-streams"),
    maxBodyBytes: number("max-body-bytes"),
    busyTimeoutMs: number("busy-timeout-ms"),
  };
}

const config = readConfig();
const server = await startLibsqlServer(config).catch((error: unknown) =>
  fail(error instanceof Error ? error.message : String(error)),
);
process.stdout.write(`libsql-server listening on ${server.url} (database: ${config.path})\n`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`libsql-server: error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
