import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { addToDay, utcDay } from "./add-to-day";

/** What a provider reports about a message, and the `daily_stats` column each report counts in. */
const COLUMN = {
  delivered: "delivered",
  bounced: "hard_bounces",
  soft_bounced: "soft_bounces",
  complained: "complaints",
} as const;

export type ProviderEventType = keyof typeof COLUMN;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * The id of the campaign event a provider's report makes: the instant it happened and a hash of
 * the provider's own event id, so the same report delivered again has the same id.
 */
async function reportedEventId(at: Date, key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  let time = "";
  for (let t = at.getTime(), i = 0; i < 10; i++, t = Math.floor(t / 32))
    time = ALPHABET.charAt(t % 32) + time;
  let hash = "";
  for (let i = 0; i < 16; i++) hash += ALPHABET.charAt((digest[i] ?? 0) & 31);
  return `cev_${time}${hash}`;
}

/**
 * Two statements for a batch: the campaign event of a provider's report about a campaign message
 * (once, however often the provider repeats it), and the campaign's rollup of that day, counted
 * only if the event was written just now (`changes()`).
 */
export async function campaignReportWrites(
  ctx: Ctx,
  recipient: { accountId: string; campaignId: string; contactId: string },
  report: { type: ProviderEventType; occurredAt: Date; providerEventId: string },
) {
  const id = await reportedEventId(report.occurredAt, report.providerEventId);
  return [
    ctx.db.run(sql`
      insert into campaign_events (id, account_id, campaign_id, contact_id, type, machine, occurred_at)
      values (${id}, ${recipient.accountId}, ${recipient.campaignId}, ${recipient.contactId}, ${report.type}, 0,
              ${report.occurredAt.getTime()})
      on conflict do nothing`),
    addToDay(ctx, { ...recipient, at: report.occurredAt }, COLUMN[report.type], "one"),
  ] as const;
}

/**
 * The account's transactional rollup (campaign `''`) of the day a provider's report about one of
 * its messages happened: to put in a batch *before* the report's `message_events` row is written,
 * as it counts only a report not recorded yet. The platform's own (system) emails are not counted.
 */
export function transactionalReportWrite(
  ctx: Ctx,
  report: { messageId: string; type: ProviderEventType; occurredAt: Date; providerEventId: string },
) {
  const column = sql.raw(COLUMN[report.type]);
  return ctx.db.run(sql`
    insert into daily_stats (account_id, campaign_id, day, ${column})
    select m.account_id, '', ${utcDay(report.occurredAt)}, 1 from messages as m
    where m.id = ${report.messageId} and m.category = 'transactional'
      and not exists (select 1 from message_events as e
                      where e.message_id = m.id and e.provider_event_id = ${report.providerEventId})
    on conflict (account_id, campaign_id, day) do update set ${column} = ${column} + 1`);
}
