import { campaignLinkStats, campaigns, dailyStats } from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { campaignId } from "../campaigns/campaign-fields";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { addCounts, COUNT_KEYS, countsOf, zeroCounts } from "./counts";

/**
 * A campaign's statistics from its rollups alone (never its raw events): the totals, one entry per
 * UTC day something happened, and the clicks of each tracked link with its URL.
 */
export async function getCampaignStats({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "campaigns:read");
  const accountId = ctx.principal.accountId;
  const id = campaignId.parse(input.id);
  const dayColumns = Object.fromEntries(COUNT_KEYS.map((key) => [key, dailyStats[key]])) as {
    [K in (typeof COUNT_KEYS)[number]]: (typeof dailyStats)[K];
  };
  const [[campaign], days, links] = await ctx.db.batch([
    ctx.db
      .select({ status: campaigns.status, pausedReason: campaigns.pausedReason, links: campaigns.links })
      .from(campaigns)
      .where(and(eq(campaigns.accountId, accountId), eq(campaigns.id, id))),
    ctx.db
      .select({ day: dailyStats.day, ...dayColumns })
      .from(dailyStats)
      .where(and(eq(dailyStats.accountId, accountId), eq(dailyStats.campaignId, id)))
      .orderBy(asc(dailyStats.day)),
    ctx.db
      .select({
        link: campaignLinkStats.link,
        clicksUnique: campaignLinkStats.clicksUnique,
        clicksTotal: campaignLinkStats.clicksTotal,
      })
      .from(campaignLinkStats)
      .where(and(eq(campaignLinkStats.accountId, accountId), eq(campaignLinkStats.campaignId, id))),
  ]);
  if (!campaign) throw new NotFound("Campaign");
  const clicked = new Map(links.map((row) => [row.link, row]));
  return {
    id,
    status: campaign.status,
    pausedReason: campaign.pausedReason,
    totals: days.reduce((sum, row) => addCounts(sum, row), zeroCounts()),
    daily: days.map((row) => ({ day: row.day, ...countsOf(row) })),
    links: (campaign.links ?? []).map((url, index) => ({
      index,
      url,
      clicksUnique: clicked.get(index)?.clicksUnique ?? 0,
      clicksTotal: clicked.get(index)?.clicksTotal ?? 0,
    })),
  };
}
