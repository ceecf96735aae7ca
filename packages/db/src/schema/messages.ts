import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export type Mailbox = { email: string; name?: string | undefined };

/** Every recipient of one email, in the order given; `bcc` never reaches a header. */
export type Recipients = { to: Mailbox[]; cc: Mailbox[]; bcc: Mailbox[] };

/** Where an email stands; the last six are set by the provider's events after it was sent. */
export const MESSAGE_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "soft_bounced",
  "bounced",
  "complained",
  "failed",
  "suppressed",
] as const;

/**
 * The system emails anyone can cause without signing in: a sign-up's link (or the notice to an
 * address that already has an account) and a password-reset link. Counted per address to cap them.
 */
export const OPEN_EMAIL_PURPOSES = ["sign_up", "password_reset"] as const;

/**
 * Every outgoing message, written (with its credit and its `queued` event) before it is queued.
 * The delivery worker claims a message before sending it, so a queue redelivery never sends it
 * twice, and records the outcome. Template output is rendered into the row at acceptance, so what
 * is sent is exactly what was validated.
 */
export const messages = sqliteTable(
  "messages",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    channel: text({ enum: ["email"] }).notNull(),
    /**
     * `system`: from the platform to the account's own people (verification, reset, notices);
     * `transactional`: sent by the account through the API.
     */
    category: text({ enum: ["system", "transactional"] }).notNull(),
    /** Set on the system emails anyone can cause (`OPEN_EMAIL_PURPOSES`); null on every other. */
    purpose: text({ enum: OPEN_EMAIL_PURPOSES }),
    /** The sender; null for system emails, which go from the platform's address. */
    fromAddress: text(),
    fromName: text(),
    /** The first `to` address, for filters and lists; every recipient is in `recipients`. */
    toAddress: text().notNull(),
    recipients: text({ mode: "json" }).$type<Recipients>(),
    replyTo: text({ mode: "json" }).$type<Mailbox>(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    /** Extra headers from the allow-list, already checked. */
    headers: text({ mode: "json" }).$type<Record<string, string>>(),
    tags: text({ mode: "json" }).$type<string[]>(),
    metadata: text({ mode: "json" }).$type<Record<string, string>>(),
    templateId: text(),
    /** Credits this message consumed: one per recipient. */
    credits: integer().notNull().default(0),
    /** The RFC 5322 Message-ID, fixed at acceptance so every attempt carries the same one. */
    headerMessageId: text(),
    status: text({ enum: MESSAGE_STATUSES }).notNull().default("queued"),
    attempts: integer().notNull().default(0),
    claimedAt: integer({ mode: "timestamp_ms" }),
    /** The delivery batch that holds (or last held) the claim: only it may record the outcome. */
    claim: text(),
    /**
     * The idempotency key of the provider call the message went out in, kept when a claim is taken
     * over, so that the same call can be made again and answered without sending twice (ADR 0004).
     */
    sendKey: text(),
    /** `smtp`, `ses`, `postmark`, `resend`, `fault`: who took it, so its events can find it. */
    provider: text(),
    providerMessageId: text(),
    error: text(),
    sentAt: integer({ mode: "timestamp_ms" }),
    /** When the status last changed (an event from the provider after sending). */
    updatedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("messages_account_created_idx").on(t.accountId, t.createdAt),
    // `GET /v1/emails`: an account's messages newest first (ids sort by time).
    index("messages_account_category_id_idx").on(t.accountId, t.category, t.id),
    index("messages_provider_message_idx").on(t.providerMessageId),
    index("messages_status_claimed_idx").on(t.status, t.claimedAt),
    // The messages of one provider call, while it may have to be made again (delivery claims).
    index("messages_send_key_idx").on(t.sendKey).where(sql`${t.sendKey} is not null`),
    // Retention: the oldest messages first, whatever their account.
    index("messages_created_idx").on(t.createdAt),
    // The cap on emails anyone can cause: how many went to one address for one purpose lately.
    index("messages_purpose_to_created_idx")
      .on(t.purpose, sql`lower(${t.toAddress})`, t.createdAt)
      .where(sql`${t.purpose} is not null`),
  ],
);
