import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers";

let server: TestServer;
let mf: Miniflare;

beforeAll(async () => {
  server = await startTestServer();
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL("./fixtures/worker.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const script = bundle.outputFiles[0]?.text;
  if (script === undefined) throw new Error("esbuild produced no output");
  mf = new Miniflare({
    modules: true,
    script,
    compatibilityDate: "2026-04-01",
    bindings: { LIBSQL_URL: server.url },
  });
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
  await server?.close();
});

describe("from inside workerd", () => {
  it("uses the server through @libsql/client/web and drizzle-orm/libsql/web", async () => {
    const res = await mf.dispatchFetch("http://worker/");
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toEqual({
      roundTrip: [{ id: 2, name: "sécond ✓" }],
      batchCount: "3",
      drizzleTxCount: 5,
      big: "9223372036854775807",
      small: "-9223372036854775808",
      names: ["first", "sécond ✓", "batched", "committed", "drizzle tx"],
    });
  });
});
