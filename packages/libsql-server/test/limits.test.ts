import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { Connection } from "../src/connection";
import { parseOptions } from "../src/options";
import { analysisCacheStats, analyzeSqlCached } from "../src/sql-analysis";
import { pipeline, post, startTestServer, stmt } from "./helpers";

/** Distinct SELECTs of about `length` characters each. */
const bigSelects = (count: number, length: number) =>
  Array.from({ length: count }, (_, i) => `SELECT ${i} AS n, '${"x".repeat(length)}' AS pad`);

describe("SQL-text-keyed caches", () => {
  it("the analysis cache stays small after many large distinct statements", () => {
    for (const sql of [...bigSelects(200, 80 * 1024), ...bigSelects(1000, 12_000)]) analyzeSqlCached(sql);
    const stats = analysisCacheStats();
    expect(stats.entries).toBeLessThanOrEqual(512);
    expect(stats.totalLength).toBeLessThanOrEqual(4 * 1024 * 1024);
    const small = "SELECT 1 AS cached";
    expect(analyzeSqlCached(small)).toBe(analyzeSqlCached(small));
  });

  it("keep the long statements an application repeats (a 300-row INSERT), not only short ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "libsql-server-test-"));
    const conn = new Connection(join(dir, "long.db"));
    try {
      conn.prepare("CREATE TABLE t (a, b, c, d, e, f, g, h, i, j)").stmt.run([]);
      const row = `(${Array.from({ length: 10 }, () => "?").join(", ")})`;
      const insert = `INSERT INTO t (a, b, c, d, e, f, g, h, i, j) VALUES ${Array.from({ length: 300 }, () => row).join(", ")}`;
      expect(insert.length).toBeGreaterThan(4096);
      expect(analyzeSqlCached(insert)).toBe(analyzeSqlCached(insert));
      expect(conn.prepare(insert).stmt).toBe(conn.prepare(insert).stmt);
    } finally {
      conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the prepared-statement cache of a connection stays small after many large distinct statements", () => {
    const dir = mkdtempSync(join(tmpdir(), "libsql-server-test-"));
    const conn = new Connection(join(dir, "cache.db"));
    try {
      for (const sql of [...bigSelects(40, 80 * 1024), ...bigSelects(400, 12_000)]) {
        const { stmt, reader } = conn.prepare(sql);
        expect(reader).toBe(true);
        expect(stmt.all([])).toHaveLength(1);
      }
      const stats = conn.statementCacheStats;
      expect(stats.entries).toBeLessThanOrEqual(128);
      expect(stats.totalLength).toBeLessThanOrEqual(2 * 1024 * 1024);
      expect(conn.prepare("SELECT 1").stmt).toBe(conn.prepare("SELECT 1").stmt);
    } finally {
      conn.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("stream limit", () => {
  it("answers 503 TOO_MANY_STREAMS past maxStreams, and a closed or expired stream frees its slot", async () => {
    const server = await startTestServer({ maxStreams: 2, streamIdleMs: 400 });
    try {
      const a = await pipeline(server.url, { requests: [stmt("BEGIN")] });
      const b = await pipeline(server.url, { requests: [stmt("BEGIN")] });
      const refused = await pipeline(server.url, { requests: [stmt("SELECT 1")] });
      expect(refused.status).toBe(503);
      expect(refused.contentType).toBe("application/json");
      expect(refused.body).toEqual({
        error: expect.stringContaining("Too many open streams"),
        message: expect.any(String),
        code: "TOO_MANY_STREAMS",
      });
      const cursor = await post(server.url, "/v3/cursor", { baton: null, batch: { steps: [] } });
      expect(cursor.status).toBe(503);
      const client = createClient({ url: server.url });
      await expect(client.execute("SELECT 1")).rejects.toMatchObject({ code: "TOO_MANY_STREAMS" });
      client.close();

      // existing streams keep working; closing one admits a new stream
      const still = await pipeline(server.url, { baton: a.body.baton, requests: [stmt("SELECT 1")] });
      expect(still.body.results[0].type).toBe("ok");
      await pipeline(server.url, { baton: still.body.baton, requests: [{ type: "close" }] });
      const c = await pipeline(server.url, { requests: [stmt("SELECT 2")] });
      expect(c.status).toBe(200);
      expect((await pipeline(server.url, { requests: [stmt("SELECT 3")] })).status).toBe(503);

      // the idle streams (b and c) expire and free their slots
      expect(b.body.baton).toEqual(expect.any(String));
      await sleep(700);
      const after = await pipeline(server.url, { requests: [stmt("SELECT 4"), { type: "close" }] });
      expect(after.status).toBe(200);
      expect(after.body.results[0].type).toBe("ok");
    } finally {
      await server.close();
    }
  });
});

describe("busy timeout", () => {
  it("defaults to longer than the stream idle timeout", () => {
    expect(parseOptions({ path: ":memory:" })).toMatchObject({ streamIdleMs: 10_000, maxStreams: 128 });
    expect(parseOptions({ path: ":memory:" }).busyTimeoutMs).toBeGreaterThan(10_000);
    expect(parseOptions({ path: ":memory:", streamIdleMs: 60_000 }).busyTimeoutMs).toBeGreaterThan(60_000);
    expect(parseOptions({ path: ":memory:", busyTimeoutMs: 100 }).busyTimeoutMs).toBe(100);
  });

  it("a writer waiting on an abandoned write transaction succeeds once that stream expires", async () => {
    const server = await startTestServer({ streamIdleMs: 300 });
    try {
      await pipeline(server.url, { requests: [stmt("CREATE TABLE t (x)"), { type: "close" }] });
      const abandoned = await pipeline(server.url, {
        requests: [stmt("BEGIN IMMEDIATE"), stmt("INSERT INTO t VALUES (1)")],
      });
      expect(abandoned.body.results.map((r: { type: string }) => r.type)).toEqual(["ok", "ok"]);
      const started = Date.now();
      const writer = await pipeline(server.url, {
        requests: [stmt("INSERT INTO t VALUES (2)"), stmt("SELECT x FROM t"), { type: "close" }],
      });
      expect(writer.body.results[0].type).toBe("ok");
      expect(writer.body.results[1].response.result.rows).toEqual([[{ type: "integer", value: "2" }]]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    } finally {
      await server.close();
    }
  });
});
