import { lists } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { listColumns } from "./list-record";

export const listListsInput = z.object({
  ...pageInput("lst", { max: 200, byDefault: 50, reportAs: "id", described: true }),
});

/** The account's lists, newest first, a page at a time. */
export async function listLists({ ctx, input }: { ctx: AccountCtx; input: z.input<typeof listListsInput> }) {
  assertPermission(ctx, "contacts:read");
  const { limit, cursor } = listListsInput.parse(input);
  const rows = await ctx.db
    .select(listColumns)
    .from(lists)
    .where(and(eq(lists.accountId, ctx.principal.accountId), pastCursor(lists.id, cursor)))
    .orderBy(desc(lists.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
