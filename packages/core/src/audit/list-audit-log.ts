import { auditLog } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";

export const listAuditLogInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^aud_[0-9a-z]{26}$/, "a cursor from a previous page")
    .optional(),
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
    .where(and(eq(auditLog.accountId, ctx.principal.accountId), cursor ? lt(auditLog.id, cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
