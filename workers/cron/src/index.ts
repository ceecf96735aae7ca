import { runJob } from "@edgepost/core";
import { createDb } from "@edgepost/db";
import { envSchema } from "./env";
import { SCHEDULE } from "./schedule";

export default {
  async scheduled(controller, rawEnv) {
    const env = envSchema.parse(rawEnv);
    const jobs = SCHEDULE[controller.cron];
    if (!jobs) throw new Error(`No jobs are scheduled for cron "${controller.cron}"`);
    const ctx = {
      db: createDb({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN }),
      now: () => new Date(),
    };
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
