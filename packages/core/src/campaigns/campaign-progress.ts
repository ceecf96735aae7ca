import { campaigns } from "@edgepost/db";
import { and, eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { log } from "../logging/log";

/**
 * The platform pauses a sending campaign (credits ran out, its audience broke, bounces or
 * complaints, the account was suspended), saying why; the customer resumes it.
 */
export async function pauseCampaign(
  ctx: Ctx,
  input: { accountId: string; campaignId: string },
  reason: string,
) {
  const paused = await ctx.db
    .update(campaigns)
    .set({ status: "paused", pausedReason: reason.slice(0, 1000), updatedAt: ctx.now() })
    .where(
      and(
        eq(campaigns.id, input.campaignId),
        eq(campaigns.accountId, input.accountId),
        eq(campaigns.status, "sending"),
      ),
    )
    .returning({ id: campaigns.id });
  if (paused.length > 0) log("warn", "campaign paused", { ...input, reason });
  return paused.length > 0;
}

/** The statement that marks a campaign `sent` once its audience is written and no recipient is left to send. */
export function finishedStatement(ctx: Ctx, campaignId: string) {
  const now = ctx.now().getTime();
  return ctx.db.run(sql`update campaigns set status = 'sent', finished_at = ${now}, updated_at = ${now}
    where id = ${campaignId} and status = 'sending' and fanned_out = 1
      and not exists (select 1 from campaign_recipients where campaign_id = ${campaignId} and status in ('pending', 'claimed'))`);
}

export async function finishIfDone(ctx: Ctx, campaignId: string) {
  await finishedStatement(ctx, campaignId);
}
