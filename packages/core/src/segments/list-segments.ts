import { segments } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import type { SegmentFilter } from "./filter";
import { segmentColumns } from "./segment-fields";

export const listSegmentsInput = z.object({
  ...pageInput("seg", { max: 100, byDefault: 50, reportAs: "id" }),
});

/** The account's segments, newest first, a page at a time. */
export async function listSegments({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listSegmentsInput>;
}) {
  assertPermission(ctx, "contacts:read");
  const { limit, cursor } = listSegmentsInput.parse(input);
  const rows = await ctx.db
    .select(segmentColumns)
    .from(segments)
    .where(and(eq(segments.accountId, ctx.principal.accountId), pastCursor(segments.id, cursor)))
    .orderBy(desc(segments.id))
    .limit(limit + 1);
  const page = keysetPage(rows, limit);
  return { ...page, items: page.items.map((row) => ({ ...row, filter: row.filter as SegmentFilter })) };
}
