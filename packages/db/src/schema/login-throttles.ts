import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Failed sign-ins counted per email and per IP (`email:…`, `ip:…`) in a sliding window. */
export const loginThrottles = sqliteTable("login_throttles", {
  key: text().primaryKey(),
  failures: integer().notNull(),
  windowStartedAt: integer({ mode: "timestamp_ms" }).notNull(),
  lockedUntil: integer({ mode: "timestamp_ms" }),
});
