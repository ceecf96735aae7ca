import { type DeliveryMessage, deliveryMessage } from "@edgepost/contracts";
import { deliveryFailures, newId } from "@edgepost/db";
import type { Ctx } from "../context";

/**
 * Records a message that exhausted its retries. Idempotent per queue message id, so a dead letter
 * delivered twice is recorded once. A body that is not a known message is still recorded as-is.
 */
export async function recordDeliveryFailure({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { queue: string; messageId: string; body: unknown; attempts: number };
}) {
  const parsed = deliveryMessage.safeParse(input.body);
  const known: DeliveryMessage | undefined = parsed.success ? parsed.data : undefined;
  await ctx.db
    .insert(deliveryFailures)
    .values({
      id: newId("dlf"),
      queue: input.queue,
      messageId: input.messageId,
      accountId: known?.accountId,
      kind: known?.kind ?? "unknown",
      body: input.body ?? null,
      attempts: input.attempts,
      createdAt: ctx.now(),
    })
    .onConflictDoNothing({ target: deliveryFailures.messageId });
}
