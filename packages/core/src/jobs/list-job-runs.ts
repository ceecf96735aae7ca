import { jobRuns } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { JOB_NAMES, type JobName } from "./run-job";

export const listJobRunsInput = z.object({
  job: z.enum(JOB_NAMES as [JobName, ...JobName[]]).optional(),
  ...pageInput("job", { max: 200, byDefault: 50 }),
});

/** What the jobs did, newest run first, for the operator. */
export async function listJobRuns({ ctx, input }: { ctx: Ctx; input: z.input<typeof listJobRunsInput> }) {
  const { job, limit, cursor } = listJobRunsInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(jobRuns)
    .where(and(job ? eq(jobRuns.job, job) : undefined, pastCursor(jobRuns.id, cursor)))
    .orderBy(desc(jobRuns.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
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
