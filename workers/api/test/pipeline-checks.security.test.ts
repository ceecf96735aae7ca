import { SELF } from "cloudflare:test";
import { accounts, apiKeys } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey } from "./seed";

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

  it("refuses a revoked key at once, and every key of a closed account", async () => {
    const revoked = await newAccountWithKey();
    await db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.accountId, revoked.accountId));
    const closed = await newAccountWithKey();
    await db.update(accounts).set({ status: "closed" }).where(eq(accounts.id, closed.accountId));
    for (const { headers } of [revoked, closed]) {
      const res = await SELF.fetch("https://api.test/v1/pipeline-checks", { method: "POST", headers });
      expect(res.status).toBe(401);
    }
  });

  it("lets a suspended account read but not write", async () => {
    const owner = await newAccountWithKey();
    const created = await SELF.fetch("https://api.test/v1/pipeline-checks", {
      method: "POST",
      headers: owner.headers,
    });
    const { id } = (await created.json()) as { id: string };
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, owner.accountId));
    const write = await SELF.fetch("https://api.test/v1/pipeline-checks", {
      method: "POST",
      headers: owner.headers,
    });
    expect(write.status).toBe(403);
    expect(await write.json()).toMatchObject({ code: "account_suspended" });
    const read = await SELF.fetch(`https://api.test/v1/pipeline-checks/${id}`, { headers: owner.headers });
    expect(read.status).toBe(200);
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
