import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { users } from "./users";

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, as the id. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    ip: text(),
    userAgent: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("sessions_account_user_idx").on(t.accountId, t.userId),
    index("sessions_expires_idx").on(t.expiresAt),
  ],
);
