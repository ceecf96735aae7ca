import { type DeliveryMessage, deliveryMessage, QUEUES } from "@edgepost/contracts";
import { deliveryFailures, messages, newId } from "@edgepost/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import { giveUpRecipients } from "../campaigns/give-up-recipients";
import type { Ctx } from "../context";
import { INTERRUPTED } from "../delivery/claim-emails";
import { messageEventWrites } from "../delivery/message-event";
import { failWebhookDelivery } from "../webhooks/deliver-webhook";

/**
 * Records a message that exhausted its retries, and marks an email that never went out as failed.
 * Idempotent per queue message id, so a dead letter delivered twice is recorded once. A body that is
 * not a known message is still recorded as-is. Returns the webhooks to queue for the `failed` event.
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
  const record = ctx.db
    .insert(deliveryFailures)
    .values({
      id: newId("dlf"),
      queue: input.queue,
      messageId: input.messageId,
      accountId: known && "accountId" in known ? known.accountId : undefined,
      kind: known?.kind ?? "unknown",
      body: input.body ?? null,
      attempts: input.attempts,
      createdAt: ctx.now(),
    })
    .onConflictDoNothing({ target: deliveryFailures.messageId });
  if (known?.kind === "webhook") {
    await record;
    await failWebhookDelivery({
      ctx,
      input: { ...known, reason: `gave up: the retries of ${QUEUES.delivery} ran out` },
    });
    return [];
  }
  if (known?.kind === "campaign") {
    await record;
    await giveUpRecipients(ctx, known, `gave up: the retries of ${QUEUES.delivery} ran out`);
    return [];
  }
  if (known?.kind !== "email") {
    await record;
    return [];
  }
  // The message itself is given up on, visibly: its row says failed, never silently queued forever.
  const reason = `gave up: the retries of ${QUEUES.delivery} ran out`;
  const writes = messageEventWrites(ctx, {
    accountId: known.accountId,
    messageId: known.messageId,
    type: "failed",
    detail: reason,
    occurredAt: ctx.now(),
  });
  const [, , , hooks] = await ctx.db.batch([
    record,
    ctx.db
      .update(messages)
      .set({
        status: "failed",
        claimedAt: null,
        // Still claimed: the last attempt was cut off mid-send, so it may have gone out after all.
        error: sql`${reason} || case when ${messages.status} = 'sending' then ${INTERRUPTED} else '' end
          || coalesce('; last error: ' || ${messages.error}, '')`,
        updatedAt: ctx.now(),
      })
      .where(
        and(
          eq(messages.id, known.messageId),
          eq(messages.accountId, known.accountId),
          inArray(messages.status, ["queued", "sending"]),
        ),
      ),
    ...writes.statements,
  ]);
  return writes.queuedFrom(hooks);
}
