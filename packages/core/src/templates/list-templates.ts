import { emailTemplates } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { templateId } from "./template-fields";

export const listTemplatesInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: templateId.optional(),
});

/** The account's templates, newest first, a page at a time; bodies are left out (get one for them). */
export async function listTemplates({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listTemplatesInput>;
}) {
  assertPermission(ctx, "templates:read");
  const { limit, cursor } = listTemplatesInput.parse(input);
  const rows = await ctx.db
    .select({
      id: emailTemplates.id,
      name: emailTemplates.name,
      subject: emailTemplates.subject,
      createdAt: emailTemplates.createdAt,
      updatedAt: emailTemplates.updatedAt,
    })
    .from(emailTemplates)
    .where(
      and(
        eq(emailTemplates.accountId, ctx.principal.accountId),
        cursor ? lt(emailTemplates.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(emailTemplates.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
