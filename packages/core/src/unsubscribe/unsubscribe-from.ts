import { newId } from "@edgepost/db";
import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { addToDay } from "../campaign-stats/add-to-day";
import type { Ctx } from "../context";
import type { LinkRecipient } from "./find-recipient";

/** Where an unsubscribe came from: the request's IP and user agent, cut to size rather than refused. */
export const unsubscribeOrigin = z.object({
  ip: z
    .string()
    .transform((ip) => ip.trim().slice(0, 64) || undefined)
    .optional(),
  userAgent: z
    .string()
    .transform((agent) => agent.slice(0, 1000))
    .optional(),
});

/** `(a, b, c)` for `in`; `()` (nothing matches) for no ids. */
export const idSet = (ids: readonly string[]) =>
  sql`(${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )})`;

/**
 * Unsubscribes the recipient's contact from its memberships (`m`) that are subscribed or unconfirmed
 * and match `lists`, in one batch: a consent-ledger entry for each (source `campaign`, the campaign
 * as its reference), the memberships themselves, and, only if one of them changed, an `unsubscribed`
 * campaign event and one more unsubscribe in the campaign's statistics of the day. The ledger entries
 * are written from the same rows the update then changes, in the same transaction, so a second call
 * finds nothing to change and writes and counts nothing. Returns how many memberships changed.
 */
export async function unsubscribeFrom(
  ctx: Ctx,
  recipient: LinkRecipient,
  lists: SQL,
  origin: z.input<typeof unsubscribeOrigin>,
): Promise<number> {
  const { ip = null, userAgent = null } = unsubscribeOrigin.parse(origin);
  const { accountId, campaignId, contact } = recipient;
  const now = ctx.now().getTime();
  // Time-sortable ledger ids made in SQL, one per membership: this instant's id prefix and 16 random hex digits.
  const idPrefix = newId("cns", now).slice(0, 14);
  const memberships = sql`m.account_id = ${accountId} and m.contact_id = ${contact.id}
    and m.status in ('subscribed', 'unconfirmed') and (${lists})`;
  const [, changed] = await ctx.db.batch([
    ctx.db.run(sql`insert into consent_events
      (id, account_id, contact_id, list_id, action, source, source_ref, email, phone, ip, user_agent, occurred_at)
      select ${idPrefix} || lower(hex(randomblob(8))), m.account_id, m.contact_id, m.list_id, 'unsubscribed',
        'campaign', ${campaignId}, ${contact.email}, ${contact.phone}, ${ip}, ${userAgent}, ${now}
      from list_memberships m where ${memberships}`),
    ctx.db.run(sql`update list_memberships as m set status = 'unsubscribed', updated_at = ${now}
      where ${memberships}`),
    ctx.db.run(sql`insert into campaign_events
      (id, account_id, campaign_id, contact_id, type, machine, user_agent, occurred_at)
      select ${newId("cev", now)}, ${accountId}, ${campaignId}, ${contact.id}, 'unsubscribed', 0, ${userAgent}, ${now}
      where changes() > 0`),
    addToDay(ctx, { accountId, campaignId, at: new Date(now) }, "unsubscribes", "one"),
  ]);
  return changed.rowsAffected;
}
