import { contactExports, newId } from "@edgepost/db";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import { findList } from "../contacts/list-record";
import { listId } from "../contacts/shared";
import { InvalidFields } from "../errors";
import { findSegment, segmentId } from "../segments/segment-fields";
import type { AccountTransferCtx } from "../transfers/file-store";
import { exportView } from "./export-record";

/** How long an export's file is kept. */
const EXPORT_FILE_MS = 7 * 24 * 60 * 60_000;

export const createExportInput = z.strictObject({
  format: z.enum(["csv", "xlsx"]),
  /** Only the contacts on this list, with their status on it. */
  listId: listId.optional(),
  /** Only the contacts in this segment now. */
  segmentId: segmentId.optional(),
});

/** Queues an export of the account's contacts, of one list's or of one segment's. */
export async function createExport({
  ctx,
  input,
}: {
  ctx: AccountTransferCtx & { linkBase: string };
  input: z.input<typeof createExportInput>;
}) {
  assertPermission(ctx, "contacts:read");
  assertCanWrite(ctx);
  const data = createExportInput.parse(input);
  if (data.listId && data.segmentId) {
    throw new InvalidFields([{ path: "segmentId", message: "give a list or a segment, not both" }]);
  }
  if (data.listId) await findList(ctx, data.listId);
  if (data.segmentId) await findSegment(ctx, data.segmentId);
  const now = ctx.now();
  const id = newId("exp", now.getTime());
  const [[created]] = await ctx.db.batch([
    ctx.db
      .insert(contactExports)
      .values({
        id,
        accountId: ctx.principal.accountId,
        format: data.format,
        source: data.listId ? "list" : data.segmentId ? "segment" : "contacts",
        sourceId: data.listId ?? data.segmentId ?? null,
        status: "queued",
        createdBy: ctx.principal.actor,
        fileKey: `accounts/${ctx.principal.accountId}/exports/${id}.${data.format}`,
        createdAt: now,
        updatedAt: now,
        expiresAt: new Date(now.getTime() + EXPORT_FILE_MS),
      })
      .returning(),
    auditEntry(ctx, "export.created", id),
  ]);
  await ctx.transfers.send({ kind: "export", accountId: ctx.principal.accountId, exportId: id });
  if (!created) throw new Error("the export was not written");
  return exportView(ctx, created);
}
