import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newAccountWithKey } from "./seed";

describe("API authentication and tenant isolation", () => {
  it.each([
    ["no header", {}],
    ["a malformed key", { authorization: "Bearer nope" }],
    ["an unknown key", { authorization: `Bearer ep_live_${"x".repeat(40)}` }],
    ["another scheme", { authorization: "Basic dXNlcjpwYXNz" }],
  ])("refuses %s with 401 problem+json", async (_, headers) => {
    const res = await SELF.fetch("https://api.test/v1/pipeline-checks", { method: "POST", headers });
    expect(res.status).toBe(401);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toMatchObject({
      status: 401,
      code: "unauthorized",
      requestId: expect.any(String),
    });
  });

  it("answers 404 for another account's check", async () => {
    const a = await newAccountWithKey();
    const b = await newAccountWithKey();
    const created = await SELF.fetch("https://api.test/v1/pipeline-checks", {
      method: "POST",
      headers: a.headers,
    });
    const { id } = (await created.json()) as { id: string };
    const res = await SELF.fetch(`https://api.test/v1/pipeline-checks/${id}`, { headers: b.headers });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "not_found" });
  });
});
