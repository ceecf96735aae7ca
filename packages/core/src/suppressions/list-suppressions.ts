import { suppressions } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";

export const listSuppressionsInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^sup_[0-9a-z]{26}$/, "a cursor from a previous page")
    .optional(),
  /** Only this address. */
  email: z.email().max(254).optional(),
});

/** The account's suppression list, newest first, a page at a time. */
export async function listSuppressions({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listSuppressionsInput>;
}) {
  assertPermission(ctx, "suppressions:read");
  const { limit, cursor, email } = listSuppressionsInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(suppressions)
    .where(
      and(
        eq(suppressions.accountId, ctx.principal.accountId),
        cursor ? lt(suppressions.id, cursor) : undefined,
        email ? eq(suppressions.email, email.toLowerCase()) : undefined,
      ),
    )
    .orderBy(desc(suppressions.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
