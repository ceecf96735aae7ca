import { contacts } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { type SendCtx, sendEmails } from "../transactional-emails/send-emails";
import { findCampaign } from "./campaign-fields";
import { sendableContent } from "./prepare-send";
import { campaignRenderer } from "./render-campaign";

export const testCampaignInput = z.strictObject({
  /** Up to five addresses; one that is a contact of the account gets its own merge fields. */
  to: z.array(z.email().max(254)).min(1).max(5),
});

/**
 * Sends the campaign as it would go out now to up to five addresses, each as one transactional
 * email (one credit each) whose subject starts with "[Test]". Nothing of it counts in the campaign's
 * statistics: it is not tracked, and its unsubscribe and browser links are placeholders that
 * change nobody's subscription.
 */
export async function testCampaign({
  ctx,
  input,
}: {
  ctx: SendCtx & { publicUrl: string };
  input: { id: string } & z.input<typeof testCampaignInput>;
}) {
  assertPermission(ctx, "campaigns:manage");
  const { id, ...rest } = input;
  const { to } = testCampaignInput.parse(rest);
  const campaign = await findCampaign(ctx, id);
  const content = await sendableContent(ctx, campaign);
  const addresses = [...new Set(to.map((address) => address.toLowerCase()))];
  const known = await ctx.db
    .select({
      id: contacts.id,
      email: contacts.email,
      phone: contacts.phone,
      attributes: contacts.attributes,
    })
    .from(contacts)
    .where(and(eq(contacts.accountId, ctx.principal.accountId), inArray(contacts.email, addresses)));
  const render = campaignRenderer(
    { ...campaign, ...content, trackOpens: false, trackClicks: false },
    ctx.publicUrl,
  );
  const sender = campaign.sender ?? { email: "" };
  const emails = addresses.map((address) => {
    const contact = known.find((c) => c.email === address) ?? {
      id: "test",
      email: address,
      phone: null,
      attributes: {},
    };
    const message = render(contact, "test");
    return {
      from: { email: sender.email, ...(sender.name ? { name: sender.name } : {}) },
      to: address,
      ...(sender.replyTo ? { replyTo: sender.replyTo } : {}),
      subject: `[Test] ${message.subject}`.slice(0, 998),
      text: message.text,
      ...(message.html !== undefined ? { html: message.html } : {}),
      tags: ["campaign-test"],
      metadata: { campaign: campaign.id },
    };
  });
  const { results } = await sendEmails({ ctx, input: { emails, batch: true } });
  return { results };
}
