import { createCtx, runJob, unfinishedJobs } from "@edgepost/core";
import { healthzOnly } from "@edgepost/http";
import { envSchema } from "./env";
import { SCHEDULE } from "./schedule";

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  fetch: healthzOnly(envSchema),

  async scheduled(controller, env, execution) {
    const bindings = envSchema.parse(env);
    const ctx = {
      ...createCtx(bindings, execution),
      delivery: bindings.DELIVERY_QUEUE,
      transfers: bindings.TRANSFERS_QUEUE,
      files: bindings.FILES,
    };
    const entry = SCHEDULE[controller.cron];
    if (!entry) throw new Error(`No jobs are scheduled for cron "${controller.cron}"`);
    const resumed = entry.resumeUnfinished ? await unfinishedJobs({ ctx }) : [];
    const jobs = [...new Set([...entry.jobs, ...resumed])];
    const failures: unknown[] = [];
    // One failing job does not stop the others; the run is still reported as failed.
    for (const job of jobs) {
      await runJob({ ctx, input: { job, cron: controller.cron } }).catch((error: unknown) =>
        failures.push(error),
      );
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} job(s) failed`);
  },
} satisfies ExportedHandler<CloudflareBindings>;
