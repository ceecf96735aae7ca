import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { INTERRUPTED } from "../delivery/claim-emails";
import { finishedStatement } from "./campaign-progress";

/**
 * The recipients of a campaign queue message whose retries ran out are failed with the reason,
 * visibly (a claimed one may have gone out: its error says so), with every other recipient of a
 * provider call one of them is in (a call is never made again with part of its recipients: a
 * deduplicating provider would refuse it), counted in the day's failures, and
 * the campaign is finished if nobody is left. Recipients of a paused or cancelled campaign are left
 * to its resume or its cancellation.
 */
export async function giveUpRecipients(
  ctx: Ctx,
  input: { accountId: string; campaignId: string; contactIds: readonly string[] },
  reason: string,
) {
  const now = ctx.now();
  const ids = sql.join(
    input.contactIds.map((id) => sql`${id}`),
    sql`, `,
  );
  await ctx.db.batch([
    ctx.db.run(sql`update campaign_recipients set status = 'failed',
        error = ${reason} || case when status = 'claimed' then ${INTERRUPTED} else '' end || coalesce('; last error: ' || error, '')
      where campaign_id = ${input.campaignId} and status in ('pending', 'claimed')
        and (contact_id in (${ids}) or (send_key is not null and send_key in (
          select b.send_key from campaign_recipients as b
          where b.campaign_id = ${input.campaignId} and b.contact_id in (${ids}) and b.status in ('pending', 'claimed'))))
        and exists (select 1 from campaigns where id = ${input.campaignId} and status = 'sending')`),
    ctx.db.run(sql`insert into daily_stats (account_id, campaign_id, day, failures)
      select ${input.accountId}, ${input.campaignId}, ${now.toISOString().slice(0, 10)}, changes() where changes() > 0
      on conflict (account_id, campaign_id, day) do update set failures = failures + excluded.failures`),
    finishedStatement(ctx, input.campaignId),
  ]);
}
