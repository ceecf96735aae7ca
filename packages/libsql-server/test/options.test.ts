import { setTimeout as sleep } from "node:timers/promises";
import { createClient } from "@libsql/client";
import { describe, expect, it } from "vitest";
import { startLibsqlServer } from "../src";
import { pipeline, startTestServer, stmt } from "./helpers";

describe("bearer token", () => {
  it("requires the token everywhere but health checks and version probes", async () => {
    const server = await startTestServer({ authToken: "s3cret-token" });
    try {
      expect((await fetch(new URL("/health", server.url))).status).toBe(200);
      expect((await fetch(new URL("/v2", server.url))).status).toBe(200);
      const body = { requests: [stmt("SELECT 1")] };
      const missing = await pipeline(server.url, body);
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({ error: expect.any(String), code: "UNAUTHORIZED" });
      expect((await pipeline(server.url, body, { authorization: "Bearer wrong" })).status).toBe(401);
      expect((await pipeline(server.url, body, { authorization: "Basic s3cret-token" })).status).toBe(401);
      expect((await pipeline(server.url, body, { authorization: "Bearer s3cret-token" })).status).toBe(200);

      const denied = createClient({ url: server.url });
      await expect(denied.execute("SELECT 1")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      denied.close();
      const allowed = createClient({ url: server.url, authToken: "s3cret-token" });
      expect((await allowed.execute("SELECT 7 AS x")).rows[0]?.x).toBe(7);
      allowed.close();
    } finally {
      await server.close();
    }
  });
});

describe("client tokens", () => {
  it("let each named client in with its own token and count its round trips under its name", async () => {
    const server = await startLibsqlServer({
      path: ":memory:",
      port: 0,
      authToken: "main-token",
      clientTokens: { delivery: "delivery-token" },
    });
    const main = createClient({ url: server.url, authToken: "main-token" });
    const delivery = createClient({ url: server.url, authToken: "delivery-token" });
    try {
      await main.execute("SELECT 1");
      await delivery.execute("SELECT 1");
      await delivery.batch(["SELECT 1", "SELECT 2"], "read");
      expect(server.roundTripsOf("delivery")).toBe(2);
      expect(server.roundTripsOf("someone else")).toBe(0);
      expect(server.roundTrips).toBe(3);
      expect(
        (await pipeline(server.url, { requests: [stmt("SELECT 1")] }, { authorization: "Bearer x" })).status,
      ).toBe(401);
    } finally {
      main.close();
      delivery.close();
      await server.close();
    }
  });
});

describe("idle streams", () => {
  it("expire, roll back their transaction and answer a clear error", async () => {
    const server = await startTestServer({ streamIdleMs: 150 });
    try {
      await pipeline(server.url, { requests: [stmt("CREATE TABLE t (x)"), { type: "close" }] });
      const open = await pipeline(server.url, {
        requests: [stmt("BEGIN IMMEDIATE"), stmt("INSERT INTO t VALUES (1)")],
      });
      expect(open.body.results.map((r: { type: string }) => r.type)).toEqual(["ok", "ok"]);
      await sleep(600);
      const late = await pipeline(server.url, { baton: open.body.baton, requests: [stmt("COMMIT")] });
      expect(late.status).toBe(400);
      expect(late.body).toMatchObject({ code: "STREAM_EXPIRED", error: expect.stringContaining("expired") });
      // the rollback released the write lock and discarded the insert
      const check = await pipeline(server.url, {
        requests: [stmt("INSERT INTO t VALUES (2)"), stmt("SELECT count(*) FROM t")],
      });
      expect(check.body.results[1].response.result.rows).toEqual([[{ type: "integer", value: "1" }]]);

      const client = createClient({ url: server.url });
      const tx = await client.transaction("write");
      await tx.execute("INSERT INTO t VALUES (3)");
      await sleep(600);
      await expect(tx.commit()).rejects.toMatchObject({ code: "STREAM_EXPIRED" });
      client.close();
    } finally {
      await server.close();
    }
  });

  it("a writer waits for another stream's lock instead of failing at once", async () => {
    const server = await startTestServer({ busyTimeoutMs: 2000 });
    try {
      await pipeline(server.url, { requests: [stmt("CREATE TABLE t (x)")] });
      const holder = await pipeline(server.url, {
        requests: [stmt("BEGIN IMMEDIATE"), stmt("INSERT INTO t VALUES (1)")],
      });
      const started = Date.now();
      const waiter = pipeline(server.url, { requests: [stmt("INSERT INTO t VALUES (2)")] });
      await sleep(150);
      await pipeline(server.url, { baton: holder.body.baton, requests: [stmt("COMMIT"), { type: "close" }] });
      const waited = await waiter;
      expect(waited.body.results[0].type).toBe("ok");
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await server.close();
    }
  });

  it("a writer gives up with SQLITE_BUSY after the busy timeout", async () => {
    const server = await startTestServer({ busyTimeoutMs: 100 });
    try {
      const holder = await pipeline(server.url, { requests: [stmt("BEGIN IMMEDIATE")] });
      const waiter = await pipeline(server.url, { requests: [stmt("CREATE TABLE t (x)")] });
      expect(waiter.body.results[0]).toMatchObject({ type: "error", error: { code: "SQLITE_BUSY" } });
      await pipeline(server.url, { baton: holder.body.baton, requests: [{ type: "close" }] });
    } finally {
      await server.close();
    }
  });
});

describe("lifecycle", () => {
  it("serves :memory: to separate streams, listens on loopback, and closes cleanly", async () => {
    const server = await startLibsqlServer({ path: ":memory:", port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const a = createClient({ url: server.url });
    const b = createClient({ url: server.url });
    await a.execute("CREATE TABLE m (x)");
    const tx = await a.transaction("write");
    await tx.execute("INSERT INTO m VALUES (1)");
    expect((await b.execute("SELECT count(*) AS n FROM m")).rows[0]?.n).toBe(0);
    await tx.commit();
    expect((await b.execute("SELECT count(*) AS n FROM m")).rows[0]?.n).toBe(1);
    const open = await a.transaction("write"); // left open: close() must roll it back
    await open.execute("INSERT INTO m VALUES (2)");
    await server.close();
    await server.close(); // idempotent
    await expect(fetch(new URL("/health", server.url))).rejects.toThrow();
    a.close();
    b.close();
  });

  it("rejects invalid options", async () => {
    await expect(startLibsqlServer({ path: ":memory:", port: 70000 })).rejects.toThrow();
  });
});
