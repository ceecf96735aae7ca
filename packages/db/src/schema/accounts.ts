import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const CURRENCIES = ["CHF", "EUR", "USD"] as const;
/** `ch`: Swiss VAT; `eu`: EU/EEA (reverse charge for businesses); `export`: outside both, no VAT. */
export const VAT_CATEGORIES = ["ch", "eu", "export"] as const;
export const PLANS = ["free", "subscription"] as const;
/** What the operator allows an account, or one API key, of the API. */
export const API_ACCESS_LEVELS = ["standard", "restricted", "blocked"] as const;
export const ACCOUNT_STATUSES = ["active", "suspended", "closed", "deactivated"] as const;

export const accounts = sqliteTable(
  "accounts",
  {
    id: text().primaryKey(),
    /** Company name. */
    name: text().notNull(),
    street: text().notNull(),
    postcode: text().notNull(),
    city: text().notNull(),
    /** ISO 3166-1 alpha-2; sets currency and VAT category. */
    country: text().notNull(),
    industry: text().notNull(),
    currency: text({ enum: CURRENCIES }).notNull(),
    vatCategory: text({ enum: VAT_CATEGORIES }).notNull(),
    plan: text({ enum: PLANS }).notNull().default("free"),
    billingInterval: text({ enum: ["monthly", "yearly"] })
      .notNull()
      .default("monthly"),
    /** Billing cycles start on this date's day, every month or year. */
    cycleAnchorAt: integer({ mode: "timestamp_ms" }).notNull(),
    extraSeats: integer().notNull().default(0),
    /** The operator may restrict (lower rate limit) or block the API use of a whole account. */
    apiAccess: text({ enum: API_ACCESS_LEVELS }).notNull().default("standard"),
    status: text({ enum: ACCOUNT_STATUSES }).notNull().default("active"),
    /** When the sign-up confirmed "professional use, 18 or older". */
    professionalUseConfirmedAt: integer({ mode: "timestamp_ms" }).notNull(),
    suspendedAt: integer({ mode: "timestamp_ms" }),
    suspensionReason: text(),
    closedAt: integer({ mode: "timestamp_ms" }),
    /** Closed accounts: when their personal data is purged (45 days after closing). */
    purgeAfter: integer({ mode: "timestamp_ms" }),
    /** When it was: the row stays as the billing record. */
    purgedAt: integer({ mode: "timestamp_ms" }),
    lastLoginAt: integer({ mode: "timestamp_ms" }),
    lastBillingAt: integer({ mode: "timestamp_ms" }),
    /** When the owner was warned that the account will be deactivated for inactivity (SPEC §H). */
    inactivityWarnedAt: integer({ mode: "timestamp_ms" }),
    /** When it was deactivated for inactivity: prepaid credits forfeited, data deleted. */
    deactivatedAt: integer({ mode: "timestamp_ms" }),
    /** Messages an hour its campaigns may go out at; null: the plan's rate. The operator may change it. */
    sendRatePerHour: integer(),
    /** Pacing: when the account's next campaign message may go out at its rate. */
    nextSendAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" })
      .notNull()
      .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    updatedAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [index("accounts_status_idx").on(t.status)],
);
