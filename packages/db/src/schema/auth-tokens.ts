import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { users } from "./users";

/** The single-use record behind a signed link (email verification, password reset). */
export const authTokens = sqliteTable(
  "auth_tokens",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    purpose: text({ enum: ["verify_email", "reset_password"] }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    usedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("auth_tokens_user_idx").on(t.accountId, t.userId),
    index("auth_tokens_expires_idx").on(t.expiresAt),
  ],
);
