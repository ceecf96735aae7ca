import { accounts, creditLedger } from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { adjustCredits } from "../src/credits/adjust-credits";
import { getCredits } from "../src/credits/get-credits";
import { isOverdraw, ledgerEntry } from "../src/credits/ledger-entry";
import { monthlyAllowance } from "../src/credits/monthly-allowance";
import { walletBalance } from "../src/credits/wallet-balance";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-10T10:00:00Z") };
const ctx = await freshCtx(clock);
const operator = { ...ctx, operator: "operator" };

/** A send's debit as `sendEmails` books it: after the month's allowance, in one batch. */
async function spend(
  account: { id: string; plan: "free" | "subscription" },
  credits: number,
  reference: string,
) {
  const now = clock.now;
  await ctx.db.batch([
    ...monthlyAllowance(ctx, account, now),
    ledgerEntry(ctx, {
      accountId: account.id,
      wallet: "email",
      kind: "consumption",
      amount: -credits,
      reference,
      at: now,
    }),
  ] as unknown as Parameters<typeof ctx.db.batch>[0]);
}

async function entries(accountId: string) {
  return ctx.db
    .select({
      kind: creditLedger.kind,
      amount: creditLedger.amount,
      balanceAfter: creditLedger.balanceAfter,
      reference: creditLedger.reference,
    })
    .from(creditLedger)
    .where(and(eq(creditLedger.accountId, accountId), eq(creditLedger.wallet, "email")))
    .orderBy(asc(creditLedger.seq));
}

describe("the credit ledger", () => {
  it("refuses a debit that would overdraw the wallet, in the database, and books nothing", async () => {
    const owner = await newAccount(ctx);
    const accountId = owner.principal.accountId;
    await adjustCredits({
      ctx: operator,
      input: { accountId, wallet: "email", amount: 3, reference: "start" },
    });
    const overdraw = ctx.db.batch([
      ledgerEntry(ctx, {
        accountId,
        wallet: "email",
        kind: "consumption",
        amount: -4,
        reference: "send:a",
        at: clock.now,
      }),
    ]);
    await expect(overdraw).rejects.toSatisfy(isOverdraw);
    expect(await walletBalance(ctx, accountId, "email")).toBe(3);
    expect(await entries(accountId)).toEqual([
      { kind: "adjustment", amount: 3, balanceAfter: 3, reference: "adjustment:start" },
    ]);
  });

  it("never lets concurrent debits take more than the wallet holds", async () => {
    const owner = await newAccount(ctx);
    const accountId = owner.principal.accountId;
    await ctx.db.update(accounts).set({ plan: "subscription" }).where(eq(accounts.id, accountId));
    await adjustCredits({
      ctx: operator,
      input: { accountId, wallet: "email", amount: 50, reference: "start" },
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => spend({ id: accountId, plan: "subscription" }, 1, `send:${i}`)),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(50);
    expect(outcomes.filter((o) => o.status === "rejected").every((o) => isOverdraw(o.reason))).toBe(true);
    const booked = await entries(accountId);
    expect(booked.at(-1)?.balanceAfter).toBe(0);
    // Consistent: every balance is the previous one plus the amount, and the sum is the balance.
    booked.reduce((before, entry) => {
      expect(entry.balanceAfter).toBe(before + entry.amount);
      return entry.balanceAfter;
    }, 0);
    expect(booked.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
  });

  it("books an operator adjustment once per reference, and refuses taking back more than there is", async () => {
    const owner = await newAccount(ctx);
    const accountId = owner.principal.accountId;
    const input = { accountId, wallet: "email" as const, amount: 500, reference: "goodwill" };
    expect(await adjustCredits({ ctx: operator, input })).toEqual({ wallet: "email", balance: 500 });
    expect(await adjustCredits({ ctx: operator, input })).toEqual({ wallet: "email", balance: 500 });
    await expect(
      adjustCredits({ ctx: operator, input: { ...input, amount: -501, reference: "oops" } }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await walletBalance(ctx, accountId, "email")).toBe(500);
  });

  it("refuses a reference already booked with another amount or wallet, and books nothing", async () => {
    const owner = await newAccount(ctx);
    const accountId = owner.principal.accountId;
    const input = { accountId, wallet: "email" as const, amount: 500, reference: "goodwill-2026-11" };
    await adjustCredits({ ctx: operator, input });
    for (const reused of [
      { ...input, amount: 5000 },
      { ...input, amount: -500 },
      { ...input, wallet: "sms" as const },
    ]) {
      await expect(adjustCredits({ ctx: operator, input: reused })).rejects.toMatchObject({
        code: "reference_reused",
        message: expect.stringContaining("500 email credits"),
      });
    }
    expect(await walletBalance(ctx, accountId, "email")).toBe(500);
    expect(await walletBalance(ctx, accountId, "sms")).toBe(0);
    expect(await entries(accountId)).toHaveLength(1);
    // The booking itself still replays, also after the wallet changed.
    await spend({ id: accountId, plan: "subscription" }, 200, "send:after-goodwill");
    expect(await adjustCredits({ ctx: operator, input })).toEqual({ wallet: "email", balance: 300 });
    // Another account's references are its own.
    const other = await newAccount(ctx);
    expect(
      await adjustCredits({
        ctx: operator,
        input: { ...input, accountId: other.principal.accountId, amount: 7 },
      }),
    ).toEqual({ wallet: "email", balance: 7 });
  });
});

describe("the free plan's monthly allowance", () => {
  it("is granted at the first send of a month, spent before bought credits, and what is left expires", async () => {
    const owner = await newAccount(ctx);
    const account = { id: owner.principal.accountId, plan: "free" as const };
    clock.now = new Date("2026-09-15T08:00:00Z");
    await adjustCredits({
      ctx: operator,
      input: { accountId: account.id, wallet: "email", amount: 1000, reference: "bought" },
    });
    await spend(account, 100, "send:sept");
    expect(await walletBalance(ctx, account.id, "email")).toBe(1000 + 3000 - 100);

    // No sends in October: its allowance is never granted. November's first send expires what
    // is left of September's (2,900) and grants November's; bought credits are untouched.
    clock.now = new Date("2026-11-01T00:00:00Z");
    await spend(account, 10, "send:nov-1");
    await spend(account, 10, "send:nov-2");
    expect(await entries(account.id)).toEqual([
      { kind: "adjustment", amount: 1000, balanceAfter: 1000, reference: "adjustment:bought" },
      { kind: "allowance", amount: 3000, balanceAfter: 4000, reference: "allowance:2026-09" },
      { kind: "consumption", amount: -100, balanceAfter: 3900, reference: "send:sept" },
      { kind: "allowance_expiry", amount: -2900, balanceAfter: 1000, reference: "allowance_expiry:2026-09" },
      { kind: "allowance", amount: 3000, balanceAfter: 4000, reference: "allowance:2026-11" },
      { kind: "consumption", amount: -10, balanceAfter: 3990, reference: "send:nov-1" },
      { kind: "consumption", amount: -10, balanceAfter: 3980, reference: "send:nov-2" },
    ]);
  });

  it("expires nothing of bought credits when more than the allowance was spent", async () => {
    const owner = await newAccount(ctx);
    const account = { id: owner.principal.accountId, plan: "free" as const };
    clock.now = new Date("2026-10-03T08:00:00Z");
    await adjustCredits({
      ctx: operator,
      input: { accountId: account.id, wallet: "email", amount: 5000, reference: "bought" },
    });
    await spend(account, 4000, "send:oct");
    clock.now = new Date("2026-11-03T08:00:00Z");
    await spend(account, 1, "send:nov");
    const booked = await entries(account.id);
    expect(booked.find((e) => e.kind === "allowance_expiry")).toMatchObject({
      amount: 0,
      balanceAfter: 4000,
    });
    expect(await walletBalance(ctx, account.id, "email")).toBe(4000 + 3000 - 1);
  });

  it("shows both wallets and the ledger newest first", async () => {
    const owner = await newAccount(ctx);
    clock.now = new Date("2026-11-20T08:00:00Z");
    await spend({ id: owner.principal.accountId, plan: "free" }, 2, "send:x");
    const credits = await getCredits({ ctx: owner, input: {} });
    expect(credits.balances).toEqual({ email: 2998, sms: 0 });
    expect(credits.entries.map((e) => e.kind)).toEqual(["consumption", "allowance"]);
  });
});
