import { newId } from "@edgepost/db";
import { type SQL, sql } from "drizzle-orm";
import { constraintViolation, uniqueViolationOn } from "../constraint-failure";
import type { Ctx } from "../context";

export type Wallet = "email" | "sms";

export interface CreditLedgerEntry {
  accountId: string;
  wallet: Wallet;
  kind: "allowance" | "purchase" | "consumption" | "top_up" | "forfeiture" | "refund" | "adjustment";
  /** Positive adds credits, negative takes them; SQL for an amount known only in the batch (`-changes()`). */
  amount: number | SQL;
  /** Unique per wallet: the same reference is never booked twice. */
  reference: string;
  at: Date;
  /** Written only if the batch's statement just before it changed rows (`changes() > 0`). */
  onlyIfChanged?: boolean;
}

/**
 * One ledger entry as a single statement for the caller's batch: it reads the wallet's newest entry
 * and writes the next one with the new balance in the same statement, so no other write can come
 * between. A debit that would take the balance below zero fails the table's CHECK and, with it, the
 * whole batch: see {@link isOverdraw}.
 */
export function ledgerEntry(ctx: Ctx, entry: CreditLedgerEntry) {
  return ctx.db.run(sql`
    insert into credit_ledger (id, account_id, wallet, seq, kind, amount, balance_after, reference, created_at)
    select ${newId("crd", entry.at.getTime())}, ${entry.accountId}, ${entry.wallet},
           coalesce(last.seq, 0) + 1, ${entry.kind}, ${entry.amount},
           coalesce(last.balance_after, 0) + ${entry.amount}, ${entry.reference}, ${entry.at.getTime()}
    from (select 1) left join (
      select seq, balance_after from credit_ledger
      where account_id = ${entry.accountId} and wallet = ${entry.wallet}
      order by seq desc limit 1
    ) as last
    ${entry.onlyIfChanged ? sql`where changes() > 0` : sql``}`);
}

/** Whether a failed write failed because a debit would have overdrawn a wallet. */
export function isOverdraw(error: unknown): boolean {
  const violation = constraintViolation(error);
  return violation?.kind === "check" && violation.on === "credit_ledger_balance_not_negative";
}

/** Whether a failed write failed because the entry's reference was already booked. */
export function isDuplicateReference(error: unknown): boolean {
  return uniqueViolationOn(error, "credit_ledger")?.includes("reference") ?? false;
}
