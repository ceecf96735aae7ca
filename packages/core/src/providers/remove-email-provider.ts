import { auditLog, emailProviders, newId } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";

/** Back to the platform's provider; the sealed credentials are deleted. */
export async function removeEmailProvider({ ctx }: { ctx: AccountCtx }) {
  assertPermission(ctx, "providers:manage");
  assertCanWrite(ctx);
  const { accountId, actor } = ctx.principal;
  await ctx.db.batch([
    ctx.db.delete(emailProviders).where(eq(emailProviders.accountId, accountId)),
    ctx.db
      .insert(auditLog)
      .values({ id: newId("aud"), accountId, actor, action: "email_provider.removed", createdAt: ctx.now() }),
  ]);
}
