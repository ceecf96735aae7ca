import { pipelineChecks } from "@edgepost/db";
import { inArray, lt } from "drizzle-orm";
import type { Ctx } from "../context";
import type { JobResult } from "./job";

const result = (deleted: number, done: boolean): JobResult => ({
  examined: deleted,
  changed: deleted,
  cursor: null,
  done,
  detail: { deleted },
});

const PIPELINE_CHECK_RETENTION_DAYS = 7;
const CHUNK = 500;
const MAX_CHUNKS_PER_RUN = 200;

/**
 * Deletes pipeline checks older than the retention period, a chunk at a time. Idempotent and
 * resumable: a run cut short leaves the rest for the next run.
 */
export async function prunePipelineChecks({ ctx }: { ctx: Ctx }): Promise<JobResult> {
  const cutoff = new Date(ctx.now().getTime() - PIPELINE_CHECK_RETENTION_DAYS * 86_400_000);
  let deleted = 0;
  for (let chunk = 0; chunk < MAX_CHUNKS_PER_RUN; chunk++) {
    const batch = ctx.db
      .select({ id: pipelineChecks.id })
      .from(pipelineChecks)
      .where(lt(pipelineChecks.createdAt, cutoff))
      .limit(CHUNK);
    const removed = await ctx.db
      .delete(pipelineChecks)
      .where(inArray(pipelineChecks.id, batch))
      .returning({ id: pipelineChecks.id });
    deleted += removed.length;
    if (removed.length < CHUNK) return result(deleted, true);
  }
  return result(deleted, false);
}
