import { lists } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { listColumns } from "./list-record";
import { listId } from "./shared";

export const listListsInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: listId.optional().describe("a cursor from a previous page"),
});

/** The account's lists, newest first, a page at a time. */
export async function listLists({ ctx, input }: { ctx: AccountCtx; input: z.input<typeof listListsInput> }) {
  assertPermission(ctx, "contacts:read");
  const { limit, cursor } = listListsInput.parse(input);
  const rows = await ctx.db
    .select(listColumns)
    .from(lists)
    .where(and(eq(lists.accountId, ctx.principal.accountId), cursor ? lt(lists.id, cursor) : undefined))
    .orderBy(desc(lists.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
