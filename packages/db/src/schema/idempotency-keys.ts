import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/**
 * The first answer to a POST made with an `Idempotency-Key`, written in the same transaction as
 * what it created: the same key and body get it back; another body with the same key is refused.
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    key: text().notNull(),
    /** `POST /v1/emails` …: a key is bound to one operation. */
    operation: text().notNull(),
    /** SHA-256 of the canonical request body. */
    requestHash: text().notNull(),
    responseStatus: integer().notNull(),
    responseBody: text().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.key] }),
    index("idempotency_keys_expires_idx").on(t.expiresAt),
  ],
);
