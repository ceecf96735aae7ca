import { auditLog } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";

export const listAuditLogInput = z.object({
  ...pageInput("aud", { max: 200, byDefault: 50 }),
});

/** What happened in the account, newest first, a page at a time (owners and admins). */
export async function listAuditLog({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listAuditLogInput>;
}) {
  assertPermission(ctx, "audit:read");
  const { limit, cursor } = listAuditLogInput.parse(input);
  const rows = await ctx.db
    .select({
      id: auditLog.id,
      actor: auditLog.actor,
      action: auditLog.action,
      target: auditLog.target,
      ip: auditLog.ip,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .where(and(eq(auditLog.accountId, ctx.principal.accountId), pastCursor(auditLog.id, cursor)))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
