import { QUEUES } from "@edgepost/contracts";
import { createCtx } from "@edgepost/core";
import { healthzOnly } from "@edgepost/http";
import { smtpProviderFromUrl } from "@edgepost/messaging";
import { deliver, recordDeadLetter } from "./deliver";
import { envSchema } from "./env";
import { parseSender } from "./sender";

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  fetch: healthzOnly(envSchema),

  async queue(batch, env, execution) {
    // A misconfigured deploy throws here, so the whole batch is retried rather than lost.
    const bindings = envSchema.parse(env);
    const ctx = {
      ...createCtx(bindings, execution),
      email: smtpProviderFromUrl(bindings.SMTP_URL),
      from: parseSender(bindings.MAIL_FROM),
    };
    const handle = batch.queue === QUEUES.deliveryDeadLetter ? recordDeadLetter : deliver;
    for (const message of batch.messages) await handle(ctx, batch.queue, message);
  },
} satisfies ExportedHandler<CloudflareBindings, unknown>;
