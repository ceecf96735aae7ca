import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const SMTP_CREDENTIAL_STATUSES = ["active", "disabled", "deactivated"] as const;

/**
 * A login for the SMTP relay, for a customer's own applications (SPEC §D). Unused for 30 days it is
 * disabled (the customer reactivates it), for 180 days deactivated for good.
 */
export const smtpCredentials = sqliteTable(
  "smtp_credentials",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    /** The SMTP user name: `ep_` + random, unique across the platform. */
    username: text().notNull(),
    /** SHA-256 of the random password (shown once). */
    passwordHash: text().notNull(),
    status: text({ enum: SMTP_CREDENTIAL_STATUSES }).notNull().default("active"),
    lastSentAt: integer({ mode: "timestamp_ms" }),
    /** When it was last made active (created or reactivated): inactivity counts from the later of this and the last send. */
    activatedAt: integer({ mode: "timestamp_ms" }).notNull(),
    disabledAt: integer({ mode: "timestamp_ms" }),
    deactivatedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("smtp_credentials_username_idx").on(t.username),
    index("smtp_credentials_account_idx").on(t.accountId),
    index("smtp_credentials_status_idx").on(t.status),
  ],
);
