import { contactImports } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { importView } from "./import-record";

export const listImportsInput = z.object({
  ...pageInput("imp", { max: 100, byDefault: 20, reportAs: "id", described: true }),
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
    .where(and(eq(contactImports.accountId, ctx.principal.accountId), pastCursor(contactImports.id, cursor)))
    .orderBy(desc(contactImports.id))
    .limit(limit + 1);
  const page = keysetPage(rows, limit);
  return { ...page, items: page.items.map(importView) };
}
