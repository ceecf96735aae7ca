import { users } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { memberOf } from "./member-of";

export const changeRoleInput = z.object({ role: z.enum(["admin", "editor", "viewer"]) });

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
    auditEntry(ctx, `user.role_changed:${role}`, user.id),
  ]);
  return { id: user.id, role };
}
