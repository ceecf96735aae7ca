import { contactExports, contactImports } from "@edgepost/db";
import { and, asc, inArray, lt } from "drizzle-orm";
import type { Ctx } from "../context";
import type { TransferQueue } from "../transfers/file-store";
import type { JobResult } from "./job";

/**
 * An import writes its progress every chunk; an export works for minutes at most. One untouched
 * this long lost its queue message (the queue refused it, or the consumer died past its retries).
 */
const STRANDED_AFTER_MS = 30 * 60_000;
const BATCH = 100;

/**
 * Puts imports and exports that stopped moving back on the transfers queue: an import goes on from
 * its cursor, an export starts again. Each is touched, so the next sweep waits for it again.
 */
export async function requeueStrandedTransfers({
  ctx,
}: {
  ctx: Ctx & { transfers: TransferQueue };
}): Promise<JobResult> {
  const now = ctx.now();
  const cutoff = new Date(now.getTime() - STRANDED_AFTER_MS);
  const open = ["queued", "processing"] as const;
  const [imports, exports] = await ctx.db.batch([
    ctx.db
      .select({ id: contactImports.id, accountId: contactImports.accountId })
      .from(contactImports)
      .where(and(inArray(contactImports.status, open), lt(contactImports.updatedAt, cutoff)))
      .orderBy(asc(contactImports.updatedAt))
      .limit(BATCH),
    ctx.db
      .select({ id: contactExports.id, accountId: contactExports.accountId })
      .from(contactExports)
      .where(and(inArray(contactExports.status, open), lt(contactExports.updatedAt, cutoff)))
      .orderBy(asc(contactExports.updatedAt))
      .limit(BATCH),
  ]);
  for (const row of imports) {
    await ctx.transfers.send({ kind: "import", accountId: row.accountId, importId: row.id });
  }
  for (const row of exports) {
    await ctx.transfers.send({ kind: "export", accountId: row.accountId, exportId: row.id });
  }
  if (imports.length + exports.length > 0) {
    await ctx.db.batch([
      ctx.db
        .update(contactImports)
        .set({ updatedAt: now })
        .where(
          inArray(
            contactImports.id,
            imports.map((r) => r.id),
          ),
        ),
      ctx.db
        .update(contactExports)
        .set({ updatedAt: now })
        .where(
          inArray(
            contactExports.id,
            exports.map((r) => r.id),
          ),
        ),
    ]);
  }
  const requeued = imports.length + exports.length;
  return {
    examined: requeued,
    changed: requeued,
    cursor: null,
    done: imports.length < BATCH && exports.length < BATCH,
    detail: { imports: imports.length, exports: exports.length },
  };
}
