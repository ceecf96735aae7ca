import { createExecutionContext, env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../src/index";

describe("public worker", () => {
  it("answers /healthz when its database answers", async () => {
    const res = await SELF.fetch("https://forms.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });

  it.each([
    ["DELIVERY_QUEUE", undefined],
    ["RESEND_WEBHOOK_SECRET", ""],
  ])("refuses to serve, naming %s, when that binding is missing or empty", async (binding, value) => {
    const misconfigured = { ...(env as unknown as CloudflareBindings), [binding]: value };
    const res = await worker.fetch(
      new Request("https://forms.test/healthz"),
      misconfigured,
      createExecutionContext(),
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: "misconfigured", errors: [{ path: binding }] });
  });

  it("reports a degraded database with 503", async () => {
    const down = {
      ...(env as unknown as CloudflareBindings),
      LIBSQL_URL: "http://127.0.0.1:9",
      LIBSQL_AUTH_TOKEN: "",
    };
    const res = await worker.fetch(new Request("https://forms.test/healthz"), down, createExecutionContext());
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "degraded", database: "unreachable" });
  });
});
