import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const EXPORT_STATUSES = ["queued", "processing", "completed", "failed"] as const;
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
/** All the account's contacts, one list's, or one segment's. */
export const EXPORT_SOURCES = ["contacts", "list", "segment"] as const;

/**
 * An export of an account's contacts (all, one list's, or one segment's) to a CSV or XLSX file in
 * object storage, streamed by the transfers worker as a multipart upload (one run from start to
 * end: a run cut short starts again, its upload aborted); downloaded through signed, expiring links
 * until `expiresAt`.
 */
export const contactExports = sqliteTable(
  "contact_exports",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    format: text({ enum: EXPORT_FORMATS }).notNull(),
    source: text({ enum: EXPORT_SOURCES }).notNull(),
    /** The list or segment. */
    sourceId: text(),
    status: text({ enum: EXPORT_STATUSES }).notNull(),
    createdBy: text().notNull(),
    fileKey: text().notNull(),
    /** The multipart upload under way: a run that starts again aborts it. */
    uploadId: text(),
    rows: integer().notNull().default(0),
    bytes: integer().notNull().default(0),
    error: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
    finishedAt: integer({ mode: "timestamp_ms" }),
    /** When the file is deleted and the link stops working. */
    expiresAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("contact_exports_account_idx").on(t.accountId, t.id),
    index("contact_exports_expires_idx").on(t.expiresAt),
  ],
);
