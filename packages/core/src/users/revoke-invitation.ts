import { idSchema, invitations } from "@edgepost/db";
import { and, eq, isNull } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

export const invitationId = idSchema("inv");

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
  await auditEntry(ctx, "user.invitation_revoked", id);
  return { id };
}
