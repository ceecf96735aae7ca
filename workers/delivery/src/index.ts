import { QUEUES } from "@edgepost/contracts";
import { checkDatabase, createCtx } from "@edgepost/core";
import { parseBindings } from "@edgepost/http";
import { smtpProviderFromUrl } from "@edgepost/messaging";
import { deliver, recordDeadLetter } from "./deliver";
import { envSchema } from "./env";
import { parseSender } from "./sender";

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  async fetch(request, env, execution) {
    const bindings = parseBindings(envSchema, env);
    if (!bindings.ok) return bindings.response;
    if (new URL(request.url).pathname !== "/healthz") return new Response("Not found", { status: 404 });
    const health = await checkDatabase({ ctx: createCtx(bindings.env, execution) });
    return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
  },

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
