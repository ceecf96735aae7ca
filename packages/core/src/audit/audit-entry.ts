import { auditLog, newId } from "@edgepost/db";
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
