import { invitations, users } from "@edgepost/db";
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { userColumns } from "./user-columns";

/** The account's people and its pending invitations. */
export async function listUsers({ ctx }: { ctx: AccountCtx }) {
  assertPermission(ctx, "users:read");
  const { accountId } = ctx.principal;
  const [members, pending] = await ctx.db.batch([
    ctx.db.select(userColumns).from(users).where(eq(users.accountId, accountId)).orderBy(asc(users.id)),
    ctx.db
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        expiresAt: invitations.expiresAt,
      })
      .from(invitations)
      .where(
        and(
          eq(invitations.accountId, accountId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, ctx.now()),
        ),
      )
      .orderBy(asc(invitations.id)),
  ]);
  return { users: members, invitations: pending };
}
