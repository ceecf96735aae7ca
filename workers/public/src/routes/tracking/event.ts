import { enqueue, type readRecipientToken } from "@edgepost/core";
import { newId } from "@edgepost/db";
import type { Context } from "hono";
import type { Env } from "../../env";

type Recipient = NonNullable<Awaited<ReturnType<typeof readRecipientToken>>>;

/** The longest user agent kept with an event. */
const AGENT = 500;

/**
 * Queues one open or click after the response (`waitUntil`): the answer never waits for the
 * queue. The event's id is made here, so a message the queue delivers twice is written once.
 */
export function queueEvent(
  c: Context<{ Bindings: Env; Variables: { requestId: string } }>,
  recipient: Recipient,
  event: { type: "opened" | "clicked"; link?: number; machine: boolean },
): void {
  const at = Date.now();
  const userAgent = c.req.header("user-agent")?.slice(0, AGENT);
  const queued = enqueue(c.env.DELIVERY_QUEUE, {
    kind: "campaign_event",
    id: newId("cev", at),
    ...recipient,
    ...event,
    ...(userAgent ? { userAgent } : {}),
    at,
  });
  c.executionCtx.waitUntil(queued);
}

/** What no cache, shared or private, may keep: every hit is an event. */
export const NO_STORE = { "Cache-Control": "no-store, private" } as const;
