import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const IMPORT_STATUSES = ["awaiting_upload", "queued", "processing", "completed", "failed"] as const;

/** Where an import's contacts consented. The last three are refused (SPEC §C): never imported. */
export const CONSENT_ORIGINS = [
  "signup_form",
  "customers",
  "event",
  "in_person",
  "other",
  "purchased",
  "rented",
  "third_party",
] as const;

/** What an import does with a contact that exists already. */
export const IMPORT_ON_EXISTING = ["update", "skip"] as const;
export const IMPORT_FORMATS = ["csv", "xlsx", "xls"] as const;

/** What an import does with its columns and rows, as asked for when it was created. */
export interface ImportSettings {
  /** File column (header text) → `email`, `phone` or `attributes.<key>`. */
  columns: Record<string, string>;
  delimiter?: string;
  defaultCountry?: string;
  /** A list the contacts are subscribed to. */
  listId?: string;
  /** An address or number the account already has: its attributes updated, or the row skipped. */
  onExisting: (typeof IMPORT_ON_EXISTING)[number];
}

/**
 * A file of contacts an account imports: uploaded to object storage, then read by the transfers
 * worker in chunks of rows, each chunk written all at once together with its `contact_import_chunks`
 * entry. `cursor` is where the reader resumes; the counts add up the chunks.
 */
export const contactImports = sqliteTable(
  "contact_imports",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    format: text({ enum: IMPORT_FORMATS }).notNull(),
    status: text({ enum: IMPORT_STATUSES }).notNull(),
    settings: text({ mode: "json" }).$type<ImportSettings>().notNull(),
    /** The mandatory declaration of where the consent came from; it is the ledger's source. */
    consentOrigin: text({ enum: CONSENT_ORIGINS }).notNull(),
    consentDescription: text().notNull(),
    /** The consent text the contacts were shown, if the account has it. */
    consentText: text(),
    /** `key_…` or `usr_…`: who created it. */
    createdBy: text().notNull(),
    /** The uploaded file in object storage; deleted once the import is finished. */
    fileKey: text().notNull(),
    fileName: text(),
    fileSize: integer(),
    /** The file's first row, and the column each of its cells goes to. */
    header: text({ mode: "json" }).$type<string[]>(),
    cursor: text(),
    chunks: integer().notNull().default(0),
    progress: real().notNull().default(0),
    rowsRead: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    skipped: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    /** Why the whole import failed (an unreadable file); row errors are in the chunks. */
    error: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
    finishedAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [
    index("contact_imports_account_idx").on(t.accountId, t.id),
    index("contact_imports_open_idx").on(t.status).where(sql`${t.status} in ('queued', 'processing')`),
  ],
);

/** One row of an import that was not imported, and why. */
export interface ImportRowError {
  row: number;
  /** The column named by its header, when one cell is at fault. */
  column?: string;
  value?: string;
  message: string;
}

/**
 * One chunk of an import, written in the same transaction as its contacts: the primary key makes a
 * chunk that is read again (a redelivered queue message, a consumer that died) fail as a whole
 * instead of counting twice. It keeps that chunk's row errors for the error report.
 */
export const contactImportChunks = sqliteTable(
  "contact_import_chunks",
  {
    importId: text()
      .notNull()
      .references(() => contactImports.id),
    seq: integer().notNull(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    firstRow: integer().notNull(),
    lastRow: integer().notNull(),
    errors: text({ mode: "json" }).$type<ImportRowError[]>().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);
