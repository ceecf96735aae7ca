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
    /** Counted when sending started: what the wallet was checked against. */
    audienceSize: integer(),
    /** The fan-out's progress: the last contact id whose recipient row is written (ADR 0013). */
    cursor: text(),
    /** How far the written recipients are known to be queued for sending (the rest is queued again). */
    queuedCursor: text(),
    /** Recipient rows written so far, and whether the whole audience has been written. */
    recipientsWritten: integer().notNull().default(0),
    fannedOut: integer({ mode: "boolean" }).notNull().default(false),
    /** The tracked links of its HTML, in order: a click token names one by its index, never a URL. */
    links: text({ mode: "json" }).$type<string[]>(),
    /** Why it is paused when the platform paused it (bounces, complaints, credits, the account). */
    pausedReason: text(),
    startedAt: integer({ mode: "timestamp_ms" }),
    finishedAt: integer({ mode: "timestamp_ms" }),
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
    /**
     * The provider call it went out in (ADR 0004's send keys): a call taken over after a crash or a
     * lost answer is made again with the same recipients and key, so a deduplicating provider
     * answers it as a replay.
     */
    sendKey: text(),
    attempts: integer().notNull().default(0),
    providerMessageId: text(),
    error: text(),
    sentAt: integer({ mode: "timestamp_ms" }),
    /** The first human open and click, and the first machine open: what makes an event unique. */
    openedAt: integer({ mode: "timestamp_ms" }),
    machineOpenedAt: integer({ mode: "timestamp_ms" }),
    clickedAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.contactId] }),
    // Pending recipients of a campaign in contact order: what resume and recovery queue again.
    index("campaign_recipients_status_idx").on(t.campaignId, t.status, t.contactId),
    index("campaign_recipients_contact_idx").on(t.contactId),
    index("campaign_recipients_send_key_idx")
      .on(t.campaignId, t.sendKey)
      .where(sql`${t.sendKey} is not null`),
    // Provider webhooks (delivered, bounced, complained) name the message by the provider's id.
    index("campaign_recipients_provider_idx")
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
  ],
);

export const CAMPAIGN_EVENT_TYPES = [
  "delivered",
  "bounced",
  "soft_bounced",
  "complained",
  "opened",
  "clicked",
  "unsubscribed",
] as const;
export type CampaignEventType = (typeof CAMPAIGN_EVENT_TYPES)[number];

/**
 * What recipients did with a campaign message, as it happened (raw): the rollups are kept up to
 * date from these as they are written, and can be recounted from them while they are kept.
 */
export const campaignEvents = sqliteTable(
  "campaign_events",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    campaignId: text()
      .notNull()
      .references(() => campaigns.id),
    /** No foreign key: the statistics outlive an erased contact. */
    contactId: text().notNull(),
    type: text({ enum: CAMPAIGN_EVENT_TYPES }).notNull(),
    /** For clicks: the index of the link in the campaign's `links`. */
    link: integer(),
    /** An open by a mail client's proxy or prefetch, or a click by a link scanner. */
    machine: integer({ mode: "boolean" }).notNull().default(false),
    userAgent: text(),
    occurredAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("campaign_events_campaign_idx").on(t.campaignId, t.occurredAt),
    index("campaign_events_account_idx").on(t.accountId, t.occurredAt),
  ],
);

/**
 * The statistics the 5-year rule keeps: per account, campaign (`''` for transactional email) and
 * UTC day, counted as events are written, never by scanning on read.
 */
export const dailyStats = sqliteTable(
  "daily_stats",
  {
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    campaignId: text().notNull(),
    /** `YYYY-MM-DD`, UTC. */
    day: text().notNull(),
    sent: integer().notNull().default(0),
    delivered: integer().notNull().default(0),
    hardBounces: integer().notNull().default(0),
    softBounces: integer().notNull().default(0),
    opensUnique: integer().notNull().default(0),
    opensTotal: integer().notNull().default(0),
    opensMachine: integer().notNull().default(0),
    clicksUnique: integer().notNull().default(0),
    clicksTotal: integer().notNull().default(0),
    clicksMachine: integer().notNull().default(0),
    unsubscribes: integer().notNull().default(0),
    complaints: integer().notNull().default(0),
    failures: integer().notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.campaignId, t.day] }),
    index("daily_stats_account_day_idx").on(t.accountId, t.day),
  ],
);

/** Clicks per link of a campaign: unique (first click of a contact on it) and total, human only. */
export const campaignLinkStats = sqliteTable(
  "campaign_link_stats",
  {
    campaignId: text()
      .notNull()
      .references(() => campaigns.id),
    link: integer().notNull(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    clicksUnique: integer().notNull().default(0),
    clicksTotal: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.link] })],
);

/** Which contact clicked which link first, and when: what makes a click on a link unique. */
export const campaignLinkClicks = sqliteTable(
  "campaign_link_clicks",
  {
    campaignId: text()
      .notNull()
      .references(() => campaigns.id),
    link: integer().notNull(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    contactId: text().notNull(),
    firstAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.link, t.contactId] })],
);
