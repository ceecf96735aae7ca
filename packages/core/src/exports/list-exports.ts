import { contactExports } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { exportId, exportView } from "./export-record";

export const listExportsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: exportId.optional().describe("a cursor from a previous page"),
});

/** The account's exports, newest first, a page at a time. */
export async function listExports({
  ctx,
  input,
}: {
  ctx: AccountCtx & { signingSecret: string; linkBase: string };
  input: z.input<typeof listExportsInput>;
}) {
  assertPermission(ctx, "contacts:read");
  const { limit, cursor } = listExportsInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(contactExports)
    .where(
      and(
        eq(contactExports.accountId, ctx.principal.accountId),
        cursor ? lt(contactExports.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(contactExports.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: await Promise.all(page.map((row) => exportView(ctx, row))),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
