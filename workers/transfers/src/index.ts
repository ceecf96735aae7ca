import { QUEUES, type TransferMessage, transferMessage } from "@edgepost/contracts";
import { createCtx, failTransfer, log, processExport, processImport, type TransferCtx } from "@edgepost/core";
import { healthzOnly } from "@edgepost/http";
import { envSchema } from "./env";

async function run(ctx: TransferCtx, body: TransferMessage, budgetMs: number): Promise<void> {
  if (body.kind === "export") return processExport({ ctx, input: body });
  const { done } = await processImport({ ctx, input: body, budgetMs });
  if (!done) await ctx.transfers.send(body);
}

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  fetch: healthzOnly(envSchema),

  /**
   * One import or export per message. An import that used its time budget is queued again and
   * goes on from its cursor. A failure is recorded on it and the message retried; from the
   * dead-letter queue, it fails for good with that reason.
   */
  async queue(batch, env, execution) {
    const bindings = envSchema.parse(env);
    const ctx: TransferCtx = {
      ...createCtx(bindings, execution),
      files: bindings.FILES,
      transfers: bindings.TRANSFERS_QUEUE,
      signingSecret: bindings.SIGNING_SECRET,
    };
    const final = batch.queue === QUEUES.transfersDeadLetter;
    for (const message of batch.messages) {
      const parsed = transferMessage.safeParse(message.body);
      if (!parsed.success) {
        log("error", "not a transfer message", { body: message.body });
        message.ack();
        continue;
      }
      if (final) {
        const reason = "gave up: the retries of edgepost-transfers ran out";
        await failTransfer({ ctx, input: { message: parsed.data, reason, final: true } });
        message.ack();
        continue;
      }
      try {
        await run(ctx, parsed.data, bindings.IMPORT_BUDGET_MS);
        message.ack();
      } catch (error) {
        log("error", "transfer failed", { body: parsed.data, error: String(error) });
        await failTransfer({ ctx, input: { message: parsed.data, reason: String(error), final: false } });
        message.retry();
      }
    }
  },
} satisfies ExportedHandler<CloudflareBindings, unknown>;
