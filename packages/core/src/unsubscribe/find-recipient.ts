import { accounts, campaigns, contacts } from "@edgepost/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { readRecipientToken } from "../campaigns/recipient-token";
import type { Ctx } from "../context";

/** The contact and campaign a campaign message's link names, as its unsubscribe pages need them. */
export interface LinkRecipient {
  campaignId: string;
  accountId: string;
  /** The account's name; undefined once it is closed, whose data is never shown again. */
  accountName: string | undefined;
  /** The lists of the campaign's audience, as saved on the campaign (some may be deleted since). */
  audienceLists: string[];
  contact: { id: string; email: string | null; phone: string | null };
  /** The contact's `language` (else `locale`) field, when the account has such a field. */
  language: string | undefined;
}

const findLinkRecipientInput = z.strictObject({
  /** The worker's signing secret, which made the token. */
  secret: z.string().min(32),
  token: z.string(),
});

/** The value of one of the account's own fields of the contact, only while the account has that field. */
function fieldValue(key: string): SQL<string | null> {
  return sql`case when exists (select 1 from contact_fields f
      where f.account_id = ${contacts.accountId} and f.key = ${key})
    then cast(json_extract(${contacts.attributes}, ${`$.${key}`}) as text) end`;
}

/**
 * The recipient a signed token names, in one read; undefined for a tampered, unsigned or expired
 * token, a campaign that is gone, or a contact that was erased (or is not the campaign's account's).
 */
export async function findLinkRecipient({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: z.input<typeof findLinkRecipientInput>;
}): Promise<LinkRecipient | undefined> {
  const { secret, token } = findLinkRecipientInput.parse(input);
  const named = await readRecipientToken(secret, token, ctx.now());
  if (!named) return undefined;
  const [row] = await ctx.db
    .select({
      accountId: campaigns.accountId,
      audience: campaigns.audience,
      accountName: accounts.name,
      accountStatus: accounts.status,
      email: contacts.email,
      phone: contacts.phone,
      language: sql<string | null>`coalesce(${fieldValue("language")}, ${fieldValue("locale")})`,
    })
    .from(campaigns)
    .innerJoin(contacts, and(eq(contacts.id, named.contactId), eq(contacts.accountId, campaigns.accountId)))
    .innerJoin(accounts, eq(accounts.id, campaigns.accountId))
    .where(eq(campaigns.id, named.campaignId));
  if (!row) return undefined;
  const open = row.accountStatus === "active" || row.accountStatus === "suspended";
  return {
    campaignId: named.campaignId,
    accountId: row.accountId,
    accountName: open ? row.accountName : undefined,
    audienceLists: row.audience.lists ?? [],
    contact: { id: named.contactId, email: row.email, phone: row.phone },
    language: row.language ?? undefined,
  };
}
