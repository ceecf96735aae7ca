import { creditLedger } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { walletBalance } from "./wallet-balance";

export const getCreditsInput = z.object({
  wallet: z.enum(["email", "sms"]).default("email"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^crd_[0-9a-z]{26}$/, "a cursor from a previous page")
    .optional(),
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
          cursor ? lt(creditLedger.id, cursor) : undefined,
        ),
      )
      .orderBy(desc(creditLedger.seq))
      .limit(limit + 1),
  ]);
  const page = rows.slice(0, limit);
  return {
    balances: { email, sms },
    entries: page,
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
