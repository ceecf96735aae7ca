import { contactExports } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { exportView } from "./export-record";

export const listExportsInput = z.object({
  ...pageInput("exp", { max: 100, byDefault: 20, reportAs: "id", described: true }),
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
    .where(and(eq(contactExports.accountId, ctx.principal.accountId), pastCursor(contactExports.id, cursor)))
    .orderBy(desc(contactExports.id))
    .limit(limit + 1);
  const page = keysetPage(rows, limit);
  return { ...page, items: await Promise.all(page.items.map((row) => exportView(ctx, row))) };
}
