import { smtpCredentials } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { smtpCredentialColumns } from "./smtp-credential-fields";

export const listSmtpCredentialsInput = z.object({
  ...pageInput("smtp", { max: 100, byDefault: 50, reportAs: "id" }),
});

/** The account's SMTP credentials, newest first, a page at a time; never a password or its hash. */
export async function listSmtpCredentials({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listSmtpCredentialsInput>;
}) {
  assertPermission(ctx, "smtp_credentials:read");
  const { limit, cursor } = listSmtpCredentialsInput.parse(input);
  const rows = await ctx.db
    .select(smtpCredentialColumns)
    .from(smtpCredentials)
    .where(
      and(eq(smtpCredentials.accountId, ctx.principal.accountId), pastCursor(smtpCredentials.id, cursor)),
    )
    .orderBy(desc(smtpCredentials.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
