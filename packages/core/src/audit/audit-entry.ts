import { auditLog, newId } from "@edgepost/db";
import { sql } from "drizzle-orm";
import type { AccountCtx } from "../context";

/** The audit-log insert of an action by the caller, to run in the batch that does the action. */
export function auditEntry(ctx: AccountCtx, action: string, target: string) {
  return ctx.db.insert(auditLog).values({
    id: newId("aud"),
    accountId: ctx.principal.accountId,
    actor: ctx.principal.actor,
    action,
    target,
    createdAt: ctx.now(),
  });
}

/**
 * The same entry, written only if the batch's statement just before it changed a row (`changes()`
 * is that statement's count): an action whose guard found nothing to do leaves no entry.
 */
export function auditEntryIfChanged(ctx: AccountCtx, action: string, target: string) {
  return ctx.db.run(sql`insert into ${auditLog} (id, account_id, actor, action, target, created_at)
    select ${newId("aud")}, ${ctx.principal.accountId}, ${ctx.principal.actor}, ${action}, ${target},
      ${ctx.now().getTime()} where changes() > 0`);
}
