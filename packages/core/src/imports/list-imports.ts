import { contactImports } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { importId, importView } from "./import-record";

export const listImportsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: importId.optional().describe("a cursor from a previous page"),
});

/** The account's imports, newest first, a page at a time. */
export async function listImports({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listImportsInput>;
}) {
  assertPermission(ctx, "contacts:read");
  const { limit, cursor } = listImportsInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(contactImports)
    .where(
      and(
        eq(contactImports.accountId, ctx.principal.accountId),
        cursor ? lt(contactImports.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(contactImports.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page.map(importView), nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
