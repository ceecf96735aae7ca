import { smtpCredentials } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { smtpCredentialColumns, smtpCredentialId } from "./smtp-credential-fields";

export const listSmtpCredentialsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: smtpCredentialId.optional(),
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
      and(
        eq(smtpCredentials.accountId, ctx.principal.accountId),
        cursor ? lt(smtpCredentials.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(smtpCredentials.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
