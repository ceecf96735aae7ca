import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { contacts } from "./contacts";

/** Where a campaign stands (SPEC §D); `sent` and `cancelled` are final. */
export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "paused", "sent", "cancelled"] as const;

/** Who a campaign goes to: the contacts of these lists and segments, minus those of the exclusions. */
export interface CampaignAudience {
  lists: string[];
  segments: string[];
  excludeLists: string[];
  excludeSegments: string[];
}

/** The sending address of an email campaign (a verified domain's), its display name and Reply-To. */
export interface CampaignSender {
  email: string;
  name?: string | undefined;
  replyTo?: string | undefined;
}

/**
 * A message to many contacts of one account, on one channel (email now; SMS next on the same
 * engine). Its content is stored once here, never copied into a row per recipient (ADR 0013).
 */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    channel: text({ enum: ["email"] }).notNull(),
    name: text().notNull(),
    status: text({ enum: CAMPAIGN_STATUSES }).notNull(),
    audience: text({ mode: "json" }).$type<CampaignAudience>().notNull(),
    sender: text({ mode: "json" }).$type<CampaignSender>(),
    subject: text(),
    preheader: text(),
    /** The content: a stored template, or inline Liquid HTML (the text part derived when absent). */
    templateId: text(),
    html: text(),
    text: text(),
    trackOpens: integer({ mode: "boolean" }).notNull(),
    trackClicks: integer({ mode: "boolean" }).notNull(),
    /** When it is to start (UTC), and the IANA zone the customer chose it in (for showing it back). */
    scheduledAt: integer({ mode: "timestamp_ms" }),
    timeZone: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("campaigns_account_idx").on(t.accountId, t.id),
    // What the scheduler looks at: only campaigns that wait for their time.
    index("campaigns_scheduled_idx").on(t.scheduledAt).where(sql`${t.status} = 'scheduled'`),
  ],
);

/** Where one recipient of a campaign stands: written `pending`, claimed, then `sent` or `failed`. */
export const RECIPIENT_STATUSES = ["pending", "claimed", "sent", "failed", "cancelled"] as const;

/**
 * One contact of a campaign's audience, written once (the primary key keeps each contact once)
 * before anything is sent to it; its state, not a cursor, says whether it still has to be sent.
 */
export const campaignRecipients = sqliteTable(
  "campaign_recipients",
  {
    campaignId: text()
      .notNull()
      .references(() => campaigns.id),
    contactId: text()
      .notNull()
      .references(() => contacts.id),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    status: text({ enum: RECIPIENT_STATUSES }).notNull(),
    /** The delivery batch that holds the claim: only it may record the outcome. */
    claim: text(),
    claimedAt: integer({ mode: "timestamp_ms" }),
    attempts: integer().notNull().default(0),
    providerMessageId: text(),
    error: text(),
    sentAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.contactId] }),
    index("campaign_recipients_status_idx").on(t.campaignId, t.status),
    index("campaign_recipients_contact_idx").on(t.contactId),
  ],
);
