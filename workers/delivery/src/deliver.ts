import { deliveryMessage } from "@edgepost/contracts";
import {
  completePipelineCheck,
  type DeliverCtx,
  deliverEmail,
  deliverWebhook,
  enqueue,
  log,
  type Outbound,
  recordDeliveryFailure,
} from "@edgepost/core";
import { InjectedCrash } from "@edgepost/messaging";

/**
 * Seconds to wait before the next attempt: base, 2 × base, 4 × base … (10 s, 20 s, 40 s by default)
 * capped at 10 minutes, with ±20 % jitter so that a burst of failures does not come back at once.
 */
export function retryDelay(attempts: number, base = 10, random: () => number = Math.random): number {
  const delay = Math.min(600, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.8 + 0.4 * random()));
}

export type DeliveryCtx = DeliverCtx & {
  signingSecret: string;
  outbound: Outbound;
  retryBaseSeconds: number;
};

type Verdict = "ack" | "retry";

/**
 * Handles one message of the delivery queue on its own: ack on success, retry with backoff on any
 * failure (the database being unreachable, a provider timing out), and ack + record a message that
 * can never succeed, which would only clog the queue until its retries ran out.
 */
async function handle(ctx: DeliveryCtx, queue: string, message: Message<unknown>): Promise<Verdict> {
  const parsed = deliveryMessage.safeParse(message.body);
  if (!parsed.success) {
    await recordDeliveryFailure({
      ctx,
      input: { queue, messageId: message.id, body: message.body, attempts: message.attempts },
    });
    return "ack";
  }
  const body = parsed.data;
  switch (body.kind) {
    case "pipeline_check": {
      const { found } = await completePipelineCheck({ ctx, input: body });
      if (!found) log("warn", "pipeline check gone", body);
      return "ack";
    }
    case "email": {
      const result = await deliverEmail({ ctx, input: body });
      if (result.outcome === "retry" || result.outcome === "failed") {
        log(result.outcome === "retry" ? "info" : "error", "email not sent", {
          messageId: body.messageId,
          outcome: result.outcome,
          reason: result.reason,
        });
      }
      return result.outcome === "retry" ? "retry" : "ack";
    }
    case "webhook": {
      const result = await deliverWebhook({ ctx, input: body });
      return result.outcome === "retry" ? "retry" : "ack";
    }
  }
}

export async function deliver(ctx: DeliveryCtx, queue: string, message: Message<unknown>): Promise<void> {
  let verdict: Verdict;
  try {
    verdict = await handle(ctx, queue, message);
  } catch (error) {
    // The fault-injecting provider's "the worker died here": nothing more of this batch runs, and
    // the queue redelivers every message not acknowledged yet, as it would after a real crash.
    if (error instanceof InjectedCrash) throw error;
    log("error", "delivery queue message failed; retried", {
      queueMessageId: message.id,
      error: String(error),
    });
    verdict = "retry";
  }
  if (verdict === "ack") message.ack();
  else message.retry({ delaySeconds: retryDelay(message.attempts, ctx.retryBaseSeconds) });
}

/**
 * Records a message that exhausted its retries on the delivery queue (an email among them is
 * marked failed, with its event and webhooks). If the record cannot be written it is retried with
 * the same backoff; the dead-letter queue keeps it up to 100 attempts.
 */
export async function recordDeadLetter(
  ctx: DeliveryCtx,
  queue: string,
  message: Message<unknown>,
): Promise<void> {
  try {
    const webhooks = await recordDeliveryFailure({
      ctx,
      input: { queue, messageId: message.id, body: message.body, attempts: message.attempts },
    });
    await enqueue(ctx.delivery, webhooks);
    message.ack();
  } catch (error) {
    log("error", "dead letter not recorded", { body: message.body, error: String(error) });
    message.retry({ delaySeconds: retryDelay(message.attempts, ctx.retryBaseSeconds) });
  }
}
