import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { messages } from "./messages";

export const MESSAGE_EVENT_TYPES = [
  "queued",
  "sent",
  "delivered",
  "soft_bounced",
  "bounced",
  "complained",
  "failed",
  "suppressed",
  // Recorded by tracking (signed open pixel and click links) once it exists (SPEC §G).
  "opened",
  "clicked",
] as const;

export type MessageEventType = (typeof MESSAGE_EVENT_TYPES)[number];

/** What happened to a message, in order: ours (queued, sent, failed) and the provider's (webhooks). */
export const messageEvents = sqliteTable(
  "message_events",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    messageId: text()
      .notNull()
      .references(() => messages.id),
    type: text({ enum: MESSAGE_EVENT_TYPES }).notNull(),
    /** The recipient it concerns, for per-recipient events (a bounce, a suppressed address). */
    recipient: text(),
    detail: text(),
    /** The provider's id for the event, so a webhook delivered twice is recorded once. */
    providerEventId: text(),
    occurredAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("message_events_message_idx").on(t.messageId, t.occurredAt),
    index("message_events_account_idx").on(t.accountId, t.occurredAt),
    // Retention of bounce records: by kind, oldest first.
    index("message_events_type_occurred_idx").on(t.type, t.occurredAt),
    uniqueIndex("message_events_provider_event_idx").on(t.messageId, t.providerEventId),
  ],
);
