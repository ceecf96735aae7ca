import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { contacts } from "./contacts";

export const LIST_STATUSES = ["unconfirmed", "subscribed", "unsubscribed", "bounced", "complained"] as const;
export type ListStatus = (typeof LIST_STATUSES)[number];

/** A list of contacts an account sends to. */
export const lists = sqliteTable(
  "lists",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    name: text().notNull(),
    /** Subscriptions must be confirmed by the contact (double opt-in) before they count as subscribed. */
    doubleOptIn: integer({ mode: "boolean" }).notNull().default(true),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("lists_account_name_idx").on(t.accountId, t.name)],
);

/** A contact's status on one list (SPEC §C). Every change is also a `consent_events` entry. */
export const listMemberships = sqliteTable(
  "list_memberships",
  {
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    listId: text()
      .notNull()
      .references(() => lists.id),
    contactId: text()
      .notNull()
      .references(() => contacts.id),
    status: text({ enum: LIST_STATUSES }).notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.listId, t.contactId] }),
    index("list_memberships_contact_idx").on(t.contactId),
    index("list_memberships_list_status_idx").on(t.listId, t.status),
  ],
);
