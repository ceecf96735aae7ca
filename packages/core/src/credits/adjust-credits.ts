import { accounts, auditLog, newId } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { DomainError, NotFound } from "../errors";
import { isDuplicateReference, isOverdraw, ledgerEntry } from "./ledger-entry";
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
  /** Unique per wallet: repeating an adjustment with the same reference books it once. */
  reference: z.string().trim().min(1).max(100),
});

/** The operator books credits by hand (a goodwill grant, a correction) until billing does it. */
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
  }
  return { wallet: data.wallet, balance: await walletBalance(ctx, account.id, data.wallet) };
}
