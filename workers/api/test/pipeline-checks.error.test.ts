import { createExecutionContext, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { newAccountWithKey } from "./seed";

describe("API errors", () => {
  it("names the invalid path parameter", async () => {
    const { headers } = await newAccountWithKey();
    const res = await SELF.fetch("https://api.test/v1/pipeline-checks/not-an-id", { headers });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_input", errors: [{ path: "id" }] });
  });

  it("answers unknown routes with a 404 problem", async () => {
    const res = await SELF.fetch("https://api.test/nowhere");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses to serve with a misconfigured environment instead of failing halfway", async () => {
    const env = { LIBSQL_URL: "not a url", LIBSQL_AUTH_TOKEN: "" } as unknown as CloudflareBindings;
    const res = await worker.fetch(new Request("https://api.test/healthz"), env, createExecutionContext());
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: "misconfigured" });
  });
});
