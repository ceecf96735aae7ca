import { contactImports, lists } from "@edgepost/db";
import { readRows, UnreadableFile } from "@edgepost/tabular";
import { and, eq, inArray } from "drizzle-orm";
import { accountFields } from "../contacts/list-contact-fields";
import type { Ctx } from "../context";
import { InvalidFields } from "../errors";
import type { TransferCtx } from "../transfers/file-store";
import { storedSource } from "../transfers/stored-source";
import { type CheckedRow, checkRow } from "./check-row";
import { planColumns } from "./column-mapping";
import type { ImportRow } from "./import-record";
import { type ImportChunk, writeImportChunk } from "./write-import-chunk";

/** Rows per chunk: one transaction each, small enough to hold the write lock only briefly. */
const IMPORT_CHUNK_ROWS = 1000;

/**
 * Reads an uploaded import from its cursor and writes it chunk by chunk, each all or nothing,
 * until the file ends (the import is completed and the upload deleted) or the time budget is
 * spent (`done: false`: queue it again to go on). The next chunk is read while the last one is
 * written. An unreadable file fails the import with the reason; rows already written stay.
 */
export async function processImport({
  ctx,
  input,
  budgetMs = 20_000,
}: {
  ctx: TransferCtx;
  input: { accountId: string; importId: string };
  budgetMs?: number;
}): Promise<{ done: boolean }> {
  const [imp] = await ctx.db
    .select()
    .from(contactImports)
    .where(
      and(
        eq(contactImports.id, input.importId),
        eq(contactImports.accountId, input.accountId),
        inArray(contactImports.status, ["queued", "processing"]),
      ),
    );
  if (!imp?.header || imp.fileSize === null) return { done: true };
  const started = Date.now();
  try {
    const plan = await planFor(ctx, imp, imp.header);
    const rows = readRows(imp.format, storedSource(ctx.files, imp.fileKey, imp.fileSize), {
      ...(imp.cursor ? { cursor: imp.cursor } : {}),
      ...(imp.settings.delimiter ? { delimiter: imp.settings.delimiter } : {}),
    });
    const options = { strictWidth: imp.format === "csv", defaultCountry: imp.settings.defaultCountry };
    let skipHeader = imp.cursor === null;
    let chunk = emptyChunk(imp.chunks + 1);
    let writing: Promise<"written" | "taken"> | undefined;
    // Waits for the chunk being written; false when another delivery had written it already.
    const settle = async () => (writing ? (await writing) === "written" : true);
    for await (const row of rows) {
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      const checked = checkRow(row, imp.header, plan, options);
      chunk.firstRow ||= row.number;
      chunk.lastRow = row.number;
      chunk.rowsRead++;
      chunk.cursor = row.cursor;
      chunk.progress = row.progress;
      if (checked) chunk.rows.push(checked);
      if (chunk.rowsRead < IMPORT_CHUNK_ROWS) continue;
      if (!(await settle())) return { done: true };
      writing = writeImportChunk(ctx, imp, chunk);
      writing.catch(() => undefined); // awaited by settle(); not an unhandled rejection meanwhile
      chunk = emptyChunk(chunk.seq + 1);
      if (Date.now() - started >= budgetMs) return { done: !(await settle()) };
    }
    if (!(await settle())) return { done: true };
    if (chunk.rowsRead > 0 && (await writeImportChunk(ctx, imp, chunk)) === "taken") return { done: true };
    await finish(ctx, imp, { status: "completed", progress: 1, error: null });
  } catch (error) {
    // Another delivery of the same import finished it meanwhile (and deleted the file).
    if (!(await isOpen(ctx, imp.id))) return { done: true };
    if (!(error instanceof UnreadableFile || error instanceof InvalidFields)) throw error;
    const reason = error instanceof UnreadableFile ? `The file ${error.message}.` : error.message;
    await finish(ctx, imp, { status: "failed", error: reason });
  }
  return { done: true };
}

async function isOpen(ctx: Ctx, id: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: contactImports.id })
    .from(contactImports)
    .where(and(eq(contactImports.id, id), inArray(contactImports.status, ["queued", "processing"])));
  return row !== undefined;
}

function emptyChunk(seq: number): ImportChunk & { rows: CheckedRow[] } {
  return { seq, rows: [], firstRow: 0, lastRow: 0, rowsRead: 0, cursor: "", progress: 0 };
}

/** The column plan as of now: a field or the list deleted since the upload fails the import. */
async function planFor(ctx: Ctx, imp: ImportRow, header: string[]) {
  const fields = await accountFields(ctx, imp.accountId);
  if (imp.settings.listId) {
    const [list] = await ctx.db
      .select({ id: lists.id })
      .from(lists)
      .where(and(eq(lists.id, imp.settings.listId), eq(lists.accountId, imp.accountId)));
    if (!list) throw new InvalidFields([{ path: "listId", message: "was deleted during the import" }]);
  }
  return planColumns(header, imp.settings.columns, fields).plan;
}

async function finish(
  ctx: TransferCtx,
  imp: ImportRow,
  outcome: { status: "completed"; progress: number; error: null } | { status: "failed"; error: string },
) {
  const now = ctx.now();
  await ctx.db
    .update(contactImports)
    .set({ ...outcome, updatedAt: now, finishedAt: now })
    .where(and(eq(contactImports.id, imp.id), inArray(contactImports.status, ["queued", "processing"])));
  // The upload holds personal data the contacts now hold: it is not kept.
  await ctx.files.delete(imp.fileKey);
}
