import { segments } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import type { SegmentFilter } from "./filter";
import { segmentColumns, segmentId } from "./segment-fields";

export const listSegmentsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: segmentId.optional(),
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
    .where(and(eq(segments.accountId, ctx.principal.accountId), cursor ? lt(segments.id, cursor) : undefined))
    .orderBy(desc(segments.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((row) => ({ ...row, filter: row.filter as SegmentFilter }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
