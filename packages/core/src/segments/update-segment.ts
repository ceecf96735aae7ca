import { segments } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { segmentFilter } from "./filter";
import { compileForAccount, findSegment, isNameTaken, nameTaken, segmentName } from "./segment-fields";

/** The fields to change; a new filter replaces the old one whole. */
export const updateSegmentInput = z.strictObject({
  name: segmentName.optional(),
  filter: segmentFilter.optional(),
});

/** Renames a segment or replaces its filter (checked as at creation). */
export async function updateSegment({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof updateSegmentInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const { id, ...changes } = input;
  const data = updateSegmentInput.parse(changes);
  const current = await findSegment(ctx, id);
  if (data.filter !== undefined) await compileForAccount(ctx, data.filter);
  const next = { name: data.name ?? current.name, filter: data.filter ?? current.filter };
  const updatedAt = ctx.now();
  try {
    await ctx.db.batch([
      ctx.db
        .update(segments)
        .set({ ...next, updatedAt })
        .where(and(eq(segments.accountId, ctx.principal.accountId), eq(segments.id, current.id))),
      auditEntry(ctx, "segment.updated", current.id),
    ]);
  } catch (error) {
    if (isNameTaken(error)) throw nameTaken(next.name);
    throw error;
  }
  return { ...current, ...next, updatedAt };
}
