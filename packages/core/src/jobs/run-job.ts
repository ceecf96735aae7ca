import { jobRuns, newId } from "@edgepost/db";
import { and, eq, lt } from "drizzle-orm";
import type { Ctx, DeliveryQueue } from "../context";
import { pruneExpiredAuth } from "./prune-expired-auth";
import { prunePipelineChecks } from "./prune-pipeline-checks";
import { purgeClosedAccounts } from "./purge-closed-accounts";
import { removeDeletedUsers } from "./remove-deleted-users";
import { requeueStrandedMessages } from "./requeue-stranded-messages";

/** What every job runs with. */
export type JobCtx = Ctx & { delivery: DeliveryQueue };

/** Every job the cron worker can run, by name. */
export const JOBS = {
  "prune-pipeline-checks": prunePipelineChecks,
  "prune-expired-auth": pruneExpiredAuth,
  "remove-deleted-users": removeDeletedUsers,
  "purge-closed-accounts": purgeClosedAccounts,
  "requeue-stranded-messages": requeueStrandedMessages,
} satisfies Record<string, (args: { ctx: JobCtx }) => Promise<Record<string, unknown>>>;

export type JobName = keyof typeof JOBS;

/** A run with no end recorded this long after its start died with its worker (Cron Triggers stop at 15 minutes). */
const LEASE_MS = 15 * 60_000;

/**
 * Runs one named job and records in `job_runs` when it ran, for which cron, and what it did. Two
 * runs of one job never overlap: a second one while the first holds the lease is recorded as skipped.
 */
export async function runJob({ ctx, input }: { ctx: JobCtx; input: { job: JobName; cron: string } }) {
  const id = newId("job");
  const now = ctx.now();
  await ctx.db
    .update(jobRuns)
    .set({
      status: "failed",
      detail: { error: "abandoned: no end recorded within 15 minutes" },
      finishedAt: now,
    })
    .where(
      and(
        eq(jobRuns.job, input.job),
        eq(jobRuns.status, "running"),
        lt(jobRuns.startedAt, new Date(now.getTime() - LEASE_MS)),
      ),
    );
  const leased = await ctx.db
    .insert(jobRuns)
    .values({ id, job: input.job, cron: input.cron, status: "running", startedAt: now })
    .onConflictDoNothing()
    .returning({ id: jobRuns.id });
  if (leased.length === 0) {
    const detail = { reason: "another run of this job is in progress" };
    await ctx.db.insert(jobRuns).values({
      id,
      job: input.job,
      cron: input.cron,
      status: "skipped",
      detail,
      startedAt: now,
      finishedAt: now,
    });
    return { id, status: "skipped" as const, detail };
  }
  try {
    const detail = await JOBS[input.job]({ ctx });
    await ctx.db
      .update(jobRuns)
      .set({ status: "succeeded", detail, finishedAt: ctx.now() })
      .where(eq(jobRuns.id, id));
    return { id, status: "succeeded" as const, detail };
  } catch (error) {
    const detail = { error: error instanceof Error ? error.message : String(error) };
    await ctx.db
      .update(jobRuns)
      .set({ status: "failed", detail, finishedAt: ctx.now() })
      .where(eq(jobRuns.id, id));
    throw error;
  }
}
