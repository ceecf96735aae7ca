import { QUEUES, type TransferMessage, transferMessage } from "@edgepost/contracts";
import {
  createCtx,
  type FanOutCtx,
  failTransfer,
  fanOutCampaign,
  log,
  processExport,
  processImport,
  type TransferCtx,
} from "@edgepost/core";
import { healthzOnly } from "@edgepost/http";
import { envSchema } from "./env";

/** The longest delay Queues takes on a message (12 hours). */
const MAX_DELAY_SECONDS = 43_200;

async function run(ctx: TransferCtx & FanOutCtx, body: TransferMessage, budgetMs: number): Promise<void> {
  if (body.kind === "export") return processExport({ ctx, input: body });
  if (body.kind === "campaign_fan_out") {
    const result = await fanOutCampaign({ ctx, input: body, budgetMs });
    if (!result.done) {
      const delaySeconds = Math.min(MAX_DELAY_SECONDS, result.delaySeconds);
      await ctx.transfers.send(body, delaySeconds > 0 ? { delaySeconds } : undefined);
    }
    return;
  }
  const { done } = await processImport({ ctx, input: body, budgetMs });
  if (!done) await ctx.transfers.send(body);
}

export default {
  /** Not routed in production (`workers_dev: false`); locally, a health check. */
  fetch: healthzOnly(envSchema),

  /**
   * One import, export or campaign fan-out per message. One that used its time budget is queued
   * again and goes on from its cursor (a rate-limited fan-out, later). A failure is recorded on it and the message retried; from the
   * dead-letter queue, it fails for good with that reason.
   */
  async queue(batch, env, execution) {
    const bindings = envSchema.parse(env);
    const ctx: TransferCtx & FanOutCtx = {
      ...createCtx(bindings, execution),
      files: bindings.FILES,
      transfers: bindings.TRANSFERS_QUEUE,
      delivery: bindings.DELIVERY_QUEUE,
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
