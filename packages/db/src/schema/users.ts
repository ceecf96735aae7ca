import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const USER_ROLES = ["owner", "admin", "editor", "viewer"] as const;

/** A person who signs in. The email is their login, so it is unique across the platform. */
export const users = sqliteTable(
  "users",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    email: text().notNull(),
    name: text(),
    role: text({ enum: USER_ROLES }).notNull(),
    passwordHash: text(),
    emailVerifiedAt: integer({ mode: "timestamp_ms" }),
    lastLoginAt: integer({ mode: "timestamp_ms" }),
    /** A deleted user keeps access until `removeAt`, the end of the billing cycle. */
    deletedAt: integer({ mode: "timestamp_ms" }),
    removeAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [
    index("users_account_idx").on(t.accountId),
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
  ],
);
