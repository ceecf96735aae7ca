import { checkDatabase, createCtx, runJob } from "@edgepost/core";
import { parseBindings } from "@edgepost/http";
import { envSchema } from "./env";
import { SCHEDULE } from "./schedule";

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  async fetch(request, env, execution) {
    const bindings = parseBindings(envSchema, env);
    if (!bindings.ok) return bindings.response;
    if (new URL(request.url).pathname !== "/healthz") return new Response("Not found", { status: 404 });
    const health = await checkDatabase({ ctx: createCtx(bindings.env, execution) });
    return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
  },

  async scheduled(controller, env, execution) {
    const bindings = envSchema.parse(env);
    const ctx = { ...createCtx(bindings, execution), delivery: bindings.DELIVERY_QUEUE };
    const jobs = SCHEDULE[controller.cron];
    if (!jobs) throw new Error(`No jobs are scheduled for cron "${controller.cron}"`);
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
