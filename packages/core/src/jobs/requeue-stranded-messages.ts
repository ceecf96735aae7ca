import type { DeliveryMessage } from "@edgepost/contracts";
import { messages, webhookDeliveries } from "@edgepost/db";
import { and, asc, eq, gt, lt, or } from "drizzle-orm";
import type { Ctx, DeliveryQueue } from "../context";
import { CLAIM_TIMEOUT_MS } from "../delivery/claim-emails";
import { enqueue } from "../delivery/enqueue";
import type { JobResult } from "./job";

/** A message still unattempted this long after it was written never reached the queue. */
const STRANDED_AFTER_MS = 15 * 60_000;
const BATCH = 100;
const MAX_BATCHES_PER_RUN = 20;

/**
 * The outbox sweep: a message is written before it is queued, so when queueing failed (the queue
 * refused, the worker died in between) the row is still here, never attempted; and a delivery that
 * died mid-send leaves its claim behind. Both go on the queue again, and so do webhook deliveries
 * never attempted. The delivery worker claims a
 * message before sending, so a message already on its way is not sent twice.
 */
export async function requeueStrandedMessages({
  ctx,
}: {
  ctx: Ctx & { delivery: DeliveryQueue };
}): Promise<JobResult> {
  const cutoff = new Date(ctx.now().getTime() - STRANDED_AFTER_MS);
  const claimCutoff = new Date(ctx.now().getTime() - CLAIM_TIMEOUT_MS);
  let requeued = 0;
  let after: string | undefined;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const rows = await ctx.db
      .select({ id: messages.id, accountId: messages.accountId })
      .from(messages)
      .where(
        and(
          or(
            // written but never queued
            and(eq(messages.status, "queued"), eq(messages.attempts, 0), lt(messages.createdAt, cutoff)),
            // claimed by a delivery that died mid-send (its queue message is gone by now)
            and(eq(messages.status, "sending"), lt(messages.claimedAt, claimCutoff)),
          ),
          after === undefined ? undefined : gt(messages.id, after),
        ),
      )
      .orderBy(asc(messages.id))
      .limit(BATCH);
    const missed = await enqueue(
      ctx.delivery,
      rows.map((row): DeliveryMessage => ({ kind: "email", accountId: row.accountId, messageId: row.id })),
    );
    if (missed > 0) throw new Error(`the delivery queue refused ${missed} messages; the next sweep retries`);
    requeued += rows.length;
    if (rows.length < BATCH) return result(requeued + (await requeueStrandedWebhooks(ctx, cutoff)), true);
    after = rows.at(-1)?.id;
  }
  return result(requeued, false);
}

const result = (requeued: number, done: boolean): JobResult => ({
  examined: requeued,
  changed: requeued,
  cursor: null,
  done,
  detail: { requeued },
});

/** Webhook deliveries are written with their event, then queued: those never attempted are queued again. */
async function requeueStrandedWebhooks(
  ctx: Ctx & { delivery: DeliveryQueue },
  cutoff: Date,
): Promise<number> {
  const rows = await ctx.db
    .select({ id: webhookDeliveries.id, accountId: webhookDeliveries.accountId })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.status, "pending"),
        eq(webhookDeliveries.attempts, 0),
        lt(webhookDeliveries.createdAt, cutoff),
      ),
    )
    .orderBy(asc(webhookDeliveries.createdAt))
    .limit(BATCH * MAX_BATCHES_PER_RUN);
  const missed = await enqueue(
    ctx.delivery,
    rows.map((row) => ({ kind: "webhook" as const, accountId: row.accountId, deliveryId: row.id })),
  );
  if (missed > 0)
    throw new Error(`the delivery queue refused ${missed} webhook deliveries; the next sweep retries`);
  return rows.length;
}
