import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const CONSENT_ACTIONS = ["subscribed", "confirmed", "unsubscribed", "restricted", "erased"] as const;
/** `campaign`: an unsubscribe link or preference centre of a campaign message (`sourceRef` its id). */
export const CONSENT_SOURCES = ["form", "api", "import", "manual", "campaign"] as const;

/**
 * The consent ledger (SPEC §C, §I): append-only, one entry per subscription event, with how it
 * came (form and its version, API key, import batch, a user), from where (IP, user agent), the exact
 * consent text shown and, for double opt-in, when it was confirmed. Erasing a contact keeps its
 * entries as tombstones: action, time and source stay; address, IP, user agent and text go.
 */
export const consentEvents = sqliteTable(
  "consent_events",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    /** No foreign key: the entry outlives an erased contact. */
    contactId: text().notNull(),
    listId: text(),
    action: text({ enum: CONSENT_ACTIONS }).notNull(),
    source: text({ enum: CONSENT_SOURCES }).notNull(),
    /** `frm_…@3` (form and version), `key_…`, `imp_…`, `usr_…`. */
    sourceRef: text(),
    /** The address or number the consent was for, as given then. */
    email: text(),
    phone: text(),
    ip: text(),
    userAgent: text(),
    consentText: text(),
    confirmedAt: integer({ mode: "timestamp_ms" }),
    occurredAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    index("consent_events_contact_idx").on(t.accountId, t.contactId, t.occurredAt),
    index("consent_events_account_idx").on(t.accountId, t.occurredAt),
  ],
);
