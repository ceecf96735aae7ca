import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../src/index";

describe("API bindings", () => {
  it.each([
    ["DELIVERY_QUEUE", undefined],
    ["TRANSFERS_QUEUE", undefined],
    ["FILES", undefined],
    ["RATE_LIMIT_AUTH", undefined],
    ["SIGNING_SECRET", "shorter than 32 characters"],
  ])("refuses to serve, naming %s, when that binding is missing or invalid", async (binding, value) => {
    const misconfigured = { ...env, [binding]: value } as unknown as CloudflareBindings;
    const res = await worker.fetch(
      new Request("https://api.test/healthz"),
      misconfigured,
      createExecutionContext(),
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: "misconfigured", errors: [{ path: binding }] });
  });
});
