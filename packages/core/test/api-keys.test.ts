import { accounts, apiKeys } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getAccount, readAccount } from "../src/accounts/get-account";
import { createApiKey } from "../src/api-keys/create-api-key";
import { generateKey, hashKey, looksLikeKey } from "../src/api-keys/key-material";
import { listApiKeys } from "../src/api-keys/list-api-keys";
import { revokeApiKey } from "../src/api-keys/revoke-api-key";
import { verifyApiKey } from "../src/api-keys/verify-api-key";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);

describe("API keys", () => {
  it("shows the key once, stores only its hash, and authenticates it", async () => {
    const owner = await newAccount(ctx);
    const { id, key } = await createApiKey({ ctx: owner, input: { name: "server", environment: "test" } });
    expect(key).toMatch(/^ep_test_[0-9A-Za-z]{40}$/);
    const [row] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(JSON.stringify(row)).not.toContain(key.slice(12));
    expect(row?.hash).toBe(await hashKey(key));
    const principal = await verifyApiKey({ ctx, input: { key } });
    expect(principal).toEqual({
      accountId: owner.principal.accountId,
      accountStatus: "active",
      actor: id,
      scopes: ["*"],
      rateLimit: "free",
      account: await readAccount(owner),
    });
    await ctx.settle();
    const [used] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(used?.lastUsedAt).toEqual(clock.now);
    const listed = await listApiKeys({ ctx: owner });
    expect(listed.find((k) => k.id === id)).toMatchObject({ name: "server", start: key.slice(0, 12) });
    expect(JSON.stringify(listed)).not.toContain(key.slice(12));
  });

  it("carries a checksum that recognises keys and refuses typos without a lookup", () => {
    const key = generateKey("live");
    expect(looksLikeKey(key)).toBe(true);
    const typo = key.slice(0, 20) + (key[20] === "a" ? "b" : "a") + key.slice(21);
    expect(looksLikeKey(typo)).toBe(false);
    expect(looksLikeKey(`ep_live_${"a".repeat(40)}`)).toBe(false);
  });

  it("records last use to the minute, without a write on every request", async () => {
    const owner = await newAccount(ctx);
    const { id, key } = await createApiKey({ ctx: owner, input: { name: "busy" } });
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

  it("refuses revoked keys at once, expired keys, and unknown or malformed ones", async () => {
    const owner = await newAccount(ctx);
    const revoked = await createApiKey({ ctx: owner, input: { name: "old" } });
    expect(await revokeApiKey({ ctx: owner, input: { id: revoked.id } })).toMatchObject({ id: revoked.id });
    const expiring = await createApiKey({
      ctx: owner,
      input: { name: "short", expiresAt: new Date(clock.now.getTime() + 1000) },
    });
    await verifyApiKey({ ctx, input: { key: expiring.key } });
    const later = { ...ctx, now: () => new Date(clock.now.getTime() + 1000) };
    await expect(verifyApiKey({ ctx: later, input: { key: expiring.key } })).rejects.toMatchObject({
      code: "unauthorized",
    });
    for (const key of [generateKey("live"), "ep_live_short", "Bearer x", revoked.key]) {
      await expect(verifyApiKey({ ctx, input: { key } })).rejects.toMatchObject({ code: "unauthorized" });
    }
  });

  it("refuses keys of closed and deactivated accounts, marks suspended ones, honours operator blocks", async () => {
    for (const status of ["closed", "deactivated", "suspended"] as const) {
      const owner = await newAccount(ctx);
      const { key } = await createApiKey({ ctx: owner, input: { name: status } });
      await ctx.db.update(accounts).set({ status }).where(eq(accounts.id, owner.principal.accountId));
      const result = verifyApiKey({ ctx, input: { key } });
      if (status === "suspended") await expect(result).resolves.toMatchObject({ accountStatus: "suspended" });
      else
        await expect(result).rejects.toMatchObject({
          code: "unauthorized",
          message: `The account is ${status}.`,
        });
    }
    const owner = await newAccount(ctx);
    const { id, key } = await createApiKey({ ctx: owner, input: { name: "noisy" } });
    await ctx.db.update(apiKeys).set({ access: "restricted" }).where(eq(apiKeys.id, id));
    expect(await verifyApiKey({ ctx, input: { key } })).toMatchObject({ rateLimit: "restricted" });
    await ctx.db
      .update(accounts)
      .set({ apiAccess: "blocked" })
      .where(eq(accounts.id, owner.principal.accountId));
    await expect(verifyApiKey({ ctx, input: { key } })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses unknown scopes, past expiry dates, and other accounts' keys", async () => {
    const a = await newAccount(ctx);
    const b = await newAccount(ctx);
    await expect(createApiKey({ ctx: a, input: { name: "x", scopes: ["root"] } })).rejects.toThrow();
    await expect(createApiKey({ ctx: a, input: { name: "x", expiresAt: clock.now } })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const key = await createApiKey({ ctx: a, input: { name: "mine", scopes: ["account:read"] } });
    await expect(revokeApiKey({ ctx: b, input: { id: key.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await listApiKeys({ ctx: b })).map((k) => k.id)).not.toContain(key.id);
    await verifyApiKey({ ctx, input: { key: key.key } });
  });

  it("reads the caller's account in the key check's statement: the account answers without another round trip", async () => {
    const owner = await newAccount(ctx);
    const { key } = await createApiKey({ ctx: owner, input: { name: "server", environment: "test" } });
    await verifyApiKey({ ctx, input: { key } }); // the key's first use is recorded: not counted below
    await ctx.settle();
    let roundTrips = 0;
    const client = ctx.db.$client;
    const execute = client.execute.bind(client);
    client.execute = ((...args: Parameters<typeof execute>) => {
      roundTrips++;
      return execute(...args);
    }) as typeof client.execute;
    try {
      const principal = await verifyApiKey({ ctx, input: { key } });
      const account = await getAccount({ ctx: { ...ctx, principal } });
      expect(account).toEqual(await readAccount(owner));
      expect(roundTrips).toBe(2); // the key check, then the comparison's own read
    } finally {
      client.execute = execute;
    }
  });
});
