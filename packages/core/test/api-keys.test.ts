import { accounts, apiKeys } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApiKey } from "../src/api-keys/create-api-key";
import { hashKey } from "../src/api-keys/key-material";
import { verifyApiKey } from "../src/api-keys/verify-api-key";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);

describe("API keys", () => {
  it("shows the key once, stores only its hash, and authenticates it", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const { id, key } = await createApiKey({
      ctx,
      input: { accountId, name: "server", environment: "test" },
    });
    expect(key).toMatch(/^ep_test_[0-9A-Za-z]{40}$/);
    const [row] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(JSON.stringify(row)).not.toContain(key.slice(8));
    expect(row?.hash).toBe(await hashKey(key));
    const principal = await verifyApiKey({ ctx, input: { key } });
    expect(principal).toEqual({ accountId, accountStatus: "active", actor: id, scopes: ["*"] });
    await ctx.settle();
    const [used] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(used?.lastUsedAt).toEqual(clock.now);
  });

  it("records last use to the minute, without a write on every request", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const { id, key } = await createApiKey({ ctx, input: { accountId, name: "busy" } });
    const lastUsed = async () =>
      (await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id)))[0]?.lastUsedAt;
    const start = clock.now;
    await verifyApiKey({ ctx, input: { key } });
    await ctx.settle();
    clock.now = new Date(start.getTime() + 59_000);
    await verifyApiKey({ ctx, input: { key } });
    await ctx.settle();
    expect(await lastUsed()).toEqual(start);
    clock.now = new Date(start.getTime() + 60_000);
    await verifyApiKey({ ctx, input: { key } });
    await ctx.settle();
    expect(await lastUsed()).toEqual(clock.now);
  });

  it("refuses keys of closed and deactivated accounts, and marks suspended ones", async () => {
    for (const status of ["closed", "deactivated", "suspended"] as const) {
      const { accountId } = (await newAccount(ctx)).principal;
      const { key } = await createApiKey({ ctx, input: { accountId, name: status } });
      await ctx.db.update(accounts).set({ status }).where(eq(accounts.id, accountId));
      const result = verifyApiKey({ ctx, input: { key } });
      if (status === "suspended") await expect(result).resolves.toMatchObject({ accountStatus: "suspended" });
      else
        await expect(result).rejects.toMatchObject({
          code: "unauthorized",
          message: `The account is ${status}.`,
        });
    }
  });

  it("rejects unknown, malformed, revoked and expired keys", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const revoked = await createApiKey({ ctx, input: { accountId, name: "old" } });
    await ctx.db.update(apiKeys).set({ revokedAt: clock.now }).where(eq(apiKeys.id, revoked.id));
    const expired = await createApiKey({
      ctx,
      input: { accountId, name: "short", expiresAt: new Date(clock.now.getTime() - 1) },
    });
    const unknown = `ep_live_${"a".repeat(40)}`;
    for (const key of [unknown, "ep_live_short", "Bearer x", revoked.key, expired.key]) {
      await expect(verifyApiKey({ ctx, input: { key } })).rejects.toMatchObject({ code: "unauthorized" });
    }
  });

  it("makes a different secret every time", async () => {
    const { accountId } = (await newAccount(ctx)).principal;
    const keys = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createApiKey({ ctx, input: { accountId, name: `k${i}` } })),
    );
    expect(new Set(keys.map((k) => k.key)).size).toBe(20);
  });
});
