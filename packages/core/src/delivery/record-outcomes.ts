import type { DeliveryMessage } from "@edgepost/contracts";
import { newId } from "@edgepost/db";
import { sql } from "drizzle-orm";
import { utcDay } from "../campaign-stats/add-to-day";
import type { Ctx, DeliveryQueue } from "../context";
import { enqueue } from "./enqueue";

/** What became of one claimed message: sent, failed for good, or released (`queued`) for a retry. */
export interface Outcome {
  id: string;
  status: "sent" | "failed" | "queued";
  providerMessageId?: string;
  error: string | null;
  /**
   * Released after the provider may have taken it in a call it deduplicates: the message keeps that
   * call's key, so the next attempt makes the same call again instead of a new one.
   */
  keepSendKey?: boolean;
}

/**
 * Records the outcomes of a batch's claimed messages in one round trip: every status change (only
 * where the claim is still this delivery's: a delivery taken over records nothing), an event for
 * each sent or failed message whose change landed, a delivery for each of the account's webhooks
 * subscribed to it, and the account's daily statistics (sent, failures) of transactional email;
 * then queues those webhooks in one call. Answers the ids whose change landed.
 */
export async function recordOutcomes(
  ctx: Ctx & { delivery: DeliveryQueue },
  claim: string,
  outcomes: readonly Outcome[],
): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const at = ctx.now().getTime();
  const changes = sql.join(
    outcomes.map(
      (o) =>
        sql`(${o.id}, ${o.status}, ${o.providerMessageId ?? null}, ${o.error}, ${o.keepSendKey ? 1 : 0})`,
    ),
    sql`, `,
  );
  const terminal = outcomes.filter((o) => o.status !== "queued");
  const events = terminal.map((o) => ({ messageId: o.id, eventId: newId("evt", at) }));
  const statements = [
    ctx.db.all<{ id: string }>(sql`
      with v(id, status, provider_message_id, error, keep_send_key) as (values ${changes})
      update messages set
        status = v.status,
        provider_message_id = coalesce(v.provider_message_id, messages.provider_message_id),
        sent_at = case when v.status = 'sent' then ${at} else messages.sent_at end,
        error = v.error,
        claimed_at = case when v.status = 'sent' then messages.claimed_at end,
        send_key = case when v.keep_send_key = 1 then messages.send_key end,
        updated_at = ${at}
      from v
      where messages.id = v.id and messages.status = 'sending' and messages.claim = ${claim}
      returning messages.id as id`),
  ] as const;
  if (events.length === 0) {
    const [landed] = await ctx.db.batch(statements);
    return new Set(landed.map((row) => row.id));
  }
  const pairs = sql.join(
    events.map((e) => sql`(${e.messageId}, ${e.eventId})`),
    sql`, `,
  );
  const messageIds = sql.join(
    events.map((e) => sql`${e.messageId}`),
    sql`, `,
  );
  const eventIds = sql.join(
    events.map((e) => sql`${e.eventId}`),
    sql`, `,
  );
  const [landed, , hooks] = await ctx.db.batch([
    ...statements,
    // Only the changes that landed: the claim is still ours and the row was written just now.
    ctx.db.run(sql`
      with v(message_id, event_id) as (values ${pairs})
      insert into message_events (id, account_id, message_id, type, recipient, detail, provider_event_id, occurred_at)
      select v.event_id, m.account_id, m.id, m.status, null,
             case m.status when 'sent' then m.provider else m.error end, null, ${at}
      from v join messages as m on m.id = v.message_id
      where m.claim = ${claim} and m.updated_at = ${at} and m.status in ('sent', 'failed')`),
    ctx.db.all<{ id: string; account_id: string }>(sql`
      insert into webhook_deliveries (id, account_id, endpoint_id, event_id, status, attempts, created_at)
      select 'whd_' || substr(ev.id, 5, 10) || lower(hex(randomblob(8))), ev.account_id, e.id, ev.id, 'pending', 0, ${at}
      from message_events as ev join webhook_endpoints as e on e.account_id = ev.account_id
      where ev.id in (${eventIds}) and e.enabled = 1
        and exists (select 1 from json_each(e.events) where value = ev.type)
      returning id, account_id`),
    // The account's transactional rollup of the day: the same changes that landed, counted once.
    ctx.db.run(sql`
      insert into daily_stats (account_id, campaign_id, day, sent, failures)
      select m.account_id, '', ${utcDay(new Date(at))}, sum(m.status = 'sent'), sum(m.status = 'failed')
      from messages as m
      where m.id in (${messageIds}) and m.claim = ${claim} and m.updated_at = ${at}
        and m.status in ('sent', 'failed') and m.category = 'transactional'
      group by m.account_id
      on conflict (account_id, campaign_id, day) do update set
        sent = sent + excluded.sent, failures = failures + excluded.failures`),
  ]);
  const webhooks: DeliveryMessage[] = hooks.map((hook) => ({
    kind: "webhook",
    accountId: hook.account_id,
    deliveryId: hook.id,
  }));
  await enqueue(ctx.delivery, webhooks);
  return new Set(landed.map((row) => row.id));
}
