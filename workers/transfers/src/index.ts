import { transferMessage } from "@edgepost/contracts";
import { createCtx, processExport, processImport, type TransferCtx } from "@edgepost/core";
import { healthzOnly } from "@edgepost/http";
import { envSchema } from "./env";

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  fetch: healthzOnly(envSchema),

  /**
   * One import or export per message. An import that used its time budget is queued again and
   * goes on from its cursor; an error leaves the message to the queue's retries.
   */
  async queue(batch, env, execution) {
    const bindings = envSchema.parse(env);
    const ctx: TransferCtx = {
      ...createCtx(bindings, execution),
      files: env.FILES,
      transfers: env.TRANSFERS_QUEUE,
      signingSecret: bindings.SIGNING_SECRET,
    };
    for (const message of batch.messages) {
      const parsed = transferMessage.safeParse(message.body);
      if (!parsed.success) {
        console.error(JSON.stringify({ level: "error", msg: "not a transfer message", body: message.body }));
        message.ack();
        continue;
      }
      const body = parsed.data;
      if (body.kind === "import") {
        const { done } = await processImport({ ctx, input: body, budgetMs: bindings.IMPORT_BUDGET_MS });
        if (!done) await ctx.transfers.send(body);
      } else {
        await processExport({ ctx, input: body });
      }
      message.ack();
    }
  },
} satisfies ExportedHandler<CloudflareBindings, unknown>;
