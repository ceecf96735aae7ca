import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { API_ACCESS_LEVELS, accounts } from "./accounts";

export const API_KEY_ENVIRONMENTS = ["live", "test"] as const;

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    /** The visible start of the key (`ep_live_ab12`), to recognise it in lists. */
    start: text().notNull(),
    /** SHA-256 of the whole key, hex. The key itself is never stored. */
    hash: text().notNull(),
    environment: text({ enum: API_KEY_ENVIRONMENTS }).notNull(),
    scopes: text({ mode: "json" }).$type<string[]>().notNull(),
    /** The operator may restrict (lower rate limit) or block a key that overloads the service. */
    access: text({ enum: API_ACCESS_LEVELS }).notNull().default("standard"),
    /** `usr_…` who made it. */
    createdBy: text(),
    expiresAt: integer({ mode: "timestamp_ms" }),
    revokedAt: integer({ mode: "timestamp_ms" }),
    lastUsedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [index("api_keys_account_idx").on(t.accountId), uniqueIndex("api_keys_hash_unique").on(t.hash)],
);
