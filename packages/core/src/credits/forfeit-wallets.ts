import type { Ctx } from "../context";
import { isDuplicateReference, isOverdraw, ledgerEntry, type Wallet } from "./ledger-entry";
import { walletBalance } from "./wallet-balance";

const WALLETS: readonly Wallet[] = ["email", "sms"];

/**
 * Forfeits what is left in each of an account's wallets with one `forfeiture` entry per wallet,
 * booked once per `reason` (credits booked after it stay). `raced` when a debit came between
 * reading a balance and booking: the caller tries again later.
 */
export async function forfeitWallets(
  ctx: Ctx,
  accountId: string,
  reason: string,
  at: Date,
): Promise<{ forfeitures: number; credits: number; raced: boolean }> {
  const result = { forfeitures: 0, credits: 0, raced: false };
  for (const wallet of WALLETS) {
    const balance = await walletBalance(ctx, accountId, wallet);
    if (balance <= 0) continue;
    try {
      await ctx.db.batch([
        ledgerEntry(ctx, {
          accountId,
          wallet,
          kind: "forfeiture",
          amount: -balance,
          reference: `forfeiture:${reason}:${accountId}`,
          at,
        }),
      ]);
      result.forfeitures++;
      result.credits += balance;
    } catch (error) {
      if (isOverdraw(error)) return { ...result, raced: true };
      if (!isDuplicateReference(error)) throw error;
    }
  }
  return result;
}
