import { QUEUES } from "@edgepost/contracts";
import { recordDeliveryFailure } from "@edgepost/core";
import { createDb } from "@edgepost/db";
import { deliver } from "./deliver";
import { envSchema } from "./env";

export default {
  async queue(batch, rawEnv) {
    // A misconfigured deploy throws here, so the whole batch is retried rather than lost.
    const env = envSchema.parse(rawEnv);
    const ctx = {
      db: createDb({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN }),
      now: () => new Date(),
    };
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
