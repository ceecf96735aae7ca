import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LibsqlServerOptions, startLibsqlServer } from "../src";

export interface TestServer {
  url: string;
  file: string;
  /** Requests served so far: one per client round trip. */
  roundTrips(): number;
  close(): Promise<void>;
}

/** A server on a random port over a fresh temporary database file. */
export async function startTestServer(options: Partial<LibsqlServerOptions> = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), "libsql-server-test-"));
  const file = join(dir, "test.db");
  const server = await startLibsqlServer({ path: file, port: 0, ...options });
  return {
    url: server.url,
    file,
    roundTrips: () => server.roundTrips,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  contentType: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON
  body: any;
  text: string;
}

export async function post(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const res = await fetch(new URL(path, url), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, contentType: res.headers.get("content-type"), body: parsed, text };
}

/** `POST /v3/pipeline` with raw Hrana JSON. */
export function pipeline(url: string, body: unknown, headers: Record<string, string> = {}) {
  return post(url, "/v3/pipeline", body, headers);
}

export const stmt = (sql: string, extra: Record<string, unknown> = {}) => ({
  type: "execute",
  stmt: { sql, ...extra },
});
