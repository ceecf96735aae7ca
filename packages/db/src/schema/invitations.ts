import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import type { USER_ROLES } from "./users";

/** The roles a user can be invited with: every one but the owner's. */
export const INVITATION_ROLES = [
  "admin",
  "editor",
  "viewer",
] as const satisfies readonly (typeof USER_ROLES)[number][];

/** An invitation by email to join an account with a role; accepted once through a signed link. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    email: text().notNull(),
    role: text({ enum: INVITATION_ROLES }).notNull(),
    invitedBy: text().notNull(),
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer({ mode: "timestamp_ms" }),
    revokedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("invitations_account_idx").on(t.accountId, t.createdAt)],
);
