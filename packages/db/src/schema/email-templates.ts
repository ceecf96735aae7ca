import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/** A stored email an account sends with merge variables (Liquid syntax, HTML output escaped). */
export const emailTemplates = sqliteTable(
  "email_templates",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    subject: text().notNull(),
    html: text(),
    text: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("email_templates_account_name_idx").on(t.accountId, t.name)],
);
