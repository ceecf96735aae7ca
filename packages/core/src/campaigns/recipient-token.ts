import { idSchema } from "@edgepost/db/id";
import { signToken, verifyToken } from "../auth/signed-token";

/** How long the links of a campaign message work: as long as its statistics are kept (SPEC §H). */
const LINK_LIFETIME_MS = 5 * 366 * 24 * 3600_000;

const campaignId = idSchema("cmp");
const contactId = idSchema("con");

export interface Recipient {
  campaignId: string;
  contactId: string;
}

/**
 * The one signed token of a campaign message's links (unsubscribe, open pixel, clicks, view in
 * browser): it names the campaign and the contact. A click link adds the index of a link of the
 * campaign after it, so a changed index can only lead to another of that campaign's own links.
 */
export function recipientToken(secret: string, recipient: Recipient, issuedAt: Date): Promise<string> {
  return signToken(secret, {
    purpose: "campaign_recipient",
    subject: `${recipient.campaignId}.${recipient.contactId}`,
    expiresAt: issuedAt.getTime() + LINK_LIFETIME_MS,
  });
}

/** The recipient a token names, or undefined for a token that is tampered, unsigned or expired. */
export async function readRecipientToken(
  secret: string,
  token: string,
  now: Date,
): Promise<Recipient | undefined> {
  const verified = await verifyToken(secret, token, { purpose: "campaign_recipient", now: now.getTime() });
  if (!verified.ok) return undefined;
  const [campaign = "", contact = "", ...rest] = verified.subject.split(".");
  if (rest.length > 0 || !campaignId.safeParse(campaign).success || !contactId.safeParse(contact).success)
    return undefined;
  return { campaignId: campaign, contactId: contact };
}
