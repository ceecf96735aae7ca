import { idSchema, smtpCredentials } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

export const smtpCredentialId = idSchema("smtp");

/** A credential as the API shows it: never its password nor the password's hash. */
export const smtpCredentialColumns = {
  id: smtpCredentials.id,
  name: smtpCredentials.name,
  username: smtpCredentials.username,
  status: smtpCredentials.status,
  lastSentAt: smtpCredentials.lastSentAt,
  activatedAt: smtpCredentials.activatedAt,
  disabledAt: smtpCredentials.disabledAt,
  deactivatedAt: smtpCredentials.deactivatedAt,
  createdAt: smtpCredentials.createdAt,
};

export type SmtpCredential = {
  id: string;
  name: string;
  username: string;
  status: "active" | "disabled" | "deactivated";
  lastSentAt: Date | null;
  activatedAt: Date;
  disabledAt: Date | null;
  deactivatedAt: Date | null;
  createdAt: Date;
};

/** One credential of the caller's account, or `not_found`: another account's is not found either. */
export async function findSmtpCredential(ctx: AccountCtx, id: string): Promise<SmtpCredential> {
  const [credential] = await ctx.db
    .select(smtpCredentialColumns)
    .from(smtpCredentials)
    .where(
      and(
        eq(smtpCredentials.accountId, ctx.principal.accountId),
        eq(smtpCredentials.id, smtpCredentialId.parse(id)),
      ),
    );
  if (!credential) throw new NotFound("SMTP credential");
  return credential;
}
