import { deliveryMessage } from "@edgepost/contracts";
import { type Ctx, completePipelineCheck, recordDeliveryFailure } from "@edgepost/core";

/** Seconds to wait before the next attempt: 10 s, 20 s, 40 s … capped at 10 minutes. */
export function retryDelay(attempts: number): number {
  return Math.min(600, 10 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Handles one message of the delivery queue on its own: ack on success, retry with backoff on any
 * failure (the database being unreachable, a provider timing out), and ack + record a message that
 * can never succeed, which would only clog the queue until its retries ran out.
 */
export async function deliver(ctx: Ctx, queue: string, message: Message<unknown>): Promise<void> {
  try {
    const parsed = deliveryMessage.safeParse(message.body);
    if (!parsed.success) {
      await recordDeliveryFailure({
        ctx,
        input: { queue, messageId: message.id, body: message.body, attempts: message.attempts },
      });
    } else {
      switch (parsed.data.kind) {
        case "pipeline_check": {
          const { found } = await completePipelineCheck({ ctx, input: parsed.data });
          if (!found)
            console.warn(JSON.stringify({ level: "warn", msg: "pipeline check gone", ...parsed.data }));
          break;
        }
      }
    }
    message.ack();
  } catch (error) {
    console.error(JSON.stringify({ level: "error", messageId: message.id, error: String(error) }));
    message.retry({ delaySeconds: retryDelay(message.attempts) });
  }
}

/**
 * Records a message that exhausted its retries on the delivery queue. If the record cannot be
 * written it is retried with the same backoff; the dead-letter queue keeps it up to 100 attempts.
 */
export async function recordDeadLetter(ctx: Ctx, queue: string, message: Message<unknown>): Promise<void> {
  try {
    await recordDeliveryFailure({
      ctx,
      input: { queue, messageId: message.id, body: message.body, attempts: message.attempts },
    });
    message.ack();
  } catch (error) {
    const body = JSON.stringify(message.body);
    console.error(
      JSON.stringify({ level: "error", msg: "dead letter not recorded", body, error: String(error) }),
    );
    message.retry({ delaySeconds: retryDelay(message.attempts) });
  }
}
