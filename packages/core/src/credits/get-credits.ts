import { creditLedger } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { walletBalance } from "./wallet-balance";

export const getCreditsInput = z.object({
  wallet: z.enum(["email", "sms"]).default("email"),
  ...pageInput("crd", { max: 200, byDefault: 50 }),
});

/** Both wallets' balances and one wallet's ledger, newest entry first, a page at a time. */
export async function getCredits({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof getCreditsInput>;
}) {
  assertPermission(ctx, "credits:read");
  const { wallet, limit, cursor } = getCreditsInput.parse(input);
  const { accountId } = ctx.principal;
  const [email, sms, rows] = await Promise.all([
    walletBalance(ctx, accountId, "email"),
    walletBalance(ctx, accountId, "sms"),
    ctx.db
      .select({
        id: creditLedger.id,
        kind: creditLedger.kind,
        amount: creditLedger.amount,
        balanceAfter: creditLedger.balanceAfter,
        reference: creditLedger.reference,
        createdAt: creditLedger.createdAt,
      })
      .from(creditLedger)
      .where(
        and(
          eq(creditLedger.accountId, accountId),
          eq(creditLedger.wallet, wallet),
          pastCursor(creditLedger.id, cursor),
        ),
      )
      .orderBy(desc(creditLedger.seq))
      .limit(limit + 1),
  ]);
  const { items: entries, nextCursor } = keysetPage(rows, limit);
  return { balances: { email, sms }, entries, nextCursor };
}
