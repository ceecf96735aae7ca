import { accounts, apiKeys, messages, users } from "@edgepost/db";
import { and, eq, isNull } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx, DeliveryQueue } from "../context";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { NotFound } from "../errors";
import { currentCycleEnd } from "../plans/plans";
import { userRemovedEmail } from "../system-emails/user-removed-email";
import { ownerEmail } from "./find-by-email";
import { memberOf } from "./member-of";

/**
 * Deletes a user: they keep read access until the end of the current billing cycle (SPEC §A),
 * when their sessions stop working; the API keys they made are revoked now. Removing the row itself
 * is the retention job's (issue 6). Deleting twice changes nothing.
 */
export async function removeUser({
  ctx,
  input,
}: {
  ctx: AccountCtx & { delivery: DeliveryQueue };
  input: { id: string };
}) {
  assertPermission(ctx, "users:manage");
  assertCanWrite(ctx);
  const user = await memberOf(ctx, input.id);
  const [account] = await ctx.db
    .select({ anchor: accounts.cycleAnchorAt, interval: accounts.billingInterval })
    .from(accounts)
    .where(eq(accounts.id, ctx.principal.accountId));
  if (!account) throw new NotFound("account");
  const owner = await ownerEmail(ctx.db, ctx.principal.accountId);
  const now = ctx.now();
  const removeAt = currentCycleEnd(account.anchor, account.interval, now);
  if (!user.deletedAt) {
    // SPEC §J: the account is told when its data is deleted.
    const notice = systemEmail(now, {
      accountId: ctx.principal.accountId,
      to: owner,
      content: userRemovedEmail({ email: user.email, removeAt }),
    });
    await ctx.db.batch([
      ctx.db
        .update(users)
        .set({ deletedAt: now, removeAt })
        .where(and(eq(users.id, user.id), isNull(users.deletedAt))),
      // Keys the user made stop with their say in the account.
      ctx.db
        .update(apiKeys)
        .set({ revokedAt: now })
        .where(
          and(
            eq(apiKeys.accountId, ctx.principal.accountId),
            eq(apiKeys.createdBy, user.id),
            isNull(apiKeys.revokedAt),
          ),
        ),
      auditEntry(ctx, "user.deleted", user.id),
      ctx.db.insert(messages).values(notice.values),
    ]);
    await enqueue(ctx.delivery, notice.queued);
  }
  return { id: user.id, removeAt };
}
