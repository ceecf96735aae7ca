import { idSchema, users } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { DomainError, NotFound } from "../errors";

export const userId = idSchema("usr");

/** A user of the caller's account other than its owner (whose role and membership are fixed). */
export async function memberOf(ctx: AccountCtx, id: string) {
  const [user] = await ctx.db
    .select({ id: users.id, email: users.email, role: users.role, deletedAt: users.deletedAt })
    .from(users)
    .where(and(eq(users.accountId, ctx.principal.accountId), eq(users.id, userId.parse(id))));
  if (!user) throw new NotFound("user");
  if (user.role === "owner")
    throw new DomainError("forbidden", "The owner's role cannot be changed or removed.");
  return user;
}
