import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/**
 * The operator's value for a retention or inactivity period (ISO 8601 duration: `P5Y`, `P6M`,
 * `P30D`), replacing the published default; absent means the default applies.
 */
export const retentionSettings = sqliteTable("retention_settings", {
  rule: text().primaryKey(),
  period: text().notNull(),
  updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
});

/** A period the operator shortened for one account (never longer than the published default). */
export const accountRetention = sqliteTable(
  "account_retention",
  {
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    rule: text().notNull(),
    period: text().notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.rule] })],
);
