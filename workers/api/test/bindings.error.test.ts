import { createExecutionContext, env } from "cloudflare:test";
import { parseBindings } from "@edgepost/http";
import { describe, expect, it } from "vitest";
import { z } from "zod";
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

  it("are checked once per env object the runtime hands the isolate, and a bad one every time", () => {
    let checks = 0;
    const schema = z.object({
      NAME: z.string().transform((name) => {
        checks++;
        return name;
      }),
    });
    const bindings = { NAME: "edgepost" };
    expect(parseBindings(schema, bindings)).toEqual({ ok: true, env: { NAME: "edgepost" } });
    expect(parseBindings(schema, bindings)).toEqual({ ok: true, env: { NAME: "edgepost" } });
    expect(checks).toBe(1);
    expect(parseBindings(schema, { NAME: "other" })).toEqual({ ok: true, env: { NAME: "other" } });
    expect(checks).toBe(2);
    const bad = { NAME: 7 };
    expect(parseBindings(schema, bad).ok).toBe(false);
    expect(parseBindings(schema, bad).ok).toBe(false);
  });
});
