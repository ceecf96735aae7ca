import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import type { MessageEventType } from "./message-events";

/**
 * Where an account wants its message events POSTed. The signing secret is not stored: it is derived
 * from the platform's signing key, the endpoint id and `secretVersion` (rotation bumps it).
 */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    url: text().notNull(),
    events: text({ mode: "json" }).$type<MessageEventType[]>().notNull(),
    secretVersion: integer().notNull().default(1),
    enabled: integer({ mode: "boolean" }).notNull().default(true),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("webhook_endpoints_account_idx").on(t.accountId)],
);
