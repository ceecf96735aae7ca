import { QUEUES } from "@edgepost/contracts";
import { createCtx, dkimSource, outboundFrom, providerSource } from "@edgepost/core";
import { healthzOnly } from "@edgepost/http";
import { emailProviderFromUrl } from "@edgepost/messaging";
import { type DeliveryCtx, deliver, recordDeadLetter } from "./deliver";
import { envSchema } from "./env";
import { parseSender } from "./sender";

/** At most this many messages of a batch are with providers at once (provider and socket limits). */
const CONCURRENCY = 6;

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
      providerFor: providerSource(base, {
        platformUrl: bindings.EMAIL_PROVIDER_URL,
        signingSecret: bindings.SIGNING_SECRET,
        outbound,
        providerFromUrl: emailProviderFromUrl,
      }),
      dkimFor: dkimSource(base, bindings.SIGNING_SECRET),
      from: parseSender(bindings.MAIL_FROM),
      signingSecret: bindings.SIGNING_SECRET,
      retryBaseSeconds: bindings.RETRY_BASE_SECONDS,
      delivery: queue,
    };
    const handle = batch.queue === QUEUES.deliveryDeadLetter ? recordDeadLetter : deliver;
    const pending = [...batch.messages];
    const worker = async () => {
      for (let message = pending.shift(); message; message = pending.shift())
        await handle(ctx, batch.queue, message);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pending.length) }, worker));
  },
} satisfies ExportedHandler<CloudflareBindings, unknown>;
