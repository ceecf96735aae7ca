import { newId, smtpCredentials } from "@edgepost/db";
import { and, eq, gt, sql } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";
import { DomainError } from "../errors";
import { cutoffs } from "../retention/retention-periods";
import { findSmtpCredential, type SmtpCredential, smtpCredentialColumns } from "./smtp-credential-fields";

/**
 * Makes a credential that was disabled for 30 days without a send usable again (SPEC §D): active,
 * its inactivity counted afresh from now. An active one is left as it is; a deactivated one (180
 * days without a send) is gone for good: `conflict`, create a new one. So is a disabled one already
 * idle that long, which the job has not yet got to.
 */
export async function reactivateSmtpCredential({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string };
}): Promise<SmtpCredential> {
  assertPermission(ctx, "smtp_credentials:manage");
  assertCanWrite(ctx);
  const credential = await findSmtpCredential(ctx, input.id);
  if (credential.status === "active") return credential;
  assertNotDeactivated(credential);
  const { accountId, actor } = ctx.principal;
  const now = ctx.now();
  const deactivation = (await cutoffs(ctx, "smtp-credential-deactivate", now)).of(accountId);
  if (idleSince(credential) <= deactivation.getTime()) throw deactivated();
  const [reactivated] = await ctx.db.batch([
    ctx.db
      .update(smtpCredentials)
      .set({ status: "active", activatedAt: now, disabledAt: null })
      .where(
        and(
          eq(smtpCredentials.accountId, accountId),
          eq(smtpCredentials.id, credential.id),
          eq(smtpCredentials.status, "disabled"),
          // A send recorded meanwhile only moves this later.
          gt(
            sql`max(coalesce(${smtpCredentials.lastSentAt}, 0), ${smtpCredentials.activatedAt})`,
            deactivation.getTime(),
          ),
        ),
      )
      .returning(smtpCredentialColumns),
    // Only if it was reactivated here: a lost race (the job deactivated it meanwhile) records nothing.
    ctx.db.run(sql`
      insert into audit_log (id, account_id, actor, action, target, created_at)
      select ${newId("aud", now.getTime())}, ${accountId}, ${actor}, 'smtp_credential.reactivated',
             ${credential.id}, ${now.getTime()}
      where changes() > 0`),
  ]);
  if (reactivated[0]) return reactivated[0];
  // Changed since it was read: reactivated by another request, or deactivated meanwhile.
  const current = await findSmtpCredential(ctx, credential.id);
  if (current.status !== "active") throw deactivated();
  return current;
}

const idleSince = (credential: SmtpCredential) =>
  Math.max(credential.lastSentAt?.getTime() ?? 0, credential.activatedAt.getTime());

const deactivated = () =>
  new DomainError(
    "conflict",
    "This SMTP credential is deactivated after 180 days without a send and cannot be reactivated: create a new one.",
  );

function assertNotDeactivated(credential: SmtpCredential): void {
  if (credential.status === "deactivated") throw deactivated();
}
