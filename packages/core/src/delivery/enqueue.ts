import type { DeliveryMessage } from "@edgepost/contracts";
import type { DeliveryQueue } from "../context";
import { log } from "../logging/log";

/** The most messages one `sendBatch` takes (Cloudflare Queues). */
const QUEUE_BATCH = 100;

/**
 * Puts messages on the delivery queue for rows already committed, in batches of 100: the one way
 * every sender (the send path, system emails, the sweeps, the delivery and public workers) queues
 * work. A batch the queue refuses is logged, not thrown: its rows stay `queued`/`pending` and the
 * outbox sweep queues them again, so the caller's request still succeeds. Answers how many
 * messages were not queued.
 */
export async function enqueue(
  delivery: Pick<DeliveryQueue, "sendBatch">,
  messages: DeliveryMessage | readonly DeliveryMessage[],
): Promise<number> {
  const all = Array.isArray(messages) ? messages : [messages as DeliveryMessage];
  let missed = 0;
  for (let start = 0; start < all.length; start += QUEUE_BATCH) {
    const chunk = all.slice(start, start + QUEUE_BATCH);
    try {
      await delivery.sendBatch(chunk.map((body) => ({ body })));
    } catch (error) {
      missed += chunk.length;
      log("error", "enqueue failed; left for the outbox sweep", {
        count: chunk.length,
        error: String(error),
      });
    }
  }
  return missed;
}
