import { jobRuns } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { JOB_NAMES, type JobName } from "./run-job";

export const listJobRunsInput = z.object({
  job: z.enum(JOB_NAMES as [JobName, ...JobName[]]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^job_[0-9a-z]{26}$/, "a cursor from a previous page")
    .optional(),
});

/** What the jobs did, newest run first, for the operator. */
export async function listJobRuns({ ctx, input }: { ctx: Ctx; input: z.input<typeof listJobRunsInput> }) {
  const { job, limit, cursor } = listJobRunsInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(jobRuns)
    .where(and(job ? eq(jobRuns.job, job) : undefined, cursor ? lt(jobRuns.id, cursor) : undefined))
    .orderBy(desc(jobRuns.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Jobs whose latest run stopped before it was done: the frequent trigger lets them go on. */
export async function unfinishedJobs({ ctx }: { ctx: Ctx }): Promise<JobName[]> {
  const unfinished: JobName[] = [];
  for (const job of JOB_NAMES) {
    const [last] = await ctx.db
      .select({ status: jobRuns.status, done: jobRuns.done })
      .from(jobRuns)
      .where(and(eq(jobRuns.job, job), eq(jobRuns.status, "succeeded")))
      .orderBy(desc(jobRuns.startedAt))
      .limit(1);
    if (last && !last.done) unfinished.push(job);
  }
  return unfinished;
}
