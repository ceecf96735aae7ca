import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** One row per message that reached a dead-letter queue. */
export const deliveryFailures = sqliteTable(
  "delivery_failures",
  {
    id: text().primaryKey(),
    queue: text().notNull(),
    /** The queue's own message id: recording the same dead letter twice is a no-op. */
    messageId: text().notNull().unique(),
    accountId: text(),
    kind: text().notNull(),
    body: text({ mode: "json" }).notNull(),
    attempts: integer().notNull(),
    createdAt: integer({ mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [index("delivery_failures_account_idx").on(t.accountId, t.createdAt)],
);
