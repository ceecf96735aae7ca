import { contactExports } from "@edgepost/db";
import { asc, inArray, lt } from "drizzle-orm";
import type { Ctx } from "../context";
import type { FileStore } from "../transfers/file-store";
import { CHUNK, type JobInput, type JobResult, outOfBudget } from "./job";

/**
 * Deletes exports past their expiry: the file first, then the row, a chunk at a time. A file
 * already gone is fine (R2 deletes are idempotent), so a run cut short between the two is redone.
 */
export async function expireExports({
  ctx,
  input,
}: {
  ctx: Ctx & { files: FileStore };
  input: JobInput;
}): Promise<JobResult> {
  let examined = 0;
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
    examined += rows.length;
    const done = rows.length < CHUNK;
    if (done || outOfBudget(ctx, input.budget, examined)) {
      return { examined, changed: examined, cursor: null, done, detail: { deleted: examined } };
    }
  }
}
