import { newId, segments } from "@edgepost/db";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { segmentFilter } from "./filter";
import { compileForAccount, isNameTaken, nameTaken, segmentName } from "./segment-fields";

export const createSegmentInput = z.strictObject({
  /** Unique in the account. */
  name: segmentName,
  filter: segmentFilter,
});

/** Saves a filter over the account's contacts; it is checked against the account's fields and lists now. */
export async function createSegment({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createSegmentInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const data = createSegmentInput.parse(input);
  await compileForAccount(ctx, data.filter);
  const now = ctx.now();
  const segment = { id: newId("seg"), name: data.name, filter: data.filter, createdAt: now, updatedAt: now };
  try {
    await ctx.db.batch([
      ctx.db.insert(segments).values({ ...segment, accountId: ctx.principal.accountId }),
      auditEntry(ctx, "segment.created", segment.id),
    ]);
  } catch (error) {
    if (isNameTaken(error)) throw nameTaken(data.name);
    throw error;
  }
  return segment;
}
