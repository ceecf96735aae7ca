import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const accounts = sqliteTable(
  "accounts",
  {
    id: text().primaryKey(),
    name: text().notNull(),
    status: text({ enum: ["active", "suspended", "closed", "deactivated"] })
      .notNull()
      .default("active"),
    country: text().notNull(),
    currency: text({ enum: ["CHF", "EUR", "USD"] }).notNull(),
    lastLoginAt: integer({ mode: "timestamp_ms" }),
    lastBillingAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [index("accounts_status_idx").on(t.status)],
);
