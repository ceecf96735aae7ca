import { customType, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { LIST_STATUSES } from "./lists";

/**
 * A value as `json_extract` returns it from a contact's attributes: text, integer or real (JSON
 * `true`/`false` are 1/0). Declared `blob`, so the column has no affinity and keeps each value as
 * stored: compared with a bound parameter exactly as `json_extract(attributes, …)` would be.
 */
const attributeValue = customType<{ data: string | number; driverData: string | number }>({
  dataType: () => "blob",
});

/*
 * Counts kept by triggers (migration 0008_segment_counts), so that a segment on one list or on one
 * attribute is counted without reading the contacts (ADR 0012). Nothing writes them but the
 * triggers, in the transaction of the write to `contacts` or `list_memberships`; a bucket whose
 * count falls to zero is deleted, so an erased contact's values leave no trace here. The triggers
 * were added by hand to the generated migration (drizzle-kit does not know them): a rebuild of
 * `contacts` or `list_memberships` (drizzle-kit's way to change a column) must create them again.
 */

/** How many of an account's contacts have this (non-null) value under this top-level attribute key. */
export const contactValueCounts = sqliteTable(
  "contact_value_counts",
  {
    accountId: text().notNull(),
    key: text().notNull(),
    value: attributeValue().notNull(),
    contacts: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.key, t.value] })],
);

/** How many contacts are on a list in each status. */
export const listStatusCounts = sqliteTable(
  "list_status_counts",
  {
    accountId: text().notNull(),
    listId: text().notNull(),
    status: text({ enum: LIST_STATUSES }).notNull(),
    contacts: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.listId, t.status] })],
);
