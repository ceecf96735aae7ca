import { accounts, auditLog, creditLedger, newId } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { DomainError, NotFound } from "../errors";
import { isDuplicateReference, isOverdraw, ledgerEntry, type Wallet } from "./ledger-entry";
import { walletBalance } from "./wallet-balance";

export const adjustCreditsInput = z.strictObject({
  wallet: z.enum(["email", "sms"]),
  /** Credits to add (positive) or take back (negative); never below zero. */
  amount: z
    .number()
    .int()
    .min(-10_000_000)
    .max(10_000_000)
    .refine((n) => n !== 0, "must not be 0"),
  /**
   * Names one adjustment of the account: repeating it (same wallet, same amount) books it once;
   * the same reference with another wallet or amount is refused (409 `reference_reused`).
   */
  reference: z.string().trim().min(1).max(100),
});

/**
 * The operator books credits by hand (a goodwill grant, a correction) until billing does it. A
 * reference is one booking: a repeat answers as the first did (the balance now), while the same
 * reference with another wallet or amount is refused, so a mistyped retry is not silently dropped
 * and a "correction" to the other wallet is not booked on top of the first.
 */
export async function adjustCredits({
  ctx,
  input,
}: {
  ctx: Ctx & { operator: string };
  input: { accountId: string } & z.input<typeof adjustCreditsInput>;
}) {
  const data = adjustCreditsInput.parse({
    wallet: input.wallet,
    amount: input.amount,
    reference: input.reference,
  });
  const [account] = await ctx.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.id, input.accountId));
  if (!account) throw new NotFound("Account");
  const now = ctx.now();
  const reference = `adjustment:${data.reference}`;
  const result = async () => ({
    wallet: data.wallet,
    balance: await walletBalance(ctx, account.id, data.wallet),
  });
  const booked = await bookedAs(ctx, account.id, reference, data.wallet);
  if (booked.length > 0) {
    assertSameBooking(data, booked);
    return result();
  }
  try {
    await ctx.db.batch([
      ledgerEntry(ctx, {
        accountId: account.id,
        wallet: data.wallet,
        kind: "adjustment",
        amount: data.amount,
        reference,
        at: now,
      }),
      ctx.db.insert(auditLog).values({
        id: newId("aud"),
        accountId: account.id,
        actor: ctx.operator,
        action: "credits.adjusted",
        target: `${data.wallet}:${data.amount}:${reference}`,
        createdAt: now,
      }),
    ]);
  } catch (error) {
    if (isOverdraw(error)) throw new DomainError("conflict", "The wallet does not hold that many credits.");
    if (!isDuplicateReference(error)) throw error;
    // Booked meanwhile by a concurrent request with this reference.
    assertSameBooking(data, await bookedAs(ctx, account.id, reference, data.wallet));
  }
  return result();
}

interface Booking {
  wallet: Wallet;
  amount: number;
  reference: string;
}

/** The adjustments of the account booked under this reference, the asked wallet's first. */
async function bookedAs(ctx: Ctx, accountId: string, reference: string, wallet: Wallet): Promise<Booking[]> {
  const rows = await ctx.db
    .select({ wallet: creditLedger.wallet, amount: creditLedger.amount })
    .from(creditLedger)
    .where(
      and(
        eq(creditLedger.accountId, accountId),
        eq(creditLedger.kind, "adjustment"),
        eq(creditLedger.reference, reference),
      ),
    );
  return rows
    .map((row) => ({ ...row, reference: reference.slice("adjustment:".length) }))
    .sort((a, b) => Number(b.wallet === wallet) - Number(a.wallet === wallet));
}

/** A repeat of the booking passes; the reference of another booking is refused. */
function assertSameBooking(asked: Booking, booked: Booking[]): void {
  const [first] = booked;
  if (first && first.wallet === asked.wallet && first.amount === asked.amount) return;
  const what = first ? `${first.amount} ${first.wallet} credits` : "another adjustment";
  throw new DomainError(
    "reference_reused",
    `The reference "${asked.reference}" was already used to book ${what}; use a new reference for another adjustment.`,
  );
}
