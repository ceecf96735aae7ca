import type { AccountCtx } from "../context";
import { DomainError } from "../errors";

/** A suspended account may read its data but not send or change anything (SPEC §A). */
export function assertCanWrite(ctx: AccountCtx): void {
  if (ctx.principal.accountStatus === "suspended") {
    throw new DomainError("account_suspended", "This account is suspended: sending and changes are refused.");
  }
}
