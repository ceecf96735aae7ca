import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const SUPPRESSION_REASONS = ["hard_bounce", "complaint", "unsubscribe", "manual"] as const;

/** Addresses an account never mails again (SPEC §C): hard bounces, complaints, unsubscribes. */
export const suppressions = sqliteTable(
  "suppressions",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    /** Lower-cased. */
    email: text().notNull(),
    reason: text({ enum: SUPPRESSION_REASONS }).notNull(),
    /** The message whose event added it, or `api` / the user who did. */
    source: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("suppressions_account_email_idx").on(t.accountId, t.email),
    index("suppressions_account_created_idx").on(t.accountId, t.createdAt),
    index("suppressions_reason_created_idx").on(t.reason, t.createdAt),
  ],
);
