import { contactImports } from "@edgepost/db";
import { readRows, UnreadableFile } from "@edgepost/tabular";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { accountFields } from "../contacts/list-contact-fields";
import { DomainError } from "../errors";
import type { AccountTransferCtx } from "../transfers/file-store";
import { storedSource } from "../transfers/stored-source";
import { planColumns } from "./column-mapping";
import { findImport, importView } from "./import-record";

/** The largest file an import takes (Cloudflare's request body limit on every plan). */
const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/**
 * Stores the file of an import awaiting it, reads its header row to settle the columns (a 400 if
 * the mapping does not fit, and the file is dropped so another can be uploaded), and queues it.
 */
export async function uploadImportFile({
  ctx,
  input,
}: {
  ctx: AccountTransferCtx;
  /** `size`: the request's Content-Length, which object storage needs to take a stream. */
  input: { id: string; body: ReadableStream<Uint8Array> | null; size: number | undefined };
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const imp = await findImport(ctx, input.id);
  if (imp.status !== "awaiting_upload") {
    throw new DomainError("conflict", `The import has its file already (it is ${imp.status}).`);
  }
  if (
    input.body === null ||
    input.size === undefined ||
    !Number.isSafeInteger(input.size) ||
    input.size <= 0
  ) {
    throw new DomainError("length_required", "Send the file as the body, with its Content-Length.");
  }
  if (input.size > MAX_IMPORT_BYTES) {
    throw new DomainError("payload_too_large", "An import file may be at most 100 MiB.");
  }
  // Its own key: of two uploads racing, the loser's file is dropped without touching the winner's.
  const fileKey = `${imp.fileKey.replace(/~.*$/, "")}~${crypto.randomUUID()}`;
  await ctx.files.put(fileKey, input.body);
  const stored = await ctx.files.head(fileKey);
  const size = stored?.size ?? 0;
  let header: string[];
  let columns: Record<string, string>;
  try {
    const first = await firstRow(ctx, imp.format, fileKey, size, imp.settings.delimiter);
    const fields = await accountFields(ctx, imp.accountId);
    header = first.map((cell) => cell.trim());
    columns = planColumns(header, imp.settings.columns, fields).columns;
  } catch (error) {
    await ctx.files.delete(fileKey);
    if (error instanceof UnreadableFile)
      throw new DomainError("unreadable_file", `The file ${error.message}.`);
    throw error;
  }
  const [queued] = await ctx.db
    .update(contactImports)
    .set({
      status: "queued",
      fileKey,
      header,
      fileSize: size,
      settings: { ...imp.settings, columns },
      updatedAt: ctx.now(),
    })
    .where(and(eq(contactImports.id, imp.id), eq(contactImports.status, "awaiting_upload")))
    .returning();
  if (!queued) {
    await ctx.files.delete(fileKey);
    throw new DomainError("conflict", "The import got its file from another request.");
  }
  await ctx.transfers.send({ kind: "import", accountId: imp.accountId, importId: imp.id });
  return importView(queued);
}

/** The header: the first row of the file, or a 422 when there is none. */
async function firstRow(
  ctx: AccountTransferCtx,
  format: "csv" | "xlsx" | "xls",
  key: string,
  size: number,
  delimiter: string | undefined,
): Promise<string[]> {
  const rows = readRows(format, storedSource(ctx.files, key, size), delimiter ? { delimiter } : {});
  for await (const row of rows) {
    if (row.error !== undefined)
      throw new UnreadableFile(`cannot be read from its first row: it ${row.error}`);
    return row.cells;
  }
  throw new UnreadableFile("is empty");
}
