import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    /** `usr_…`, `key_…`, `operator` or `system`. */
    actor: text().notNull(),
    action: text().notNull(),
    target: text(),
    ip: text(),
    createdAt: integer({ mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [index("audit_log_account_created_idx").on(t.accountId, t.createdAt)],
);
