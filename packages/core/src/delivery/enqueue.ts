import type { DeliveryMessage } from "@edgepost/contracts";
import type { DeliveryQueue } from "../context";
import { log } from "../logging/log";

/**
 * Sends a queue message for rows already committed. If the queue refuses, the message row stays
 * `queued` and is picked up again by the outbox sweep, so the caller's request still succeeds.
 */
export async function enqueue(delivery: DeliveryQueue, message: DeliveryMessage): Promise<void> {
  try {
    await delivery.send(message);
  } catch (error) {
    log("error", "enqueue failed; left for the outbox sweep", { error: String(error) });
  }
}
