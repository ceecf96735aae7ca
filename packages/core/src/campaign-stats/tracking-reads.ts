import { campaignRecipients, campaigns, contacts } from "@edgepost/db";
import { and, eq, sql } from "drizzle-orm";
import type { CampaignContact, CampaignContent } from "../campaigns/render-campaign";
import type { Ctx } from "../context";

/**
 * The URL of a campaign's tracked link by its index (one point read, for the click redirect), or
 * undefined when the campaign or the index does not exist. A click never leads anywhere else.
 */
export async function trackedLinkUrl(
  ctx: Ctx,
  input: { campaignId: string; link: number },
): Promise<string | undefined> {
  const [row] = await ctx.db
    .select({ url: sql<string | null>`json_extract(${campaigns.links}, ${`$[${input.link}]`})` })
    .from(campaigns)
    .where(eq(campaigns.id, input.campaignId));
  return typeof row?.url === "string" ? row.url : undefined;
}

/**
 * What "view in browser" renders for one recipient of a campaign: its content as sent and the
 * contact, or undefined when the contact is not (or no longer) one of its recipients.
 */
export async function campaignView(
  ctx: Ctx,
  input: { campaignId: string; contactId: string },
): Promise<{ campaign: CampaignContent; contact: CampaignContact } | undefined> {
  const [row] = await ctx.db
    .select({
      campaign: {
        id: campaigns.id,
        name: campaigns.name,
        subject: campaigns.subject,
        preheader: campaigns.preheader,
        html: campaigns.html,
        text: campaigns.text,
        trackOpens: campaigns.trackOpens,
        trackClicks: campaigns.trackClicks,
        links: campaigns.links,
      },
      contact: {
        id: contacts.id,
        email: contacts.email,
        phone: contacts.phone,
        attributes: contacts.attributes,
      },
    })
    .from(campaignRecipients)
    .innerJoin(campaigns, eq(campaigns.id, campaignRecipients.campaignId))
    .innerJoin(
      contacts,
      and(
        eq(contacts.id, campaignRecipients.contactId),
        eq(contacts.accountId, campaignRecipients.accountId),
      ),
    )
    .where(
      and(
        eq(campaignRecipients.campaignId, input.campaignId),
        eq(campaignRecipients.contactId, input.contactId),
      ),
    );
  return row;
}
