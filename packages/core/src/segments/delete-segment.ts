import { segments } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { findSegment } from "./segment-fields";

/** Deletes a segment; its contacts are not touched. */
export async function deleteSegment({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const { id } = await findSegment(ctx, input.id);
  await ctx.db.batch([
    ctx.db.delete(segments).where(and(eq(segments.accountId, ctx.principal.accountId), eq(segments.id, id))),
    auditEntry(ctx, "segment.deleted", id),
  ]);
  return { id };
}
