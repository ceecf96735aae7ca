import {
  accounts,
  apiKeys,
  auditLog,
  invitations,
  messages,
  newId,
  sessions,
  smtpCredentials,
} from "@edgepost/db";
import { and, eq, isNull, ne } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx, DeliveryQueue } from "../context";
import { forfeitWallets } from "../credits/forfeit-wallets";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { accountClosedEmail } from "../system-emails/account-closed-email";
import { ownerEmail } from "../users/find-by-email";

/** Personal data of a closed account is purged this long after closing (SPEC §A: 45 days, never over 60). */
const PURGE_AFTER_MS = 45 * 86_400_000;

export const closeAccountInput = z.object({ confirm: z.literal(true, "confirm closing the account") });

/**
 * The owner closes the account: sending stops at once, sessions, API keys and pending invitations
 * end (and SMTP credentials), prepaid credits are forfeited without refund (one ledger entry per
 * wallet), and personal data is scheduled for purge; billing records stay.
 */
export async function closeAccount({
  ctx,
  input,
}: {
  ctx: AccountCtx & { delivery: DeliveryQueue };
  input: z.input<typeof closeAccountInput>;
}) {
  assertPermission(ctx, "account:close");
  closeAccountInput.parse(input);
  const { accountId, actor } = ctx.principal;
  const now = ctx.now();
  const purgeAfter = new Date(now.getTime() + PURGE_AFTER_MS);
  const owner = await ownerEmail(ctx.db, accountId);
  const notice = systemEmail(now, {
    accountId,
    to: owner,
    content: accountClosedEmail({ purgeAfter }),
  });
  await ctx.db.batch([
    ctx.db
      .update(accounts)
      .set({ status: "closed", closedAt: now, purgeAfter, updatedAt: now })
      .where(eq(accounts.id, accountId)),
    ctx.db.delete(sessions).where(eq(sessions.accountId, accountId)),
    ctx.db
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.accountId, accountId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      ),
    ctx.db
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt))),
    ctx.db
      .update(smtpCredentials)
      .set({ status: "deactivated", deactivatedAt: now })
      .where(and(eq(smtpCredentials.accountId, accountId), ne(smtpCredentials.status, "deactivated"))),
    ctx.db.insert(auditLog).values({
      id: newId("aud"),
      accountId,
      actor,
      action: "account.closed",
      target: accountId,
      createdAt: now,
    }),
    ctx.db.insert(messages).values(notice.values),
  ]);
  // Sending stopped with the status; a send already past its check may still debit, so try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (!(await forfeitWallets(ctx, accountId, "closure", now)).raced) break;
  }
  await enqueue(ctx.delivery, notice.queued);
  return { status: "closed" as const, purgeAfter };
}
