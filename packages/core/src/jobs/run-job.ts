import { jobRuns, newId } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { requeueStalledCampaigns, startScheduledCampaigns } from "../campaigns/start-scheduled-campaigns";
import { accountInactivity } from "./account-inactivity";
import { expireHardBounces, expireSoftBounces } from "./expire-bounces";
import { expireStatistics } from "./expire-statistics";
import { expireTransfers } from "./expire-transfers";
import type { Job, JobBudget, JobCtx } from "./job";
import { pruneExpiredAuth } from "./prune-expired-auth";
import { prunePipelineChecks } from "./prune-pipeline-checks";
import { purgeClosedAccounts } from "./purge-closed-accounts";
import { removeDeletedUsers } from "./remove-deleted-users";
import { requeueStrandedMessages } from "./requeue-stranded-messages";
import { requeueStrandedTransfers } from "./requeue-stranded-transfers";
import { smtpCredentialInactivity } from "./smtp-credential-inactivity";

/** Every job the cron worker can run, by name. */
export const JOBS = {
  "prune-pipeline-checks": prunePipelineChecks,
  "prune-expired-auth": pruneExpiredAuth,
  "remove-deleted-users": removeDeletedUsers,
  "purge-closed-accounts": purgeClosedAccounts,
  "requeue-stranded-messages": requeueStrandedMessages,
  "expire-statistics": expireStatistics,
  "expire-hard-bounces": expireHardBounces,
  "expire-soft-bounces": expireSoftBounces,
  "smtp-credential-inactivity": smtpCredentialInactivity,
  "account-inactivity": accountInactivity,
  "expire-transfers": expireTransfers,
  "requeue-stranded-transfers": requeueStrandedTransfers,
  "start-scheduled-campaigns": startScheduledCampaigns,
  "requeue-stalled-campaigns": requeueStalledCampaigns,
} satisfies Record<string, Job>;

export type JobName = keyof typeof JOBS;

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

/** A run with no end recorded this long after its start died with its worker (Cron Triggers stop at 15 minutes). */
const LEASE_MS = 15 * 60_000;

/** What one run may do by default: rows looked at, and wall time. */
const DEFAULT_BUDGET = { rows: 50_000, ms: 25_000 };

/**
 * Runs one named job and records in `job_runs` when it ran, for which trigger, what it looked at
 * and changed, where it stopped and any error. A job whose last run was cut short by its budget
 * goes on from that run's cursor. Two runs of one job never overlap: a second one while the first
 * holds the lease is recorded as skipped.
 */
export async function runJob({
  ctx,
  input,
}: {
  ctx: JobCtx;
  input: { job: JobName; cron: string; budget?: Partial<JobBudget> };
}) {
  const id = newId("job");
  const now = ctx.now();
  await ctx.db
    .update(jobRuns)
    .set({
      status: "failed",
      error: "abandoned: no end recorded within 15 minutes",
      done: false,
      finishedAt: now,
    })
    .where(
      and(
        eq(jobRuns.job, input.job),
        eq(jobRuns.status, "running"),
        lt(jobRuns.startedAt, new Date(now.getTime() - LEASE_MS)),
      ),
    );
  const [previous] = await ctx.db
    .select({ cursor: jobRuns.cursor, done: jobRuns.done })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, input.job), eq(jobRuns.status, "succeeded")))
    .orderBy(desc(jobRuns.startedAt))
    .limit(1);
  const cursor = previous && !previous.done ? previous.cursor : null;
  const leased = await ctx.db
    .insert(jobRuns)
    .values({ id, job: input.job, cron: input.cron, status: "running", cursor, startedAt: now })
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
  const budget = {
    rows: input.budget?.rows ?? DEFAULT_BUDGET.rows,
    deadline: input.budget?.deadline ?? now.getTime() + DEFAULT_BUDGET.ms,
  };
  try {
    const result = await JOBS[input.job]({ ctx, input: { cursor, budget } });
    const record = {
      status: "succeeded" as const,
      examined: result.examined,
      changed: result.changed,
      cursor: result.done ? null : result.cursor,
      done: result.done,
      detail: result.detail ?? null,
      finishedAt: ctx.now(),
    };
    await ctx.db.update(jobRuns).set(record).where(eq(jobRuns.id, id));
    return { id, ...record };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await ctx.db
      .update(jobRuns)
      .set({ status: "failed", error: message.slice(0, 2000), done: false, finishedAt: ctx.now() })
      .where(eq(jobRuns.id, id));
    throw error;
  }
}
