import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/**
 * Every outgoing message, written before it is queued. The delivery worker claims a message before
 * sending it, so a queue redelivery never sends it twice, and records the outcome.
 */
export const messages = sqliteTable(
  "messages",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    channel: text({ enum: ["email"] }).notNull(),
    /** `system`: sent by the platform to the account's own people (verification, reset, notices). */
    category: text({ enum: ["system"] }).notNull(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    html: text(),
    status: text({ enum: ["queued", "sending", "sent", "failed"] })
      .notNull()
      .default("queued"),
    attempts: integer().notNull().default(0),
    claimedAt: integer({ mode: "timestamp_ms" }),
    providerMessageId: text(),
    error: text(),
    sentAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("messages_account_created_idx").on(t.accountId, t.createdAt)],
);
