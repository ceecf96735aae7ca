import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/**
 * Someone an account may write to: an email address and/or a phone number (E.164), and values for
 * the account's own fields. One contact per address and per number in an account.
 */
export const contacts = sqliteTable(
  "contacts",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    /** Lower-cased. */
    email: text(),
    /** E.164, e.g. `+41791234567`. */
    phone: text(),
    /** The account's fields (`contact_fields`) by key, each of its declared type. */
    attributes: text({ mode: "json" })
      .$type<Record<string, string | number | boolean | null>>()
      .notNull()
      .default({}),
    /** The import that last wrote it, and from which row: a later row of that file with the same address is a duplicate. */
    importId: text(),
    importRow: integer(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("contacts_account_email_idx").on(t.accountId, t.email).where(sql`${t.email} is not null`),
    uniqueIndex("contacts_account_phone_idx").on(t.accountId, t.phone).where(sql`${t.phone} is not null`),
    index("contacts_account_id_idx").on(t.accountId, t.id),
  ],
);

export const CONTACT_FIELD_TYPES = ["text", "number", "boolean", "date"] as const;

/** A custom field an account defines for its contacts: its key, label and type. */
export const contactFields = sqliteTable(
  "contact_fields",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    /** `first_name`: letters, digits and `_`, used in attributes, segments and templates. */
    key: text().notNull(),
    label: text().notNull(),
    type: text({ enum: CONTACT_FIELD_TYPES }).notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("contact_fields_account_key_idx").on(t.accountId, t.key)],
);
