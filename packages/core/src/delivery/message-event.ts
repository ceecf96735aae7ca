import type { DeliveryMessage } from "@edgepost/contracts";
import { type MessageEventType, newId } from "@edgepost/db";
import { sql } from "drizzle-orm";
import type { Ctx } from "../context";

export interface MessageEvent {
  accountId: string;
  messageId: string;
  type: MessageEventType;
  recipient?: string | undefined;
  detail?: string | undefined;
  /** The provider's own event id: the same webhook delivered twice is recorded once. */
  providerEventId?: string | undefined;
  occurredAt: Date;
}

/**
 * Two statements to put right after the status change an event goes with, in one batch: the event,
 * written only if that change happened (`changes()`: a lost race records nothing) unless it is
 * to be recorded `always` (a provider's report; a repeated one is still recorded once), and one webhook delivery per enabled endpoint of the account subscribed to its type,
 * only if the event was written. `queuedFrom` turns the batch's results into the queue messages
 * to send once it has committed.
 */
export function messageEventWrites(
  ctx: Ctx,
  event: MessageEvent,
  only: "if-changed" | "always" = "if-changed",
) {
  const id = newId("evt", event.occurredAt.getTime());
  const at = event.occurredAt.getTime();
  const statements = [
    ctx.db.run(sql`
      insert into message_events (id, account_id, message_id, type, recipient, detail, provider_event_id, occurred_at)
      select ${id}, ${event.accountId}, ${event.messageId}, ${event.type}, ${event.recipient ?? null},
             ${event.detail ?? null}, ${event.providerEventId ?? null}, ${at}
      where ${only === "always" ? sql`true` : sql`changes() > 0`}
      on conflict do nothing`),
    ctx.db.all<{ id: string }>(sql`
      insert into webhook_deliveries (id, account_id, endpoint_id, event_id, status, attempts, created_at)
      select 'whd_' || ${id.slice(4, 14)} || lower(hex(randomblob(8))), ${event.accountId}, e.id, ${id}, 'pending', 0, ${at}
      from webhook_endpoints as e
      where changes() > 0 and e.account_id = ${event.accountId} and e.enabled = 1
        and exists (select 1 from json_each(e.events) where value = ${event.type})
      returning id`),
  ] as const;
  const queuedFrom = (hooks: { id: string }[]): DeliveryMessage[] =>
    hooks.map((hook) => ({ kind: "webhook", accountId: event.accountId, deliveryId: hook.id }));
  return { statements, queuedFrom };
}
