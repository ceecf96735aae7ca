import { accounts, auditLog, users } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { billingFor } from "../src/accounts/country";
import { createAccount } from "../src/accounts/create-account";
import { REFUSED_INDUSTRIES } from "../src/accounts/industries";
import { freshCtx } from "./harness";

const ctx = await freshCtx();

const company = {
  name: "Brasserie du Lac",
  street: "Quai d'Ouchy 7",
  postcode: "1006",
  city: "Lausanne",
  country: "FR",
  industry: "hospitality",
  professionalUse: true,
} as const;

describe("createAccount", () => {
  it("creates the account, its owner and an audit entry, billed in the country's currency", async () => {
    const { accountId, ownerId } = await createAccount({
      ctx,
      input: { ...company, ownerEmail: "chef@lac.example" },
    });
    const [account] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
    expect(account).toMatchObject({
      name: "Brasserie du Lac",
      currency: "EUR",
      vatCategory: "eu",
      status: "active",
    });
    expect(account?.professionalUseConfirmedAt).toBeInstanceOf(Date);
    const [owner] = await ctx.db.select().from(users).where(eq(users.id, ownerId));
    expect(owner).toMatchObject({ accountId, role: "owner", email: "chef@lac.example" });
    const log = await ctx.db.select().from(auditLog).where(eq(auditLog.accountId, accountId));
    expect(log.map((e) => e.action)).toEqual(["account.created"]);
  });

  it("maps countries to CHF, EUR and USD and their VAT category", () => {
    expect(["CH", "LI", "DE", "NO", "US"].map(billingFor)).toEqual([
      { currency: "CHF", vatCategory: "ch" },
      { currency: "CHF", vatCategory: "ch" },
      { currency: "EUR", vatCategory: "eu" },
      { currency: "EUR", vatCategory: "eu" },
      { currency: "USD", vatCategory: "export" },
    ]);
  });

  it("refuses every refused industry with its reason, and writes nothing", async () => {
    const before = await ctx.db.$count(accounts);
    for (const [code, reason] of Object.entries(REFUSED_INDUSTRIES)) {
      const attempt = createAccount({
        ctx,
        input: {
          ...company,
          industry: code as keyof typeof REFUSED_INDUSTRIES,
          ownerEmail: `${code}@x.example`,
        },
      });
      await expect(attempt).rejects.toMatchObject({
        code: "industry_refused",
        message: expect.stringContaining(reason),
      });
    }
    expect(await ctx.db.$count(accounts)).toBe(before);
  });

  it("refuses bad input naming the fields, and writes nothing", async () => {
    const before = await ctx.db.$count(accounts);
    const attempt = createAccount({
      ctx,
      input: { ...company, country: "ch", ownerEmail: "not-an-email", professionalUse: false as true },
    });
    await expect(attempt).rejects.toBeInstanceOf(ZodError);
    const error = (await attempt.catch((e: unknown) => e)) as ZodError;
    expect(error.issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["country", "ownerEmail", "professionalUse"]),
    );
    expect(await ctx.db.$count(accounts)).toBe(before);
  });

  it("refuses a second owner with the same email, in any case, and leaves no orphan account", async () => {
    await createAccount({ ctx, input: { ...company, ownerEmail: "dup@example.com" } });
    const before = await ctx.db.$count(accounts);
    await expect(
      createAccount({ ctx, input: { ...company, ownerEmail: "DUP@example.com" } }),
    ).rejects.toThrow();
    expect(await ctx.db.$count(accounts)).toBe(before);
  });
});
