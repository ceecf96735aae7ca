import { smtpCredentials } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { findSmtpCredential } from "./smtp-credential-fields";

/** Deletes a credential of the caller's account, whatever its state: the relay refuses it from then on. */
export async function deleteSmtpCredential({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "smtp_credentials:manage");
  assertCanWrite(ctx);
  const { id } = await findSmtpCredential(ctx, input.id);
  const { accountId } = ctx.principal;
  await ctx.db.batch([
    ctx.db
      .delete(smtpCredentials)
      .where(and(eq(smtpCredentials.accountId, accountId), eq(smtpCredentials.id, id))),
    auditEntry(ctx, "smtp_credential.deleted", id),
  ]);
  return { id };
}
