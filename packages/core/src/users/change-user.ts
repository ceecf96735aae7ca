import { accounts, apiKeys, auditLog, invitations, messages, newId, users } from "@edgepost/db";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx, DeliveryQueue } from "../context";
import { userRemovedEmail } from "../emails/user-removed-email";
import { DomainError, NotFound } from "../errors";
import { enqueue } from "../messages/enqueue";
import { systemEmail } from "../messages/system-email";
import { currentCycleEnd } from "../plans/plans";

export const userId = z.string().regex(/^usr_[0-9a-z]{26}$/, "a user id (usr_…)");
export const invitationId = z.string().regex(/^inv_[0-9a-z]{26}$/, "an invitation id (inv_…)");
export const changeRoleInput = z.object({ role: z.enum(["admin", "editor", "viewer"]) });

async function memberOf(ctx: AccountCtx, id: string) {
  const [user] = await ctx.db
    .select({ id: users.id, email: users.email, role: users.role, deletedAt: users.deletedAt })
    .from(users)
    .where(and(eq(users.accountId, ctx.principal.accountId), eq(users.id, userId.parse(id))));
  if (!user) throw new NotFound("user");
  if (user.role === "owner")
    throw new DomainError("forbidden", "The owner's role cannot be changed or removed.");
  return user;
}

function audit(ctx: AccountCtx, action: string, target: string) {
  return ctx.db.insert(auditLog).values({
    id: newId("aud"),
    accountId: ctx.principal.accountId,
    actor: ctx.principal.actor,
    action,
    target,
    createdAt: ctx.now(),
  });
}

/** Gives a user of the account another role (never owner: ownership is not handed over here). */
export async function changeUserRole({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof changeRoleInput>;
}) {
  assertPermission(ctx, "users:manage");
  assertCanWrite(ctx);
  const { role } = changeRoleInput.parse(input);
  const user = await memberOf(ctx, input.id);
  await ctx.db.batch([
    ctx.db.update(users).set({ role }).where(eq(users.id, user.id)),
    audit(ctx, `user.role_changed:${role}`, user.id),
  ]);
  return { id: user.id, role };
}

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
  const [owner] = await ctx.db
    .select({ email: users.email })
    .from(users)
    .where(and(eq(users.accountId, ctx.principal.accountId), eq(users.role, "owner")));
  if (!account || !owner) throw new NotFound("account");
  const now = ctx.now();
  const removeAt = currentCycleEnd(account.anchor, account.interval, now);
  if (!user.deletedAt) {
    // SPEC §J: the account is told when its data is deleted.
    const notice = systemEmail(now, {
      accountId: ctx.principal.accountId,
      to: owner.email,
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
      audit(ctx, "user.deleted", user.id),
      ctx.db.insert(messages).values(notice.values),
    ]);
    await enqueue(ctx.delivery, notice.queued);
  }
  return { id: user.id, removeAt };
}

/** Withdraws a pending invitation; its link stops working and its seat is free again. */
export async function revokeInvitation({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "users:manage");
  const id = invitationId.parse(input.id);
  const revoked = await ctx.db
    .update(invitations)
    .set({ revokedAt: ctx.now() })
    .where(
      and(
        eq(invitations.accountId, ctx.principal.accountId),
        eq(invitations.id, id),
        isNull(invitations.acceptedAt),
      ),
    )
    .returning({ id: invitations.id });
  if (revoked.length === 0) throw new NotFound("invitation");
  await audit(ctx, "user.invitation_revoked", id);
  return { id };
}
