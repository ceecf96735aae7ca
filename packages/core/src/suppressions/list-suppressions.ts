import { suppressions } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";

export const listSuppressionsInput = z.object({
  ...pageInput("sup", { max: 200, byDefault: 50 }),
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
        pastCursor(suppressions.id, cursor),
        email ? eq(suppressions.email, email.toLowerCase()) : undefined,
      ),
    )
    .orderBy(desc(suppressions.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
