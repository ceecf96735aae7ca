import { sql } from "drizzle-orm";
import { addToDay } from "../campaign-stats/add-to-day";
import type { Ctx } from "../context";
import { INTERRUPTED } from "../delivery/claim-emails";
import { finishedStatement } from "./campaign-progress";
import { withTheirCalls } from "./deliver-campaign";

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
  await ctx.db.batch([
    ctx.db.run(sql`update campaign_recipients set status = 'failed',
        error = ${reason} || case when status = 'claimed' then ${INTERRUPTED} else '' end || coalesce('; last error: ' || error, '')
      where campaign_id = ${input.campaignId} and status in ('pending', 'claimed')
        and ${withTheirCalls(input.campaignId, input.contactIds)}
        and exists (select 1 from campaigns where id = ${input.campaignId} and status = 'sending')`),
    addToDay(ctx, { ...input, at: now }, "failures", "changed rows"),
    finishedStatement(ctx, input.campaignId),
  ]);
}
