import { contactExports, contactImportChunks, contactImports } from "@edgepost/db";
import { and, asc, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { FileStore } from "../transfers/file-store";
import { CHUNK, type JobInput, type JobResult, outOfBudget } from "./job";

/** How long an import's row-level error report (which repeats the faulty values) is kept. */
const IMPORT_REPORT_MS = 30 * 86_400_000;

/**
 * Deletes what imports and exports leave behind once it is no longer needed: an export past its
 * expiry (the file first, then the row — R2 deletes are idempotent, so a run cut short between the
 * two is simply redone) and the error reports of imports finished 30 days ago. The import itself
 * stays: its consent declaration is part of its contacts' proof of consent.
 */
export async function expireTransfers({
  ctx,
  input,
}: {
  ctx: Ctx & { files: FileStore };
  input: JobInput;
}): Promise<JobResult> {
  let exports = 0;
  let reports = 0;
  for (;;) {
    const rows = await ctx.db
      .select({ id: contactExports.id, fileKey: contactExports.fileKey })
      .from(contactExports)
      .where(lt(contactExports.expiresAt, ctx.now()))
      .orderBy(asc(contactExports.expiresAt))
      .limit(CHUNK);
    if (rows.length > 0) {
      await ctx.files.delete(rows.map((r) => r.fileKey));
      await ctx.db.delete(contactExports).where(
        inArray(
          contactExports.id,
          rows.map((r) => r.id),
        ),
      );
    }
    exports += rows.length;
    if (rows.length < CHUNK) break;
    if (outOfBudget(ctx, input.budget, exports)) return result(exports, reports, false);
  }
  const finishedBefore = new Date(ctx.now().getTime() - IMPORT_REPORT_MS);
  for (;;) {
    const removed = await ctx.db
      .delete(contactImportChunks)
      .where(
        sql`rowid in (select ${contactImportChunks}.rowid from ${contactImportChunks}
          join ${contactImports} on ${contactImports.id} = ${contactImportChunks.importId}
          where ${and(isNotNull(contactImports.finishedAt), lt(contactImports.finishedAt, finishedBefore))}
          limit ${CHUNK})`,
      )
      .returning({ seq: contactImportChunks.seq });
    reports += removed.length;
    if (removed.length < CHUNK) return result(exports, reports, true);
    if (outOfBudget(ctx, input.budget, exports + reports)) return result(exports, reports, false);
  }
}

const result = (exports: number, reports: number, done: boolean): JobResult => ({
  examined: exports + reports,
  changed: exports + reports,
  cursor: null,
  done,
  detail: { exports, importReportChunks: reports },
});
