import { QUEUES } from "@edgepost/contracts";
import { checkDatabase, createCtx, recordDeliveryFailure } from "@edgepost/core";
import { deliver } from "./deliver";
import { envSchema } from "./env";

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  async fetch(request, rawEnv) {
    if (new URL(request.url).pathname !== "/healthz") return new Response("Not found", { status: 404 });
    const health = await checkDatabase({ ctx: createCtx(envSchema.parse(rawEnv)) });
    return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
  },

  async queue(batch, rawEnv) {
    // A misconfigured deploy throws here, so the whole batch is retried rather than lost.
    const ctx = createCtx(envSchema.parse(rawEnv));
    if (batch.queue === QUEUES.deliveryDeadLetter) {
      for (const message of batch.messages) {
        try {
          await recordDeliveryFailure({
            ctx,
            input: {
              queue: batch.queue,
              messageId: message.id,
              body: message.body,
              attempts: message.attempts,
            },
          });
          message.ack();
        } catch (error) {
          console.error(
            JSON.stringify({ level: "error", msg: "dead letter not recorded", error: String(error) }),
          );
          message.retry({ delaySeconds: 30 });
        }
      }
      return;
    }
    for (const message of batch.messages) await deliver(ctx, batch.queue, message);
  },
} satisfies ExportedHandler<CloudflareBindings, unknown>;
