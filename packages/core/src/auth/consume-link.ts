import { authTokens, type Database } from "@edgepost/db";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Ctx } from "../context";
import { DomainError } from "../errors";
import { verifyToken } from "./signed-token";

type Purpose = "verify_email" | "reset_password";

/**
 * Checks a signed link's token and returns the single-use record behind it, without using it up.
 * Every failure reads the same to the caller: a link that is wrong, expired or already used.
 */
export async function checkLink(ctx: Ctx & { signingSecret: string }, token: string, purpose: Purpose) {
  const now = ctx.now();
  const verified = await verifyToken(ctx.signingSecret, token, { purpose, now: now.getTime() });
  const invalid = new DomainError("invalid_input", "This link is invalid, expired or already used.");
  if (!verified.ok) throw invalid;
  const [row] = await ctx.db
    .select({ id: authTokens.id, userId: authTokens.userId, accountId: authTokens.accountId })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.id, verified.subject),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
    .limit(1);
  if (!row) throw invalid;
  return row;
}

/** Uses the link up; run it in the transaction that acts on it, so both or neither happen. */
export function useLink(db: Pick<Database, "update">, tokenId: string, now: Date) {
  return db
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(eq(authTokens.id, tokenId), isNull(authTokens.usedAt)))
    .returning({ id: authTokens.id });
}
