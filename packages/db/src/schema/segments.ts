import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/** A saved filter over an account's contacts (attributes, list status, engagement). */
export const segments = sqliteTable(
  "segments",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    /** The filter as the API takes it; compiled to parameterised SQL when used, never stored as SQL. */
    filter: text({ mode: "json" }).$type<unknown>().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("segments_account_name_idx").on(t.accountId, t.name)],
);
