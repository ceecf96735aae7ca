import type { DeliveryMessage } from "@edgepost/contracts";
import { type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { PREFETCH_WINDOW_MS } from "./machine-agents";

export type CampaignEventMessage = Extract<DeliveryMessage, { kind: "campaign_event" }>;

/**
 * The events of the batch that are to be written now, as a `with` clause naming them `n`: of a
 * campaign and recipient that exist (a click on one of the campaign's links), not written before
 * (their id is not in `campaign_events` yet), with the account of the campaign, the UTC day, the
 * recipient's first open and click before this batch, and the final verdict on whether a machine
 * did it (the public worker's, or too soon after sending for a person).
 */
function freshEvents(events: readonly CampaignEventMessage[]): SQL {
  const values = sql.join(
    events.map(
      (e) =>
        sql`(${e.id}, ${e.campaignId}, ${e.contactId}, ${e.type}, ${e.link ?? null}, ${e.machine ? 1 : 0}, ${e.userAgent ?? null}, ${e.at})`,
    ),
    sql`, `,
  );
  return sql`
    with v(id, campaign_id, contact_id, type, link, machine, user_agent, at) as (values ${values}),
    n as (
      select v.id, c.account_id, v.campaign_id, v.contact_id, v.type, v.link, v.user_agent, v.at,
             strftime('%Y-%m-%d', v.at / 1000, 'unixepoch') as day, r.opened_at, r.clicked_at,
             case when v.machine = 1
                    or v.at - r.sent_at < case v.type when 'opened' then ${PREFETCH_WINDOW_MS.opened}
                                                      else ${PREFETCH_WINDOW_MS.clicked} end
                  then 1 else 0 end as machine
      from v
      join campaigns as c on c.id = v.campaign_id
      join campaign_recipients as r on r.campaign_id = v.campaign_id and r.contact_id = v.contact_id
      where not exists (select 1 from campaign_events as e where e.id = v.id)
        and (v.type = 'opened' or v.link < coalesce(json_array_length(c.links), 0))
    )`;
}

/**
 * Writes a queue batch's opens and clicks in one round trip: the rollups first (per account,
 * campaign and UTC day; per link), then the recipients' first open and click, then the raw events.
 * Every statement counts only the events whose id is not written yet, and the batch is one
 * transaction, so a message delivered again counts nothing twice. An open or click is unique when
 * it is the recipient's first human one; a link's click when it is the contact's first on that link.
 * Machine opens and clicks count only as such. Answers how many events were written.
 */
export async function recordCampaignEvents({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: readonly CampaignEventMessage[];
}): Promise<{ recorded: number }> {
  const events = [...new Map(input.map((event) => [event.id, event])).values()];
  if (events.length === 0) return { recorded: 0 };
  const n = freshEvents(events);
  const [, , , , written] = await ctx.db.batch([
    ctx.db.run(sql`${n},
      ranked as (
        select n.*, row_number() over (partition by campaign_id, contact_id, type, machine order by at, id) as nth
        from n)
      insert into daily_stats (account_id, campaign_id, day, opens_unique, opens_total, opens_machine,
                               clicks_unique, clicks_total, clicks_machine)
      select account_id, campaign_id, day,
             sum(type = 'opened' and machine = 0 and nth = 1 and opened_at is null),
             sum(type = 'opened' and machine = 0), sum(type = 'opened' and machine = 1),
             sum(type = 'clicked' and machine = 0 and nth = 1 and clicked_at is null),
             sum(type = 'clicked' and machine = 0), sum(type = 'clicked' and machine = 1)
      from ranked where true group by account_id, campaign_id, day
      on conflict (account_id, campaign_id, day) do update set
        opens_unique = opens_unique + excluded.opens_unique,
        opens_total = opens_total + excluded.opens_total,
        opens_machine = opens_machine + excluded.opens_machine,
        clicks_unique = clicks_unique + excluded.clicks_unique,
        clicks_total = clicks_total + excluded.clicks_total,
        clicks_machine = clicks_machine + excluded.clicks_machine`),
    ctx.db.run(sql`${n},
      clicks as (
        select n.*, row_number() over (partition by campaign_id, link, contact_id order by at, id) as nth
        from n where type = 'clicked' and machine = 0)
      insert into campaign_link_stats (campaign_id, link, account_id, clicks_unique, clicks_total)
      select campaign_id, link, account_id,
             sum(nth = 1 and not exists (
               select 1 from campaign_link_clicks as k
               where k.campaign_id = clicks.campaign_id and k.link = clicks.link and k.contact_id = clicks.contact_id)),
             count(*)
      from clicks where true group by campaign_id, link, account_id
      on conflict (campaign_id, link) do update set
        clicks_unique = clicks_unique + excluded.clicks_unique,
        clicks_total = clicks_total + excluded.clicks_total`),
    ctx.db.run(sql`${n}
      insert into campaign_link_clicks (campaign_id, link, account_id, contact_id, first_at)
      select campaign_id, link, account_id, contact_id, min(at) from n
      where type = 'clicked' and machine = 0 group by campaign_id, link, contact_id
      on conflict do nothing`),
    ctx.db.run(sql`${n},
      firsts as (
        select campaign_id, contact_id,
               min(case when type = 'opened' and machine = 0 then at end) as opened,
               min(case when type = 'opened' and machine = 1 then at end) as machine_opened,
               min(case when type = 'clicked' and machine = 0 then at end) as clicked
        from n group by campaign_id, contact_id)
      update campaign_recipients set
        opened_at = coalesce(campaign_recipients.opened_at, firsts.opened),
        machine_opened_at = coalesce(campaign_recipients.machine_opened_at, firsts.machine_opened),
        clicked_at = coalesce(campaign_recipients.clicked_at, firsts.clicked)
      from firsts
      where campaign_recipients.campaign_id = firsts.campaign_id
        and campaign_recipients.contact_id = firsts.contact_id`),
    ctx.db.all<{ id: string }>(sql`${n}
      insert into campaign_events (id, account_id, campaign_id, contact_id, type, link, machine, user_agent, occurred_at)
      select id, account_id, campaign_id, contact_id, type, link, machine, user_agent, at from n where true
      on conflict do nothing
      returning id`),
  ]);
  return { recorded: written.length };
}
