import { QUEUES } from "@edgepost/contracts";
import { createCtx, outboundFrom, providerSource } from "@edgepost/core";
import { healthzOnly } from "@edgepost/http";
import { emailProviderFromUrl } from "@edgepost/messaging";
import { type DeliveryCtx, deliver, recordDeadLetter } from "./deliver";
import { envSchema } from "./env";
import { parseSender } from "./sender";

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  fetch: healthzOnly(envSchema),

  async queue(batch, env, execution) {
    // A misconfigured deploy throws here, so the whole batch is retried rather than lost.
    const bindings = envSchema.parse(env);
    const base = createCtx(bindings, execution);
    const queue = bindings.DELIVERY_QUEUE;
    const outbound = outboundFrom(bindings);
    const ctx: DeliveryCtx = {
      ...base,
      outbound,
      providerFor: providerSource({
        platformUrl: bindings.EMAIL_PROVIDER_URL,
        outbound,
        providerFromUrl: emailProviderFromUrl,
      }),
      from: parseSender(bindings.MAIL_FROM),
      signingSecret: bindings.SIGNING_SECRET,
      publicUrl: bindings.PUBLIC_URL,
      unsubscribeMailbox: bindings.UNSUBSCRIBE_MAILBOX,
      retryBaseSeconds: bindings.RETRY_BASE_SECONDS,
      delivery: queue,
    };
    if (batch.queue === QUEUES.deliveryDeadLetter) {
      for (const message of batch.messages) await recordDeadLetter(ctx, batch.queue, message);
    } else {
      await deliver(ctx, batch.queue, batch.messages);
    }
  },
} satisfies ExportedHandler<CloudflareBindings, unknown>;
