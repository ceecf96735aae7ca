import { newId, smtpCredentials } from "@edgepost/db";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { generatePassword, generateUsername, hashSmtpPassword } from "./credential-material";
import type { SmtpCredential } from "./smtp-credential-fields";

export const createSmtpCredentialInput = z.strictObject({
  /** What it is for, to recognise it in the list: "Shop backend". */
  name: z.string().trim().min(1).max(100),
});

/**
 * Creates an SMTP relay login for the caller's account: a user name (`ep_…`) and a random password.
 * The password is in this answer only; the platform keeps its SHA-256. It starts active.
 */
export async function createSmtpCredential({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createSmtpCredentialInput>;
}): Promise<SmtpCredential & { password: string }> {
  assertPermission(ctx, "smtp_credentials:manage");
  assertCanWrite(ctx);
  const data = createSmtpCredentialInput.parse(input);
  const now = ctx.now();
  const password = generatePassword();
  const credential: SmtpCredential = {
    id: newId("smtp", now.getTime()),
    name: data.name,
    username: generateUsername(),
    status: "active",
    lastSentAt: null,
    activatedAt: now,
    disabledAt: null,
    deactivatedAt: null,
    createdAt: now,
  };
  await ctx.db.batch([
    ctx.db.insert(smtpCredentials).values({
      ...credential,
      accountId: ctx.principal.accountId,
      passwordHash: await hashSmtpPassword(password),
    }),
    auditEntry(ctx, "smtp_credential.created", credential.id),
  ]);
  return { ...credential, password };
}
