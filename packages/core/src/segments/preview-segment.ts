import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { compileSegmentFilter } from "./compile";
import { compileSegmentCount } from "./compile-count";
import { segmentFilter } from "./filter";
import { countMatching, pageMatching } from "./segment-contacts";
import { checkedScope } from "./segment-fields";

export const previewSegmentInput = z.strictObject({
  filter: segmentFilter,
  limit: z.number().int().min(1).max(100).default(20),
});

/** How many contacts an unsaved filter matches, and the first page of them (newest first). */
export async function previewSegment({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof previewSegmentInput>;
}) {
  assertPermission(ctx, "contacts:read");
  const { filter, limit } = previewSegmentInput.parse(input);
  const scope = await checkedScope(ctx, filter);
  const [count, page] = await Promise.all([
    countMatching(ctx, compileSegmentCount(scope, filter)),
    pageMatching(ctx, compileSegmentFilter(scope, filter), limit),
  ]);
  return { count, ...page };
}
