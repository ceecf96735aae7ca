import { accounts, auditLog, users } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createAccount, currencyFor } from "../src/accounts/create-account";
import { freshCtx } from "./harness";

const ctx = await freshCtx();

describe("createAccount", () => {
  it("creates the account, its owner and an audit entry, billed in the country's currency", async () => {
    const { accountId, ownerId } = await createAccount({
      ctx,
      input: { name: "Brasserie du Lac", country: "FR", ownerEmail: "chef@lac.example" },
    });
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account).toMatchObject({ name: "Brasserie du Lac", currency: "EUR", status: "active" });
    const [owner] = await ctx.db.select().from(users).where(eq(users.id, ownerId));
    expect(owner).toMatchObject({ accountId, role: "owner", email: "chef@lac.example" });
    const log = await ctx.db.select().from(auditLog).where(eq(auditLog.accountId, accountId));
    expect(log.map((e) => e.action)).toEqual(["account.created"]);
  });

  it("maps countries to CHF, EUR and USD", () => {
    expect([
      currencyFor("CH"),
      currencyFor("LI"),
      currencyFor("DE"),
      currencyFor("NO"),
      currencyFor("US"),
    ]).toEqual(["CHF", "CHF", "EUR", "EUR", "USD"]);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const before = await ctx.db.$count(accounts);
    const attempt = createAccount({ ctx, input: { name: "X", country: "ch", ownerEmail: "not-an-email" } });
    await expect(attempt).rejects.toBeInstanceOf(ZodError);
    const error = (await attempt.catch((e: unknown) => e)) as ZodError;
    expect(error.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["country", "ownerEmail"]),
    );
    expect(await ctx.db.$count(accounts)).toBe(before);
  });

  it("refuses a second owner with the same email, in any case, and leaves no orphan account", async () => {
    await createAccount({ ctx, input: { name: "One", country: "US", ownerEmail: "dup@example.com" } });
    const before = await ctx.db.$count(accounts);
    await expect(
      createAccount({ ctx, input: { name: "Two", country: "US", ownerEmail: "DUP@example.com" } }),
    ).rejects.toThrow();
    expect(await ctx.db.$count(accounts)).toBe(before);
  });
});
