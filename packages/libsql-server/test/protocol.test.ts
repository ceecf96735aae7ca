import { createHash } from "node:crypto";
import { type IncomingMessage, request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipeline, post, startTestServer, stmt, type TestServer } from "./helpers";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const res = await pipeline(server.url, {
    requests: [stmt("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"), { type: "close" }],
  });
  expect(res.body.results[0].type).toBe("ok");
});
afterAll(() => server.close());

const ok = (response: unknown) => ({ type: "ok", response });
const int = (value: string | number) => ({ type: "integer", value: String(value) });

describe("endpoints", () => {
  it("answers health checks and version probes, and refuses protobuf", async () => {
    for (const path of ["/", "/health", "/v2", "/v3"]) {
      const res = await fetch(new URL(path, server.url));
      expect(res.status, path).toBe(200);
      await res.text();
    }
    const probe = await fetch(new URL("/v3-protobuf", server.url));
    expect(probe.status).toBe(404);
    await probe.text();
    const proto = await post(
      server.url,
      "/v3-protobuf/pipeline",
      {},
      { "content-type": "application/x-protobuf" },
    );
    expect(proto.status).toBe(404);
    const protoBody = await post(server.url, "/v3/pipeline", "", {
      "content-type": "application/x-protobuf",
    });
    expect(protoBody.status).toBe(415);
    expect((await fetch(new URL("/v3/pipeline", server.url))).status).toBe(405);
  });

  it("serves the same pipeline on /v2 and /v3", async () => {
    for (const path of ["/v2/pipeline", "/v3/pipeline"]) {
      const res = await post(server.url, path, { baton: null, requests: [stmt("SELECT 1 AS one")] });
      expect(res.status).toBe(200);
      expect(res.contentType).toBe("application/json");
      expect(res.body.results[0]).toEqual(
        ok({
          type: "execute",
          result: expect.objectContaining({
            cols: [{ name: "one", decltype: null }],
            rows: [[int(1)]],
            affected_row_count: 0,
            last_insert_rowid: null,
          }),
        }),
      );
      expect(typeof res.body.baton).toBe("string");
      expect(res.body.base_url).toBeNull();
    }
  });
});

describe("requests", () => {
  it("describes statements", async () => {
    const res = await pipeline(server.url, {
      requests: [
        { type: "describe", sql: "SELECT id, name AS n, ?1 + 1 AS x FROM t WHERE name = :name OR id = ?" },
        { type: "describe", sql: "EXPLAIN SELECT 1" },
        { type: "describe", sql: "INSERT INTO t (name) VALUES ($v)" },
        { type: "describe", sql: "SELECT * FROM nope" },
        { type: "close" },
      ],
    });
    const [select, explain, insert, missing] = res.body.results;
    expect(select.response.result).toEqual({
      params: [{ name: "?1" }, { name: ":name" }, { name: null }],
      cols: [
        { name: "id", decltype: "INTEGER" },
        { name: "n", decltype: "TEXT" },
        { name: "x", decltype: null },
      ],
      is_explain: false,
      is_readonly: true,
    });
    expect(explain.response.result).toMatchObject({ is_explain: true, is_readonly: true });
    expect(insert.response.result).toEqual({
      params: [{ name: "$v" }],
      cols: [],
      is_explain: false,
      is_readonly: false,
    });
    expect(missing).toMatchObject({ type: "error", error: { code: "SQLITE_ERROR" } });
    expect(res.body.baton).toBeNull();
  });

  it("stores and closes SQL texts per stream", async () => {
    const first = await pipeline(server.url, {
      requests: [
        { type: "store_sql", sql_id: 1, sql: "SELECT ? * 2 AS doubled" },
        { type: "execute", stmt: { sql_id: 1, args: [int(21)] } },
        { type: "store_sql", sql_id: 1, sql: "SELECT 1" },
      ],
    });
    expect(first.body.results[0]).toEqual(ok({ type: "store_sql" }));
    expect(first.body.results[1].response.result.rows).toEqual([[int(42)]]);
    expect(first.body.results[2]).toMatchObject({ type: "error", error: { code: "SQL_ID_IN_USE" } });
    const second = await pipeline(server.url, {
      baton: first.body.baton,
      requests: [
        { type: "execute", stmt: { sql_id: 1, args: [int(5)] } },
        { type: "close_sql", sql_id: 1 },
        { type: "execute", stmt: { sql_id: 1, args: [int(5)] } },
        { type: "sequence", sql_id: 1 },
        { type: "close" },
      ],
    });
    const [exec, closeSql, missing, seq] = second.body.results;
    expect(exec.response.result.rows).toEqual([[int(10)]]);
    expect(closeSql).toEqual(ok({ type: "close_sql" }));
    expect(missing).toMatchObject({ type: "error", error: { code: "SQL_NOT_FOUND" } });
    expect(seq).toMatchObject({ type: "error", error: { code: "SQL_NOT_FOUND" } });
    // sql ids do not leak into other streams
    const other = await pipeline(server.url, { requests: [{ type: "execute", stmt: { sql_id: 1 } }] });
    expect(other.body.results[0]).toMatchObject({ type: "error", error: { code: "SQL_NOT_FOUND" } });
  });

  it("reports the autocommit state", async () => {
    const res = await pipeline(server.url, {
      requests: [
        { type: "get_autocommit" },
        stmt("BEGIN"),
        { type: "get_autocommit" },
        stmt("ROLLBACK"),
        { type: "get_autocommit" },
        { type: "close" },
      ],
    });
    const flags = res.body.results
      .filter((r: { response: { type: string } }) => r.response.type === "get_autocommit")
      .map((r: { response: { is_autocommit: boolean } }) => r.response.is_autocommit);
    expect(flags).toEqual([true, false, true]);
  });

  it("evaluates every kind of batch condition", async () => {
    const step = (sql: string, condition?: unknown) => ({
      stmt: { sql },
      ...(condition ? { condition } : {}),
    });
    const res = await pipeline(server.url, {
      requests: [
        {
          type: "batch",
          batch: {
            steps: [
              step("SELECT 1"), // 0 ok
              step("SELECT nope"), // 1 error
              step("SELECT 'ok(0)'", { type: "ok", step: 0 }), // 2 runs
              step("SELECT 'ok(1)'", { type: "ok", step: 1 }), // 3 skipped
              step("SELECT 'error(1)'", { type: "error", step: 1 }), // 4 runs
              step("SELECT 'not error(0)'", { type: "not", cond: { type: "error", step: 0 } }), // 5 runs
              step("SELECT 'and'", {
                type: "and",
                conds: [
                  { type: "ok", step: 0 },
                  { type: "ok", step: 1 },
                ],
              }), // 6 skipped
              step("SELECT 'or'", {
                type: "or",
                conds: [
                  { type: "ok", step: 1 },
                  { type: "ok", step: 0 },
                ],
              }), // 7 runs
              step("BEGIN"), // 8
              step("SELECT 'autocommit'", { type: "is_autocommit" }), // 9 skipped: in a transaction
              step("ROLLBACK", { type: "not", cond: { type: "is_autocommit" } }), // 10 runs
              step("SELECT 'autocommit again'", { type: "is_autocommit" }), // 11 runs
              step("SELECT 'ok(3) of skipped'", { type: "ok", step: 3 }), // 12 skipped
              step("SELECT 'error(3) of skipped'", { type: "error", step: 3 }), // 13 skipped
              step("SELECT 'empty and'", { type: "and", conds: [] }), // 14 runs
              step("SELECT 'empty or'", { type: "or", conds: [] }), // 15 skipped
            ],
          },
        },
        { type: "close" },
      ],
    });
    const { step_results, step_errors } = res.body.results[0].response.result;
    const ran = step_results.map((r: unknown) => r !== null);
    expect(ran).toEqual([
      true,
      false,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(step_errors.map((e: unknown) => e !== null)).toEqual(ran.map((_: boolean, i: number) => i === 1));
    expect(step_errors[1]).toMatchObject({ code: "SQLITE_ERROR", message: expect.stringContaining("nope") });
  });

  it("answers a cursor request with newline-delimited entries", async () => {
    const res = await post(server.url, "/v3/cursor", {
      baton: null,
      batch: {
        steps: [
          { stmt: { sql: "INSERT INTO t (name) VALUES ('cursor')" } },
          { stmt: { sql: "SELECT name FROM t WHERE name = 'cursor'" } },
          { stmt: { sql: "INSERT INTO t (name) VALUES ('cursor')" } },
          { stmt: { sql: "SELECT 'skipped'" }, condition: { type: "ok", step: 2 } },
        ],
      },
    });
    expect(res.status).toBe(200);
    const lines = res.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ baton: expect.any(String), base_url: null });
    expect(lines.slice(1)).toEqual([
      { type: "step_begin", step: 0, cols: [] },
      { type: "step_end", affected_row_count: 1, last_insert_rowid: expect.any(String) },
      { type: "step_begin", step: 1, cols: [{ name: "name", decltype: "TEXT" }] },
      { type: "row", row: [{ type: "text", value: "cursor" }] },
      { type: "step_end", affected_row_count: 0, last_insert_rowid: null },
      {
        type: "step_error",
        step: 2,
        error: { message: "SQLite error: UNIQUE constraint failed: t.name", code: "SQLITE_CONSTRAINT" },
      },
    ]);
    const close = await pipeline(server.url, { baton: lines[0].baton, requests: [{ type: "close" }] });
    expect(close.body).toMatchObject({ baton: null, results: [ok({ type: "close" })] });
  });

  it("encodes blobs as base64 and accepts unpadded base64", async () => {
    const res = await pipeline(server.url, {
      requests: [
        stmt("SELECT ? AS a, ? AS b, hex(?3) AS h", {
          args: [
            { type: "blob", base64: "AAH/" },
            { type: "blob", base64: "AQ" },
            { type: "blob", base64: "AQI" },
          ],
        }),
      ],
    });
    expect(res.body.results[0].response.result.rows[0]).toEqual([
      { type: "blob", base64: "AAH/" },
      { type: "blob", base64: "AQ==" },
      { type: "text", value: "0102" },
    ]);
  });
});

describe("streams and batons", () => {
  it("issues a fresh single-use baton per response and refuses a reused one", async () => {
    const first = await pipeline(server.url, {
      requests: [stmt("BEGIN"), stmt("INSERT INTO t (name) VALUES ('b1')")],
    });
    const baton1 = first.body.baton;
    const second = await pipeline(server.url, { baton: baton1, requests: [stmt("SELECT count(*) FROM t")] });
    expect(second.status).toBe(200);
    expect(second.body.baton).not.toBe(baton1);
    const reused = await pipeline(server.url, { baton: baton1, requests: [stmt("SELECT 1")] });
    expect(reused.status).toBe(400);
    expect(reused.contentType).toBe("application/json");
    expect(reused.body).toMatchObject({
      error: expect.any(String),
      message: expect.any(String),
      code: "BATON_REUSED",
    });
    const forged = await pipeline(server.url, { baton: "not-a-baton", requests: [] });
    expect(forged.body).toMatchObject({ code: "BATON_INVALID" });
    const done = await pipeline(server.url, {
      baton: second.body.baton,
      requests: [stmt("ROLLBACK"), { type: "close" }],
    });
    expect(done.body.results[0].type).toBe("ok");
    expect(done.body.baton).toBeNull();
    const afterClose = await pipeline(server.url, { baton: second.body.baton, requests: [] });
    expect(afterClose.status).toBe(400);
  });

  it("answers requests after close in the same pipeline with an error", async () => {
    const res = await pipeline(server.url, { requests: [{ type: "close" }, stmt("SELECT 1")] });
    expect(res.body.results[1]).toMatchObject({ type: "error", error: { code: "STREAM_CLOSED" } });
    expect(res.body.baton).toBeNull();
  });
});

/** A batch whose step condition is `not` nested `depth` times. */
function deepCondition(depth: number): string {
  const cond = `${'{"type":"not","cond":'.repeat(depth)}{"type":"ok","step":0}${"}".repeat(depth)}`;
  const steps = `[{"stmt":{"sql":"SELECT 1"}},{"stmt":{"sql":"SELECT 2"},"condition":${cond}}]`;
  return `{"requests":[{"type":"batch","batch":{"steps":${steps}}}]}`;
}

describe("malformed requests", () => {
  it("answers 400 with a JSON error and keeps serving", async () => {
    const cases: unknown[] = [
      "{not json",
      "[]",
      { requests: "nope" },
      { requests: [{ type: "frobnicate" }] },
      { requests: [{ type: "execute" }] },
      { requests: [stmt("SELECT ?", { args: [{ type: "integer", value: "9223372036854775808" }] })] },
      { requests: [stmt("SELECT ?", { args: [{ type: "integer", value: 1 }] })] },
      { requests: [stmt("SELECT ?", { args: [{ type: "blob", base64: "***" }] })] },
      {
        requests: [
          {
            type: "batch",
            batch: { steps: [{ stmt: { sql: "SELECT 1" }, condition: { type: "ok", step: 0 } }] },
          },
        ],
      },
      {
        requests: [
          { type: "batch", batch: { steps: [{ stmt: { sql: "SELECT 1" }, condition: { type: "maybe" } }] } },
        ],
      },
      deepCondition(50_000),
      deepCondition(2_000),
    ];
    for (const body of cases) {
      const res = await pipeline(server.url, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.contentType).toBe("application/json");
      expect(typeof res.body.error).toBe("string");
    }
    const wrongType = await post(server.url, "/v3/pipeline", "{}", { "content-type": "text/plain" });
    expect(wrongType.status).toBe(415);
    const alive = await pipeline(server.url, { requests: [stmt("SELECT 1")] });
    expect(alive.status).toBe(200);
  });

  it("answers 413 to an oversized body", async () => {
    const small = await startTestServer({ maxBodyBytes: 1024 });
    try {
      const big = { requests: [stmt(`SELECT '${"x".repeat(4096)}'`)] };
      expect((await pipeline(small.url, big)).status).toBe(413);
      const chunked = await fetch(new URL("/v2/pipeline", small.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: new Blob([JSON.stringify(big)]).stream(),
        duplex: "half",
      } as RequestInit);
      expect(chunked.status).toBe(413);
      await chunked.text();
      expect((await pipeline(small.url, { requests: [stmt("SELECT 1")] })).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it("refuses Host headers that are not loopback names (DNS rebinding)", async () => {
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL("/health", server.url), { headers: { host: "evil.example:80" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

interface UpgradeOutcome {
  status: number;
  headers: IncomingMessage["headers"];
  /** Everything the server sent after the headers, until it closed the connection. */
  data: Buffer;
}

/** Sends a GET with the given (upgrade) headers over a raw connection and reads the whole answer. */
function upgradeRequest(url: string, headers: Record<string, string>): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const req = request(new URL("/", url), { headers, agent: false });
    req.on("error", reject);
    req.on("upgrade", (res, socket, head: Buffer) => {
      const chunks: Buffer[] = [head];
      socket.on("data", (chunk: Buffer) => chunks.push(chunk));
      socket.on("error", reject);
      socket.on("end", () => {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, data: Buffer.concat(chunks) });
      });
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, data: Buffer.concat(chunks) }),
      );
    });
    req.end();
  });
}

describe("WebSocket upgrade requests", () => {
  const refusal =
    "This server speaks Hrana over HTTP only: use an http:// URL (POST /v2/pipeline or /v3/pipeline)";

  it("completes a Hrana WebSocket handshake only to close it at once with the reason", async () => {
    const key = "dGhlIHNhbXBsZSBub25jZQ==";
    const res = await upgradeRequest(server.url, {
      connection: "Upgrade",
      upgrade: "websocket",
      "sec-websocket-version": "13",
      "sec-websocket-key": key,
      "sec-websocket-protocol": "hrana3, hrana2",
    });
    expect(res.status).toBe(101);
    expect(res.headers["sec-websocket-accept"]).toBe(
      createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64"),
    );
    expect(res.headers["sec-websocket-protocol"]).toBe("hrana3");
    // one unmasked close frame: FIN + opcode 8, payload = code 1008 + reason, and nothing else
    const reason = Buffer.from(refusal);
    expect(res.data[0]).toBe(0x88);
    expect(res.data[1]).toBe(2 + reason.length);
    expect(res.data.readUInt16BE(2)).toBe(1008);
    expect(res.data.subarray(4).toString("utf8")).toBe(refusal);
  });

  it("answers any other upgrade request with 501 and the same message", async () => {
    const attempts: Record<string, string>[] = [
      { connection: "Upgrade", upgrade: "websocket" }, // no key, no version
      { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "8", "sec-websocket-key": "x" },
      { connection: "Upgrade", upgrade: "h2c" },
    ];
    for (const headers of attempts) {
      const res = await upgradeRequest(server.url, headers);
      expect(res.status, JSON.stringify(headers)).toBe(501);
      expect(res.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(res.data.toString("utf8"))).toEqual({
        error: refusal,
        message: refusal,
        code: "WEBSOCKET_NOT_SUPPORTED",
      });
    }
    // the server goes on serving HTTP
    const res = await pipeline(server.url, { requests: [stmt("SELECT 1"), { type: "close" }] });
    expect(res.body.results[0].type).toBe("ok");
  });
});
