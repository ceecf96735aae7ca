import { creditLedger } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import type { Wallet } from "./ledger-entry";

/** A wallet's balance: the balance after its newest entry (0 for a wallet never used). */
export async function walletBalance(ctx: Ctx, accountId: string, wallet: Wallet): Promise<number> {
  const [last] = await ctx.db
    .select({ balance: creditLedger.balanceAfter })
    .from(creditLedger)
    .where(and(eq(creditLedger.accountId, accountId), eq(creditLedger.wallet, wallet)))
    .orderBy(desc(creditLedger.seq))
    .limit(1);
  return last?.balance ?? 0;
}
