import { auditLog, idSchema, newId, suppressions } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

export const suppressionId = idSchema("sup");

/** Lets an address be mailed again; the audit log keeps who did it. */
export async function removeSuppression({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "suppressions:manage");
  assertCanWrite(ctx);
  const { accountId, actor } = ctx.principal;
  const [removed] = await ctx.db
    .delete(suppressions)
    .where(and(eq(suppressions.accountId, accountId), eq(suppressions.id, input.id)))
    .returning({ id: suppressions.id });
  if (!removed) throw new NotFound("Suppression");
  await ctx.db.insert(auditLog).values({
    id: newId("aud"),
    accountId,
    actor,
    action: "suppression.removed",
    target: removed.id,
    createdAt: ctx.now(),
  });
}
