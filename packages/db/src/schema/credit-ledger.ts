import { sql } from "drizzle-orm";
import { check, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const CREDIT_WALLETS = ["email", "sms"] as const;

export const CREDIT_ENTRY_KINDS = [
  "allowance",
  "allowance_expiry",
  "purchase",
  "consumption",
  "top_up",
  "forfeiture",
  "refund",
  "adjustment",
] as const;

/**
 * Each wallet's append-only ledger. Every entry carries the balance after it (`seq` orders a
 * wallet's entries; the newest is the balance), and the CHECK refuses any entry that would take a
 * wallet below zero, so concurrent debits can never overdraw it: the database is the guard.
 */
export const creditLedger = sqliteTable(
  "credit_ledger",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    wallet: text({ enum: CREDIT_WALLETS }).notNull(),
    seq: integer().notNull(),
    kind: text({ enum: CREDIT_ENTRY_KINDS }).notNull(),
    /** Positive adds credits, negative takes them. */
    amount: integer().notNull(),
    balanceAfter: integer().notNull(),
    /** What it is for: `allowance:2026-11`, a message or batch id, an order; unique per wallet. */
    reference: text(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("credit_ledger_wallet_seq_idx").on(t.accountId, t.wallet, t.seq),
    uniqueIndex("credit_ledger_wallet_reference_idx").on(t.accountId, t.wallet, t.reference),
    check("credit_ledger_balance_not_negative", sql`${t.balanceAfter} >= 0`),
  ],
);
