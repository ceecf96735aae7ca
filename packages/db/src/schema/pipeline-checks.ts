import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const PIPELINE_CHECK_STATUSES = ["queued", "delivered"] as const;

/**
 * A synthetic message sent by an account through the delivery queue and back, to prove the
 * pipeline (API → queue → delivery worker → database) works end to end.
 */
export const pipelineChecks = sqliteTable(
  "pipeline_checks",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    status: text({ enum: PIPELINE_CHECK_STATUSES }).notNull().default("queued"),
    deliveredAt: integer({ mode: "timestamp_ms" }),
    attempts: integer().notNull().default(0),
    createdAt: integer({ mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [index("pipeline_checks_account_created_idx").on(t.accountId, t.createdAt)],
);
