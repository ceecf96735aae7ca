import { idSchema, newId } from "@edgepost/db";
import { sql } from "drizzle-orm";
import { uniqueViolationOn } from "../constraint-failure";
import type { AccountCtx } from "../context";
import { DomainError } from "../errors";

export const contactId = idSchema("con");
export const contactFieldId = idSchema("fld");
export const listId = idSchema("lst");

/** Whether a write failed on a unique index of this table, and on which of its columns. */
export function uniqueViolation(error: unknown, table: string): string | undefined {
  const columns = uniqueViolationOn(error, table);
  return columns && (columns[1] ?? "id");
}

/** A 409; with `field`, it is named in `errors` as a 400 would name it. */
export const conflict = (message: string, field?: string) =>
  new DomainError("conflict", message, undefined, field ? [{ path: field, message: "is taken" }] : undefined);

/** How a change came: an API key (`key_…`) or a signed-in user (`usr_…`). */
export function sourceOf(ctx: AccountCtx): { source: "api" | "manual"; sourceRef: string } {
  const { actor } = ctx.principal;
  return { source: actor.startsWith("key_") ? "api" : "manual", sourceRef: actor };
}

export interface ConsentLedgerEntry {
  contactId: string;
  listId: string;
  action: "subscribed" | "confirmed" | "unsubscribed";
  email: string | null;
  phone: string | null;
  ip?: string | null | undefined;
  userAgent?: string | null | undefined;
  consentText?: string | null | undefined;
  confirmedAt?: Date | null | undefined;
}

/**
 * The consent-ledger insert of a membership change, to run in the batch right after the statement
 * that makes the change: it is written only if that statement changed a row (`changes()`), so a
 * change lost to a concurrent request leaves no entry, and no change goes without one.
 */
export function ledgerEntryIfChanged(ctx: AccountCtx, entry: ConsentLedgerEntry) {
  const now = ctx.now();
  const { source, sourceRef } = sourceOf(ctx);
  return ctx.db.run(sql`insert into consent_events
    (id, account_id, contact_id, list_id, action, source, source_ref, email, phone, ip, user_agent,
     consent_text, confirmed_at, occurred_at)
    select ${newId("cns", now.getTime())}, ${ctx.principal.accountId}, ${entry.contactId}, ${entry.listId},
      ${entry.action}, ${source}, ${sourceRef}, ${entry.email}, ${entry.phone}, ${entry.ip ?? null},
      ${entry.userAgent ?? null}, ${entry.consentText ?? null}, ${entry.confirmedAt?.getTime() ?? null},
      ${now.getTime()}
    where changes() > 0`);
}

/** `LIKE` pattern of a prefix, its wildcards escaped (with `escape '\'`). */
export const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
