import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Sign-in attempts without success, per email and per IP (`email:…`, `ip:…`), in a fixed 15-minute window. */
export const loginThrottles = sqliteTable("login_throttles", {
  key: text().primaryKey(),
  failures: integer().notNull(),
  windowStartedAt: integer({ mode: "timestamp_ms" }).notNull(),
});
